"""Request bodies: one size limit for every route, and one strict JSON parse.

``RequestSizeLimit`` (outermost ASGI middleware) answers 413 before anything reads a body: at once when
``Content-Length`` says it is too large, and as soon as the streamed chunks pass the limit otherwise.

``StrictJSONRoute`` is the route class of every router: FastAPI reads the body once and parses it with
``parse_json``, which refuses what ``json.loads`` would let through into the models: bytes that are not UTF-8,
strings with lone surrogates (``"\\udc00"``), ``NaN``/``Infinity``, and nesting deeper than ``MAX_DEPTH``
(a 1000-deep document would otherwise end in a RecursionError). Each refusal is a 400 ``INVALID_INPUT`` that
names where in the body the problem is.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..inputs import text_problem

MAX_DEPTH = 32
"""Deep enough for every documented body (the deepest, a build config, is 3 levels)."""


class RequestSizeLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._too_large(declared)(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:  # FastAPI re-raises this from its body read; errors.py renders it
                    raise HTTPException(413, self._message())
            return message

        await self.app(scope, counted, send)

    def _message(self) -> str:
        return f"Request body too large: at most {self.max_bytes} bytes."

    def _too_large(self, declared: int) -> Response:
        body = {"detail": self._message(), "error_code": "INVALID_INPUT", "details": {"content_length": declared}}
        return JSONResponse(body, status_code=413, headers={"Connection": "close"})


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def parse_json(body: bytes) -> Any:
    """The request body as JSON, or ``json.JSONDecodeError`` saying what is wrong and where."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise json.JSONDecodeError("the body is not valid UTF-8", "", exc.start) from None
    try:
        value = json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise json.JSONDecodeError(f"nested deeper than {MAX_DEPTH} levels", text, 0) from None
    _check(value, "", 0, text)
    return value


def _no_constant(name: str) -> Any:
    raise json.JSONDecodeError(f"{name} is not a JSON number; numbers must be finite", name, 0)


def _check(value: Any, where: str, depth: int, text: str) -> None:
    if depth > MAX_DEPTH:
        raise json.JSONDecodeError(f"nested deeper than {MAX_DEPTH} levels (at {where or 'the top'})", text, 0)
    if isinstance(value, str):
        if problem := text_problem(value):
            raise json.JSONDecodeError(f"{where or 'the body'}: {problem}", text, 0)
    elif isinstance(value, dict):
        for key, item in value.items():
            if problem := text_problem(key):
                raise json.JSONDecodeError(f"a key in {where or 'the body'}: {problem}", text, 0)
            _check(item, f"{where}.{key}" if where else key, depth + 1, text)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check(item, f"{where}[{index}]", depth + 1, text)


class StrictJSONRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = parse_json(await self.body())
        return self._json


class StrictJSONRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Awaitable[Response]]:
        handler = super().get_route_handler()

        async def strict(request: Request) -> Response:
            return await handler(StrictJSONRequest(request.scope, request.receive))

        return strict
