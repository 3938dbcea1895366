"""Accounts in the generated app: the tables' names, the roles an account gets, which rows belong to one."""

from __future__ import annotations

from ....schemas import AppSpec, Entity

AUTH_MODEL = "AuthUser"
AUTH_TABLE = "auth_users"
OWNER_COLUMN = [
    f'owner_id: orm.Mapped[int | None] = orm.mapped_column(sa.ForeignKey("{AUTH_TABLE}.id", ondelete="CASCADE"), '
    "index=True, nullable=True)"
]


def owned(spec: AppSpec, entity: Entity) -> bool:
    """Rows of ``entity`` belong to the account that made them (only meaningful with accounts)."""
    return entity.owned and spec.auth.enabled


def auth_roles(spec: AppSpec) -> tuple[list[str], str, str]:
    """(every role, the first account's role, every later account's role)."""
    names = [r.name for r in spec.roles]
    admin = next((n for n in names if "admin" in n.lower() or "manager" in n.lower()), names[0] if names else "")
    default = next((n for n in names if n != admin), admin)
    return names, admin, default
