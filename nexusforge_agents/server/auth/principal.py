"""Who is calling, and what each route asks of them: permission for API keys and rate-limit row.

The route table lives here, in one place, so that the access middleware enforces it for every request; no
endpoint can forget to check. An API key may call only what its permissions allow; a route that is not in the
table is ``read`` for GET/HEAD and closed to API keys otherwise (a signed-in user may still call it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from ...errors import ForbiddenError

Via = Literal["jwt", "api_key"]
Bucket = Literal["build", "build_status", "builds_list", "auth", "default"]

PUBLIC_PATHS = frozenset({"/health", "/auth/login", "/auth/refresh", "/docs", "/redoc", "/openapi.json"})
PUBLIC_PREFIXES = ("/docs/",)  # swagger's oauth2-redirect and static assets
UNLIMITED_PATHS = frozenset({"/health"})  # load balancers probe it every few seconds
BUILD_ID = r"(?!from-template$)[^/]+"


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
        return f"key:{self.key_id}" if self.via == "api_key" else f"user:{self.user_id}"

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


@dataclass(frozen=True)
class Rule:
    method: str
    pattern: re.Pattern[str]
    permission: str | None
    bucket: Bucket
    or_permission: str | None = None


def _rule(
    method: str, path: str, permission: str | None, bucket: Bucket = "default", *, or_permission: str | None = None
) -> Rule:
    return Rule(method, re.compile(f"^{path}$"), permission, bucket, or_permission)


# Starting a build counts on the "default" row here; the "build" row (5 an hour) is spent by the route once the
# request is valid (credits.admit_build), so a refused request never uses up the build quota.
RULES: tuple[Rule, ...] = (
    _rule("POST", "/api/nexus-forge/build", "build"),
    _rule("POST", "/api/nexus-forge/build/from-template", "build"),
    # A key that may start builds may also follow and read them (status, events, WebSocket, artifacts): the
    # contract's own example key is ["build"]. Ownership is checked by the routes (only the account's builds).
    _rule("GET", f"/api/nexus-forge/build/{BUILD_ID}(/.*)?", "read", "build_status", or_permission="build"),
    _rule("DELETE", f"/api/nexus-forge/build/{BUILD_ID}", "build", "build_status"),
    _rule("GET", "/api/nexus-forge/builds", "read", "builds_list"),
    _rule("POST", "/api/nexus-forge/deploy/[^/]+", "deploy", "default"),
    _rule("GET", "/ws/nexus-forge/[^/]+", "read", "default", or_permission="build"),
    _rule("GET", "/artifacts/[^/]+/.+", "read", "default", or_permission="build"),
    _rule("POST", "/auth/logout", None, "auth"),
    _rule("GET", "/auth/me", "read"),
    _rule("GET", "/api/keys", None),
    _rule("POST", "/api/keys", None),
    _rule("DELETE", "/api/keys/[^/]+", None),
)


def route_rule(method: str, path: str) -> Rule:
    """The rule for a request; WebSocket upgrades come in as GET."""
    method = "GET" if method == "HEAD" else method
    for rule in RULES:
        if rule.method == method and rule.pattern.match(path):
            return rule
    return Rule(method, re.compile(re.escape(path)), "read" if method == "GET" else None, "default")


def is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)
