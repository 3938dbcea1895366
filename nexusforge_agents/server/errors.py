"""The one place where exceptions become HTTP errors (and WebSocket error messages).

Every error body is ``{"detail": str, "error_code": str, ...}``: the library's errors keep their status and
``to_dict()``; request validation and malformed JSON are 400 ``INVALID_INPUT`` (never a bare 422); an
unexpected exception is a 500 with the same envelope, logged with its traceback.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request, WebSocket
from fastapi.exceptions import RequestValidationError, WebSocketRequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from ..errors import NexusForgeError, RateLimitExceededError, UnauthorizedError

log = logging.getLogger(__name__)

_HTTP_CODES = {
    400: "INVALID_INPUT",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "INVALID_STATE",
    413: "INVALID_INPUT",
    415: "INVALID_INPUT",
    429: "RATE_LIMIT_EXCEEDED",
}


def error_body(exc: NexusForgeError) -> dict[str, Any]:
    return exc.to_dict()


def ws_error_message(exc: NexusForgeError, phase: str) -> dict[str, Any]:
    """The contract's WebSocket ``error`` message for an error that is not a build event."""
    return {
        "type": "error",
        "phase": phase,
        "error_code": exc.error_code,
        "message": exc.message,
        "retry_possible": exc.retry_possible,
    }


CLOSE_INVALID_INPUT = 4400
"""WebSocket close code after an ``error`` message for a bad path or query value (HTTP 400's counterpart)."""


def _location(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def validation_detail(
    exc: RequestValidationError | WebSocketRequestValidationError,
) -> tuple[str, list[dict[str, Any]]]:
    errors = exc.errors()
    simple = [
        {"loc": [str(p) for p in e.get("loc", ())], "msg": e.get("msg", ""), "type": e.get("type")} for e in errors
    ]
    for e in errors:
        if e.get("type") == "json_invalid":
            reason = (e.get("ctx") or {}).get("error", "invalid JSON")
            return f"Malformed JSON body: {reason}", simple
        if e.get("type") == "missing" and tuple(e.get("loc", ())) == ("body",):
            return "A JSON request body is required", simple
    messages = [f"{_location(tuple(e.get('loc', ())))}: {e.get('msg', 'invalid')}" for e in errors]
    return "Invalid request: " + "; ".join(messages), simple


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(NexusForgeError)
    async def _library_error(conn: Request | WebSocket, exc: NexusForgeError) -> JSONResponse | None:
        headers: dict[str, str] = {}
        if isinstance(exc, RateLimitExceededError):
            headers["Retry-After"] = str(exc.retry_after)
        if isinstance(exc, UnauthorizedError):
            headers["WWW-Authenticate"] = 'Bearer realm="nexusforge"'
        if isinstance(conn, WebSocket) and "websocket.http.response" not in conn.scope.get("extensions", {}):
            # a refused handshake (a route's access rule) on a server without the HTTP denial response
            await conn.close(code=1008, reason=exc.error_code)
            return None
        # on a WebSocket handshake this answer is sent as the HTTP denial response
        return JSONResponse(error_body(exc), status_code=exc.status_code, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        detail, errors = validation_detail(exc)
        body = {"detail": detail, "error_code": "INVALID_INPUT", "details": {"errors": errors}}
        return JSONResponse(body, status_code=400)

    @app.exception_handler(WebSocketRequestValidationError)
    async def _invalid_socket(websocket: WebSocket, exc: WebSocketRequestValidationError) -> None:
        # Accepted first so the client reads why (a refused handshake looks like an auth failure).
        detail, _ = validation_detail(exc)
        await websocket.accept()
        message = {"type": "error", "phase": "connection", "error_code": "INVALID_INPUT", "message": detail}
        await websocket.send_json({**message, "retry_possible": False})
        await websocket.close(code=CLOSE_INVALID_INPUT, reason="INVALID_INPUT")

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "INTERNAL_ERROR" if exc.status_code >= 500 else "INVALID_INPUT")
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = _allowed_methods(request)
        return JSONResponse(
            {"detail": str(exc.detail), "error_code": code}, status_code=exc.status_code, headers=headers
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        body = {
            "detail": f"Internal server error ({type(exc).__name__}); see the server log.",
            "error_code": "INTERNAL_ERROR",
        }
        return JSONResponse(body, status_code=500)


def _allowed_methods(request: Request) -> str:
    """Every method some route serves at this path (Starlette names only those of the first route that matched)."""
    allowed = [
        method
        for method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
        if any(
            route.matches({**request.scope, "method": method})[0] == Match.FULL for route in request.app.router.routes
        )
    ]
    return ", ".join(allowed)
