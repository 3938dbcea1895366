"""The access middleware: every HTTP request and WebSocket handshake passes here before any route runs.

In order: public paths (health, login, refresh, docs) pass, rate-limited per client address where it matters;
everything else needs a bearer JWT or an API key (``Authorization: Bearer``, ``X-API-Key``, or ``?token=`` on
WebSocket and event-stream URLs for browsers); then the rate-limit row, the key's own limit and the key's
permission. (A build's quota and credits are spent by the route, once the request is valid: see
``credits.admit_build``.) The principal goes into ``scope["state"]`` for ``get_principal``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.responses import JSONResponse

from ...errors import NexusForgeError, RateLimitExceededError, UnauthorizedError
from ..errors import error_body
from .principal import UNLIMITED_PATHS, Principal, is_public, route_rule
from .state import AuthState

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

QUERY_TOKEN_PATHS = re.compile(
    r"^(/ws/nexus-forge/[^/]+|/api/nexus-forge/build/[^/]+/events|/artifacts/.+|/api/nexus-forge/templates/[^/]+/preview\.png)$"
)


class AccessMiddleware:
    def __init__(self, app: ASGIApp, state: AuthState) -> None:
        self.app = app
        self.auth = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        send = self._timed(scope, send, started)
        try:
            principal = await self._admit(scope)
        except NexusForgeError as exc:
            await _reject(scope, receive, send, exc)
            return
        scope.setdefault("state", {})["principal"] = principal
        await self.app(scope, receive, send)

    async def _admit(self, scope: Scope) -> Principal | None:
        path = scope["path"]
        method = scope["method"] if scope["type"] == "http" else "GET"
        limiter = self.auth.limiter
        if is_public(path):
            if path.startswith("/auth/"):
                await limiter.hit("auth", f"ip:{_client(scope)}")
            elif path not in UNLIMITED_PATHS:
                await limiter.hit("default", f"ip:{_client(scope)}")
            return None
        token = _credential(scope)
        if token is None:
            raise UnauthorizedError("Authentication required: send Authorization: Bearer <token> or X-API-Key.")
        principal = await self.auth.service.authenticate(token)
        rule = route_rule(method, path)
        await limiter.hit(rule.bucket, principal.rate_key)
        if principal.key_id is not None and principal.key_rate_limit is not None:
            await limiter.hit_key(principal.key_id, principal.key_rate_limit)
        principal.require(rule.permission, or_permission=rule.or_permission)
        return principal

    def _timed(self, scope: Scope, send: Send, started: float) -> Send:
        if scope["type"] != "http":
            return send
        stats = self.auth.stats

        async def timed(message: Message) -> None:
            if message["type"] == "http.response.start":  # time to the first byte: streams stay open for long
                stats.record(message["status"], time.perf_counter() - started)
            await send(message)

        return timed


def _credential(scope: Scope) -> str | None:
    """The bearer token or API key. A ``token`` query parameter (WebSocket and event streams only, for browsers)
    is removed from the scope so that access logs never print it."""
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
    scheme, _, value = headers.get("authorization", "").partition(" ")
    found = value.strip() if scheme.lower() == "bearer" and value.strip() else None
    found = found or headers.get("x-api-key", "").strip() or None
    if QUERY_TOKEN_PATHS.match(scope["path"]):
        pairs = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        if any(k == "token" for k, _ in pairs):
            found = found or next(v for k, v in pairs if k == "token") or None
            scope["query_string"] = urlencode([(k, v) for k, v in pairs if k != "token"]).encode("latin-1")
    return found


def _client(scope: Scope) -> str:
    client = scope.get("client")
    return client[0] if client else "unknown"


async def _reject(scope: Scope, receive: Receive, send: Send, exc: NexusForgeError) -> None:
    """The error as the server renders every error; a refused WebSocket gets it as an HTTP denial response
    where the server supports that, and a policy-violation close otherwise."""
    headers: dict[str, str] = {}
    if isinstance(exc, RateLimitExceededError):
        headers["Retry-After"] = str(exc.retry_after)
    if isinstance(exc, UnauthorizedError):
        headers["WWW-Authenticate"] = 'Bearer realm="nexusforge"'
    response = JSONResponse(error_body(exc), status_code=exc.status_code, headers=headers)
    if scope["type"] == "http":
        await response(scope, receive, send)
        return
    await receive()  # websocket.connect
    if "websocket.http.response" in scope.get("extensions", {}):
        await response(scope, receive, send)
    else:
        await send({"type": "websocket.close", "code": 1008, "reason": exc.error_code})
