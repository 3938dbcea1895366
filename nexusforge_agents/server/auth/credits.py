"""Credits: a build is paid for before it starts and refunded when it fails through no fault of the user.

A charge is *held* while its build runs. When the build ends the settler makes it *settled* (completed, cancelled
by its owner, or failed because of what the user asked: bad input, their own cost cap) or *refunded* (any other
failure: a model outage, a crash, a failed deployment). Settling reads the builds table, so it also catches
builds that ended while the server was down. The gate that takes the charge is ``gate.py``.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ...builds.db import BuildRow
from ...config import MODEL_AGENTS, BuildConfig, Settings
from ...errors import InsufficientCreditsError
from .models import CreditCharge, User, utcnow
from .settings import AuthSettings

log = logging.getLogger(__name__)

USER_FAULT_CODES = frozenset({"INVALID_INPUT", "BUILD_CANCELLED"})
UNATTACHED_GRACE = timedelta(minutes=5)  # a charge whose build never got an id (crash mid-request) is refunded


def build_cost(config: BuildConfig, settings: AuthSettings, library: Settings) -> int:
    """Credits for a build: offline-only builds cost ``credits_per_offline_build``."""
    models = [config.model_for(agent, library) for agent in MODEL_AGENTS]
    offline = all(model.split(":", 1)[0] == "offline" for model in models)
    return settings.credits_per_offline_build if offline else settings.credits_per_build


def is_users_fault(error: dict[str, Any] | None) -> bool:
    if not error:
        return False
    details = error.get("details") or {}
    return error.get("error_code") in USER_FAULT_CODES or "max_cost_usd" in details


async def balance(db: AsyncSession, user_id: str) -> int:
    return int(await db.scalar(select(User.credits).where(User.id == user_id)) or 0)


async def charge(sessionmaker: async_sessionmaker[AsyncSession], user_id: str, amount: int) -> str | None:
    """Take ``amount`` credits now, atomically, or raise 402. Returns the charge id (None when free)."""
    if amount <= 0:
        return None
    async with sessionmaker() as db:
        taken = await db.execute(
            update(User).where(User.id == user_id, User.credits >= amount).values(credits=User.credits - amount)
        )
        if taken.rowcount != 1:  # type: ignore[attr-defined]
            have = await balance(db, user_id)
            raise InsufficientCreditsError(
                f"This build costs {amount} credits and the account has {have}. Upgrade plan or purchase credits.",
                details={"required": amount, "balance": have},
            )
        row = CreditCharge(user_id=user_id, amount=amount, state="held")
        db.add(row)
        await db.commit()
        return row.id


async def attach(sessionmaker: async_sessionmaker[AsyncSession], charge_id: str, session_id: str) -> None:
    async with sessionmaker() as db:
        await db.execute(update(CreditCharge).where(CreditCharge.id == charge_id).values(session_id=session_id))
        await db.commit()


async def refund(db: AsyncSession, charge_id: str, reason: str) -> bool:
    """Give a held charge back, exactly once (the state change is the guard)."""
    row = await db.get(CreditCharge, charge_id)
    if row is None:
        return False
    done = await db.execute(
        update(CreditCharge)
        .where(CreditCharge.id == charge_id, CreditCharge.state == "held")
        .values(state="refunded", reason=reason, settled_at=utcnow())
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        return False
    await db.execute(update(User).where(User.id == row.user_id).values(credits=User.credits + row.amount))
    return True


async def refund_now(sessionmaker: async_sessionmaker[AsyncSession], charge_id: str, reason: str) -> None:
    async with sessionmaker() as db:
        await refund(db, charge_id, reason)
        await db.commit()


async def settle_finished(sessionmaker: async_sessionmaker[AsyncSession]) -> int:
    """Settle or refund every held charge whose build has ended; returns how many changed."""
    changed = 0
    async with sessionmaker() as db:
        rows = (
            await db.execute(
                select(CreditCharge, BuildRow.status, BuildRow.error)
                .outerjoin(BuildRow, BuildRow.session_id == CreditCharge.session_id)
                .where(CreditCharge.state == "held")
            )
        ).all()
        now = utcnow()
        for held, status, error in rows:
            if status is None:
                # never attached: the process stopped between charging and starting the build
                if held.session_id is None and now - held.created_at > UNATTACHED_GRACE:
                    changed += await refund(db, held.id, "build_not_started")
                # attached but the row is gone: its owner deleted the build, which is settled below
                if held.session_id is None:
                    continue
            if status == "failed" and not is_users_fault(error):
                changed += await refund(db, held.id, f"build_failed:{(error or {}).get('error_code', 'unknown')}")
            elif status in (None, "completed", "cancelled", "failed"):
                done = await db.execute(
                    update(CreditCharge)
                    .where(CreditCharge.id == held.id, CreditCharge.state == "held")
                    .values(state="settled", reason=status or "deleted", settled_at=now)
                )
                changed += done.rowcount  # type: ignore[attr-defined]
        await db.commit()
    return changed


async def run_settler(sessionmaker: async_sessionmaker[AsyncSession], interval_s: float) -> None:
    """Background task: settle finished builds' charges every ``interval_s`` until cancelled."""
    while True:
        try:
            await settle_finished(sessionmaker)
        except Exception:  # keep settling; a database hiccup must not end the task
            log.exception("settling credit charges failed")
        await asyncio.sleep(interval_s)
