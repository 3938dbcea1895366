"""Who is calling: the ``Principal`` a route's access rule admitted (``access.py``), and what it may do."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ...errors import ForbiddenError

Via = Literal["jwt", "api_key"]
Bucket = Literal["build", "build_status", "builds_list", "auth", "default"]


@dataclass(frozen=True)
class Principal:
    """The authenticated caller. ``id`` is the user's id for both a JWT and one of the user's API keys."""

    user_id: str
    email: str
    role: str
    via: Via
    session_id: str | None = None
    key_id: str | None = None
    permissions: frozenset[str] = field(default_factory=frozenset)
    key_rate_limit: int | None = None

    @property
    def id(self) -> str:
        return self.user_id

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def rate_key(self) -> str:
        """Rate limits count per user for signed-in calls and per key for API keys."""
        return f"key:{self.key_id}" if self.via == "api_key" else user_rate_key(self.user_id)

    def require(self, permission: str | None, *, or_permission: str | None = None) -> None:
        """Raise 403 unless this caller may use a route needing ``permission`` (None: user sign-in only), or
        ``or_permission`` where a route accepts that instead."""
        if self.via == "jwt" or (or_permission is not None and or_permission in self.permissions):
            return
        if permission is None:
            raise ForbiddenError("This endpoint needs a signed-in user; API keys cannot call it.")
        if permission not in self.permissions:
            raise ForbiddenError(f"This API key lacks the '{permission}' permission.")

    def require_admin(self) -> None:
        if not self.is_admin:
            raise ForbiddenError("Admin role required.")


def user_rate_key(user_id: str) -> str:
    """The rate-limit key of a signed-in user's calls."""
    return f"user:{user_id}"
