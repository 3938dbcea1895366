"""The running app in the console's frame, through this server: ``/console/apps/{ticket}/...`` on the same port.

A frame cannot send the bearer token, so the console first asks for a *ticket* (an authenticated call that
checks the build is the caller's and deployed locally): an HMAC-signed, one-hour value naming the build and
its deployment's address. The ticket is the first segment of every proxied path, so the links, forms and
redirects of the app keep it; it opens that one app and nothing else (not the API), and it cannot be made to
point anywhere else: the address is signed into it and must be a loopback ``http`` URL.

The generated apps use root-relative links (``/static/app.css``, ``/task-list``). In HTML and CSS answers
those are rewritten under the ticket's prefix, and so are redirect ``Location`` headers. Scripts are never
rewritten: an HTML page gets a ``<base href="{prefix}/">`` in its ``<head>`` instead, and a generated React app
reads its base path from that element (its API calls, its WebSocket and its router's basename follow it). The
app's WebSocket (live updates) is relayed both ways by ``relay_websocket``.

The console frames the app sandboxed without ``allow-same-origin`` (its scripts must not reach the console's
storage), so the framed page's origin is ``null``: its ``fetch`` calls are cross-origin. The proxy answers their
preflight itself and allows the ``null`` origin, nothing else (the ticket in the path stays the access). Cookies
never pass; an ``Authorization`` header does: only the framed app's own script can have set it.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import re
import time
from contextlib import suppress
from urllib.parse import urlsplit, urlunsplit

import httpx
import websockets
from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket, WebSocketDisconnect

from ...errors import ForbiddenError, UnauthorizedError

PREFIX = "/console/apps"
TICKET_TTL_S = 3600
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailers",
        "transfer-encoding",
        "upgrade",
        "host",
        "content-length",
        "content-encoding",
        "cookie",
        "x-api-key",
    }
)
_HTML_URL = re.compile(r"""(\s(?:href|src|action|formaction|poster)\s*=\s*["'])/(?!/)""", re.IGNORECASE)
_CSS_URL = re.compile(r"""(url\(\s*["']?)/(?!/)""", re.IGNORECASE)
_PAGE_RELATIVE_URL = re.compile(r"""(\s(?:href|action|formaction)\s*=\s*["'])([?#])""", re.IGNORECASE)
_HEAD_OPEN = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)
_BASE_TAG = re.compile(r"<base\s", re.IGNORECASE)
CLOSE_UPSTREAM_FAILED = 1011
SANDBOXED_ORIGIN = "null"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": SANDBOXED_ORIGIN,
    "Access-Control-Allow-Methods": "GET, HEAD, POST, PUT, PATCH, DELETE",
    "Access-Control-Allow-Headers": "Authorization, Content-Type, Accept",
    "Access-Control-Max-Age": "600",
    "Vary": "Origin",
}


class Ticket(BaseModel):
    session_id: str
    user_id: str
    target: str
    expires: int


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class TicketSigner:
    """Signs and checks tickets with a key derived from the server's JWT secret (shared by its replicas)."""

    def __init__(self, secret: str) -> None:
        self._key = hmac.new(secret.encode(), b"nexusforge console app ticket", hashlib.sha256).digest()

    def __repr__(self) -> str:
        return "TicketSigner(<secret>)"

    def issue(self, session_id: str, user_id: str, target: str, *, now: float | None = None) -> str:
        require_loopback(target)
        ticket = Ticket(
            session_id=session_id, user_id=user_id, target=target, expires=int((now or time.time()) + TICKET_TTL_S)
        )
        payload = _b64(ticket.model_dump_json().encode())
        return payload + "." + _b64(hmac.new(self._key, payload.encode(), hashlib.sha256).digest())

    def check(self, value: str, *, now: float | None = None) -> Ticket:
        payload, _, signature = value.partition(".")
        try:
            expected = _b64(hmac.new(self._key, payload.encode(), hashlib.sha256).digest())
            if not signature or not hmac.compare_digest(expected, signature):
                raise UnauthorizedError("This app link is not valid; open the app again from the console.")
            ticket = Ticket.model_validate(json.loads(_unb64(payload)))
        except (ValueError, ValidationError) as exc:
            raise UnauthorizedError("This app link is not valid; open the app again from the console.") from exc
        if ticket.expires < (now or time.time()):
            raise UnauthorizedError("This app link has expired; open the app again from the console.")
        return ticket


def require_loopback(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme != "http" or parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise ForbiddenError("Only a local deployment (http on 127.0.0.1) can be opened in the console's frame.")


def rewrite_body(body: bytes, media_type: str, prefix: str, page: str = "") -> bytes:
    """Root-relative links put under ``prefix``; in HTML also a ``<base>`` and, because that base would otherwise
    take them to the app's home, the page-relative ``?query`` and ``#fragment`` links spelled out against ``page``
    (the page's own path and query under the prefix)."""
    if media_type.startswith("text/html"):
        text = body.decode("utf-8", errors="replace")
        text = _CSS_URL.sub(rf"\1{prefix}/", _HTML_URL.sub(rf"\1{prefix}/", text))
        path, _, query = page.partition("?")

        def spelled_out(match: re.Match[str]) -> str:
            kept_query = "?" + query if match[2] == "#" and query else ""
            return f"{match[1]}{prefix}/{path}{kept_query}{match[2]}"

        return with_base_element(_PAGE_RELATIVE_URL.sub(spelled_out, text), prefix).encode("utf-8")
    if media_type.startswith("text/css"):
        return _CSS_URL.sub(rf"\1{prefix}/", body.decode("utf-8", errors="replace")).encode("utf-8")
    return body


def with_base_element(html: str, prefix: str) -> str:
    """The page with ``<base href="{prefix}/">`` first in its ``<head>`` (unless it declares its own base): the one
    place a script can learn the prefix it is served under."""
    if _BASE_TAG.search(html):
        return html
    tag = f'<base href="{prefix}/">'
    head = _HEAD_OPEN.search(html)
    return html[: head.end()] + tag + html[head.end() :] if head else tag + html


def rewrite_location(location: str, target: str, prefix: str) -> str:
    if location.startswith(target):
        location = location[len(target) :] or "/"
    if location.startswith("/") and not location.startswith("//"):
        return prefix + location
    return location


async def forward(request: Request, client: httpx.AsyncClient, ticket_text: str, ticket: Ticket, path: str) -> Response:
    """One request of the framed app, sent to its deployment and answered with the links kept under the prefix."""
    prefix = f"{PREFIX}/{ticket_text}"
    cors = CORS_HEADERS if request.headers.get("origin") == SANDBOXED_ORIGIN else {}
    if cors and request.method == "OPTIONS" and "access-control-request-method" in request.headers:
        return Response(status_code=204, headers=cors)
    headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
    url = ticket.target.rstrip("/") + "/" + path
    page = path + ("?" + request.url.query if request.url.query else "")
    try:
        upstream = await client.request(
            request.method,
            url,
            params=list(request.query_params.multi_items()),
            headers=headers,
            content=await request.body(),
            follow_redirects=False,
        )
    except httpx.HTTPError as exc:
        return Response(
            f"The app at {ticket.target} does not answer ({type(exc).__name__}); deploy it again.",
            status_code=502,
            media_type="text/plain; charset=utf-8",
        )
    media_type = upstream.headers.get("content-type", "application/octet-stream")
    out_headers = {k: v for k, v in upstream.headers.items() if k.lower() not in HOP_BY_HOP | {"set-cookie"}}
    if "location" in upstream.headers:
        out_headers["location"] = rewrite_location(upstream.headers["location"], ticket.target, prefix)
    out_headers["Referrer-Policy"] = "no-referrer"
    out_headers["Cache-Control"] = "no-store"
    out_headers |= cors
    return Response(
        rewrite_body(upstream.content, media_type, prefix, page), status_code=upstream.status_code, headers=out_headers
    )


async def relay_websocket(websocket: WebSocket, ticket: Ticket, path: str) -> None:
    """A WebSocket of the framed app (its live updates), relayed both ways to the same path on its deployment."""
    target = urlsplit(ticket.target)
    url = urlunsplit(("ws", target.netloc, target.path.rstrip("/") + "/" + path, websocket.url.query, ""))
    try:
        upstream = await websockets.connect(url, open_timeout=10)
    except (OSError, TimeoutError, websockets.InvalidHandshake, websockets.InvalidURI):
        await websocket.close(code=CLOSE_UPSTREAM_FAILED)
        return
    await websocket.accept()

    async def app_to_browser() -> None:
        async for message in upstream:
            if isinstance(message, bytes):
                await websocket.send_bytes(message)
            else:
                await websocket.send_text(message)

    async def browser_to_app() -> None:
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                return
            await upstream.send(message["text"] if message.get("text") is not None else message.get("bytes") or b"")

    async with upstream:
        relays = [asyncio.create_task(app_to_browser()), asyncio.create_task(browser_to_app())]
        _done, pending = await asyncio.wait(relays, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
        for task in relays:
            with suppress(asyncio.CancelledError, websockets.ConnectionClosed, WebSocketDisconnect, RuntimeError):
                await task
    with suppress(RuntimeError):
        await websocket.close()
