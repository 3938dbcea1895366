"""API keys: created for a user, shown in full once, stored as a sha256, listed masked, revoked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, Field, field_validator
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from ...errors import InvalidInputError, NexusForgeError
from .models import PERMISSIONS, ApiKey, utcnow
from .tokens import mask_api_key, new_api_key, sha256_hex

DEFAULT_KEY_RATE_LIMIT = 100
MAX_KEYS_PER_USER = 50
"""Live (unrevoked) keys one account may hold: enough for every app and machine, too few to hide a leak in."""


class KeyNotFoundError(NexusForgeError):
    error_code = "KEY_NOT_FOUND"
    status_code = 404


class NewKey(BaseModel):
    """The contract's POST /api/keys body."""

    name: str = Field(min_length=1, max_length=200)
    permissions: list[str] = Field(default_factory=lambda: ["read"], min_length=1)
    rate_limit: int = Field(DEFAULT_KEY_RATE_LIMIT, ge=1, le=1_000_000)

    @field_validator("permissions")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - set(PERMISSIONS))
        if unknown:
            raise ValueError(f"unknown permission(s) {unknown}; choose from {list(PERMISSIONS)}")
        return sorted(set(value), key=PERMISSIONS.index)


class KeyView(BaseModel):
    """A key as listed: masked."""

    id: str
    name: str
    key: str
    created_at: datetime
    last_used: datetime | None
    permissions: list[str]
    rate_limit: int


@dataclass(frozen=True)
class CreatedKey:
    view: KeyView
    secret: str  # the full key; returned once to its creator and never stored


def _view(row: ApiKey, key: str | None = None) -> KeyView:
    return KeyView(
        id=row.id,
        name=row.name,
        key=key or row.masked,
        created_at=row.created_at,
        last_used=row.last_used,
        permissions=list(row.permissions),
        rate_limit=row.rate_limit,
    )


async def create_key(db: AsyncSession, user_id: str, spec: NewKey) -> CreatedKey:
    live = await db.scalar(
        select(func.count()).select_from(ApiKey).where(ApiKey.user_id == user_id, ApiKey.revoked_at.is_(None))
    )
    if (live or 0) >= MAX_KEYS_PER_USER:
        raise InvalidInputError(
            f"This account already has {live} API keys, the most allowed ({MAX_KEYS_PER_USER}); "
            "revoke one you no longer use (DELETE /api/keys/{key_id}) before creating another.",
            details={"limit": MAX_KEYS_PER_USER, "active_keys": live},
        )
    secret = new_api_key()
    row = ApiKey(
        user_id=user_id,
        name=spec.name,
        key_hash=sha256_hex(secret),
        masked=mask_api_key(secret),
        permissions=spec.permissions,
        rate_limit=spec.rate_limit,
        created_at=utcnow(),
    )
    db.add(row)
    await db.flush()
    return CreatedKey(view=_view(row), secret=secret)


async def list_keys(db: AsyncSession, user_id: str) -> list[KeyView]:
    rows = await db.scalars(
        select(ApiKey).where(ApiKey.user_id == user_id, ApiKey.revoked_at.is_(None)).order_by(ApiKey.created_at)
    )
    return [_view(row) for row in rows]


async def revoke_key(db: AsyncSession, user_id: str, key_id: str) -> None:
    result = await db.execute(
        update(ApiKey)
        .where(ApiKey.id == key_id, ApiKey.user_id == user_id, ApiKey.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    if result.rowcount == 0:  # type: ignore[attr-defined]
        raise KeyNotFoundError(f"No API key {key_id!r} among yours.")


def parse_permissions(text: str) -> list[str]:
    try:
        return NewKey(name="-", permissions=[p.strip() for p in text.split(",") if p.strip()]).permissions
    except ValueError as exc:
        raise InvalidInputError(str(exc)) from None
