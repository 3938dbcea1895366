"""Credits: a build is paid for before it starts and refunded when it fails through no fault of the user.

A charge is *held* while its build runs. When the build ends the settler makes it *settled* (completed, cancelled
by its owner, or failed because of what the user asked: bad input, their own cost cap) or *refunded* (any other
failure: a model outage, a crash, a failed deployment). Settling reads the builds table, so it also catches
builds that ended while the server was down.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import HTTPConnection

from ...builds.db import BuildRow
from ...config import MODEL_AGENTS, BuildConfig, Settings
from ...errors import InsufficientCreditsError
from .models import CreditCharge, User, utcnow
from .principal import Principal
from .settings import AuthSettings

if TYPE_CHECKING:
    from .state import AuthState

log = logging.getLogger(__name__)

USER_FAULT_CODES = frozenset({"INVALID_INPUT", "BUILD_CANCELLED"})
UNATTACHED_GRACE = timedelta(minutes=5)  # a charge whose build never got an id (crash mid-request) is refunded


def build_cost(config: BuildConfig, settings: AuthSettings, library: Settings) -> int:
    """Credits for a build: offline-only builds cost ``credits_per_offline_build``."""
    models = [config.model_for(agent, library) for agent in MODEL_AGENTS]
    offline = all(model.split(":", 1)[0] == "offline" for model in models)
    return settings.credits_per_offline_build if offline else settings.credits_per_build


@dataclass
class Admission:
    """A valid build request let through the gate; the route sets ``session_id`` once the build has started."""

    session_id: str | None = None


BuildGate = Callable[[BuildConfig], contextlib.AbstractAsyncContextManager[Admission]]


def build_gate(conn: HTTPConnection) -> BuildGate:
    """Route dependency of every route that starts a build (``gate: BuildGateDep``). Once the request is valid the
    route passes through it, ``async with gate(config) as admission:``, and sets ``admission.session_id`` when the
    build has started. The OpenAPI document lists 402 on exactly the routes that declare it."""
    state = getattr(conn.app.state, "auth", None)
    principal = conn.scope.get("state", {}).get("principal")
    return functools.partial(admit_build, state, principal)


BuildGateDep = Annotated[BuildGate, Depends(build_gate)]


@contextlib.asynccontextmanager
async def admit_build(
    state: AuthState | None, principal: Principal | None, config: BuildConfig
) -> AsyncIterator[Admission]:
    """The gate of an accepted build request (the route has validated it): one hit on the caller's build quota
    (429 when spent), then its credits (402 when short). The charge is tied to the build that starts, or given
    back at once if none does; a refused request never reaches this, so it spends neither."""
    admission = Admission()
    if state is None or principal is None:  # an app without accounts: every valid build starts
        yield admission
        return
    await state.limiter.hit("build", principal.rate_key)
    charge_id = await charge(state.sessionmaker, principal.user_id, build_cost(config, state.settings, state.library))
    try:
        yield admission
    finally:
        if charge_id is not None:
            if admission.session_id is not None:
                await attach(state.sessionmaker, charge_id, admission.session_id)
            else:
                await refund_now(state.sessionmaker, charge_id, "build_not_started")


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
