"""Who may call each route. Every route declares it with ONE FastAPI dependency, and nothing else decides.

Declare it on the router when all its routes share it, or on the route (a route must not get two):

    router = APIRouter(prefix="/api/keys", dependencies=[requires(None)])           # signed-in users only
    @router.get("/builds", dependencies=[requires("read", bucket="builds_list")])
    @router.websocket("/ws/{id}", dependencies=[requires("read", or_permission="build", query_token=True)])
    @router.post("/login", dependencies=[public(bucket="auth")])
    @router.get("/api/metrics", dependencies=[admin()])

- ``requires(permission, *, bucket="default", or_permission=None, query_token=False)``: the caller signs in
  (``Authorization: Bearer <JWT or API key>`` or ``X-API-Key``; with ``query_token`` also ``?token=`` — for
  WebSocket, event-stream and image URLs a browser opens itself; the parameter is then removed from the request
  so no log prints it). Then one hit on the rate-limit row ``bucket`` for the caller, the API key's own limit,
  and an API key needs ``permission`` (or ``or_permission``); a signed-in user passes. ``permission=None``:
  signed-in users only, API keys are refused. 401, 429 and 403 are answered in that order.
- ``admin()``: ``requires("read")`` and the account's role is ``admin``.
- ``public(bucket="default")``: no credentials; rate-limited per client address (``bucket=None``: not limited).

The admitted caller is what ``server.deps.get_principal`` returns to the route. Deny by default: an app with a
route that declares no rule does not start (``check_every_route_declared``, naming the route), and
``tests/auth/test_route_access.py`` fails on such a route. A route that starts a build also declares the build gate
(``gate: gate.BuildGateDep``) and passes through it once the request is valid: the build quota and the credits.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode

from fastapi import Depends, FastAPI
from fastapi.routing import RouteContext, iter_route_contexts
from starlette.requests import HTTPConnection
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Mount
from starlette.types import ASGIApp, Receive, Scope, Send

from ...errors import RateLimitExceededError, UnauthorizedError
from ..errors import error_body
from .principal import Bucket, Principal

MISSING_CREDENTIALS = "Authentication required: send Authorization: Bearer <token> or X-API-Key."


@dataclass(frozen=True)
class Access:
    """One route's access rule; called by FastAPI as the route's dependency."""

    permission: str | None = None
    bucket: Bucket | None = "default"
    or_permission: str | None = None
    query_token: bool = False
    is_public: bool = False
    admin_only: bool = False

    async def __call__(self, conn: HTTPConnection) -> Principal | None:
        state = getattr(conn.app.state, "auth", None)
        if state is None:  # an app built without accounts (no ``auth.install``): everyone is anonymous
            return None
        if self.is_public:
            if self.bucket is not None:
                await state.limiter.hit(self.bucket, f"ip:{client_address(conn.scope)}")
            return None
        token = credential(conn.scope, query_token=self.query_token)
        if token is None:
            raise UnauthorizedError(MISSING_CREDENTIALS)
        principal = await self._admit(state, token)
        if principal.key_id is not None and principal.key_rate_limit is not None:
            await state.limiter.hit_key(principal.key_id, principal.key_rate_limit)
        principal.require(self.permission, or_permission=self.or_permission)
        if self.admin_only:
            principal.require_admin()
        conn.scope.setdefault("state", {})["principal"] = principal
        return principal

    async def _admit(self, state: Any, token: str) -> Principal:
        """The caller, with one hit counted on the route's bucket (401 is answered before 429). A JWT names its user,
        so its session read and its count go out together: a request waits for one round trip here, not two."""
        rate_key = state.service.rate_key_of(token) if self.bucket is not None else None
        if rate_key is None:
            principal: Principal = await state.service.authenticate(token)
            if self.bucket is not None:
                await state.limiter.hit(self.bucket, principal.rate_key)
            return principal
        found, counted = await asyncio.gather(
            state.service.authenticate(token), state.limiter.hit(self.bucket, rate_key), return_exceptions=True
        )
        if isinstance(found, BaseException):
            raise found
        if isinstance(counted, BaseException):
            raise counted
        return found


def requires(
    permission: str | None,
    *,
    bucket: Bucket = "default",
    or_permission: str | None = None,
    query_token: bool = False,
) -> Any:
    """The route needs a signed-in caller; an API key needs ``permission`` (or ``or_permission``)."""
    return Depends(Access(permission, bucket, or_permission, query_token))


def admin() -> Any:
    """The route needs an admin account (signed in, or one of its keys with ``read``)."""
    return Depends(Access("read", "default", admin_only=True))


def public(bucket: Bucket | None = "default") -> Any:
    """The route needs no credentials; ``bucket`` limits it per client address (None: unlimited)."""
    return Depends(Access(bucket=bucket, is_public=True))


def access_of(route: BaseRoute | RouteContext) -> list[Access]:
    """The access rules a route declares (exactly one on a well-formed app)."""
    app = getattr(route, "app", None)
    if isinstance(app, PublicApp):
        return [app.access]
    return [d.dependency for d in getattr(route, "dependencies", None) or () if isinstance(d.dependency, Access)]


def route_access(app: FastAPI) -> list[tuple[RouteContext, list[Access]]]:
    """Every route the app serves (included routers flattened) with the access rules it declares."""
    return [(route, access_of(route)) for route in iter_route_contexts(app.routes)]


class PublicApp:
    """A route FastAPI itself adds (the API documentation), which takes no dependencies, made public and
    rate-limited per client address."""

    def __init__(self, app: ASGIApp, access: Access, fastapi_app: FastAPI) -> None:
        self.app = app
        self.access = access
        self.fastapi_app = fastapi_app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.access.bucket is not None:
            limiter = self.fastapi_app.state.auth.limiter
            try:
                await limiter.hit(self.access.bucket, f"ip:{client_address(scope)}")
            except RateLimitExceededError as exc:  # outside FastAPI's handlers: the same envelope by hand
                headers = {"Retry-After": str(exc.retry_after)}
                await JSONResponse(error_body(exc), status_code=exc.status_code, headers=headers)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def declare_documentation_public(app: FastAPI) -> None:
    """The OpenAPI document, /docs, /redoc and their assets (routes added by FastAPI or fastapi-offline, which take
    no dependencies and stay out of the OpenAPI document): public, limited per client address."""
    pages = {app.openapi_url, app.docs_url or "/docs", app.redoc_url or "/redoc"} - {None}
    for route in app.routes:
        path = getattr(route, "path", "")
        documentation = any(path == page or path.startswith(f"{page}/") for page in pages)
        hidden = isinstance(route, Mount) or not getattr(route, "include_in_schema", True)
        if documentation and hidden and not access_of(route):
            route.app = PublicApp(route.app, Access(is_public=True), app)  # type: ignore[attr-defined]


def check_every_route_declared(app: FastAPI) -> None:
    """Deny by default: an app with a route that declares no access rule (or two) does not start."""
    wrong = [
        f"{sorted(route.methods or ()) or ''} {route.path}: {len(rules)} access rules"
        for route, rules in route_access(app)
        if len(rules) != 1
    ]
    if wrong:
        raise RuntimeError(
            "Every route declares exactly one access rule (server/auth/access.py: requires, admin or public); "
            + "; ".join(wrong)
        )


def credential(scope: Scope, *, query_token: bool) -> str | None:
    """The bearer token or API key. A ``token`` query parameter (only where ``query_token``) is removed from the
    scope so that access logs never print it."""
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
    scheme, _, value = headers.get("authorization", "").partition(" ")
    found = value.strip() if scheme.lower() == "bearer" and value.strip() else None
    found = found or headers.get("x-api-key", "").strip() or None
    if query_token:
        pairs = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        if any(k == "token" for k, _ in pairs):
            found = found or next(v for k, v in pairs if k == "token") or None
            scope["query_string"] = urlencode([(k, v) for k, v in pairs if k != "token"]).encode("latin-1")
    return found


def client_address(scope: Scope) -> str:
    client = scope.get("client")
    return client[0] if client else "unknown"
