"""The console's routes: the page at ``/``, its static files, code highlighting, and the framed app's proxy.

Access (server/auth/access.py): the page and its files are public (they hold no data; everything the console
shows comes from the API with the bearer token); highlighting and app tickets need a signed-in caller; the
proxied app is opened by its signed ticket.
"""

from __future__ import annotations

from typing import Annotated, Any

import httpx
from fastapi import APIRouter, Body
from pydantic import BaseModel
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from ...errors import InvalidInputError, NexusForgeError, UnauthorizedError
from ..auth.access import public, requires
from ..deps import PrincipalDep, ServicesDep, visible_build
from ..request_body import StrictJSONRoute
from .assets import AssetNotFound, ConsoleAssets
from .highlight import Highlighted, HighlightRequest, highlight
from .proxy import PREFIX, TICKET_TTL_S, TicketSigner, forward, relay_websocket, require_loopback

STATIC = "/console/static"
CLOSE_BAD_TICKET = 4401
PROXY_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


class NotFoundError(NexusForgeError):
    error_code = "NOT_FOUND"
    status_code = 404


class AppTicket(BaseModel):
    url: str
    expires_in: int


def _assets(request: Request) -> ConsoleAssets:
    found = getattr(request.app.state, "console_assets", None)
    if found is None:
        found = request.app.state.console_assets = ConsoleAssets()
    return found


def _signer(request: HTTPConnection) -> TicketSigner:
    found = getattr(request.app.state, "console_tickets", None)
    if found is None:
        found = request.app.state.console_tickets = TicketSigner(request.app.state.auth.settings.signing_secret())
    return found


pages = APIRouter(include_in_schema=False, dependencies=[public(bucket=None)])
api = APIRouter(prefix="/console/api", tags=["console"], route_class=StrictJSONRoute)


@pages.get("/")
async def console_page(request: Request) -> Response:
    """The console (one page; the views are drawn by its scripts)."""
    return _assets(request).response(request, "index.html")


@pages.get(STATIC + "/{path:path}")
async def console_file(path: str, request: Request) -> Response:
    try:
        return _assets(request).response(request, path)
    except AssetNotFound:
        raise NotFoundError(f"No console file {path!r}.") from None


@pages.api_route(PREFIX + "/{ticket}/{path:path}", methods=PROXY_METHODS)
async def framed_app(ticket: str, path: str, request: Request) -> Response:
    """The app a build deployed locally, for the console's frame (the ticket is its access)."""
    checked = _signer(request).check(ticket)
    async with httpx.AsyncClient(timeout=30.0) as client:
        return await forward(request, client, ticket, checked, path)


@pages.websocket(PREFIX + "/{ticket}/{path:path}")
async def framed_app_websocket(ticket: str, path: str, websocket: WebSocket) -> None:
    """The framed app's WebSocket (its live updates), relayed to its deployment (the ticket is its access)."""
    try:
        checked = _signer(websocket).check(ticket)
    except UnauthorizedError:
        await websocket.close(code=CLOSE_BAD_TICKET)
        return
    await relay_websocket(websocket, checked, path)


@api.post("/highlight", response_model=Highlighted, dependencies=[requires("read")])
async def highlight_code(body: Annotated[HighlightRequest, Body()]) -> Highlighted:
    """A generated file as Pygments tokens (class, text) for the console's code viewer."""
    return highlight(body)


@api.post("/apps/{session_id}/ticket", response_model=AppTicket, dependencies=[requires("read")])
async def app_ticket(session_id: str, request: Request, services: ServicesDep, principal: PrincipalDep) -> Any:
    """A one-hour link that opens the build's local deployment in the console's frame."""
    row = await visible_build(services, principal, session_id, with_result=False)
    target = row.deployment_url
    if not target:
        raise InvalidInputError(f"Build {session_id} has no running deployment; deploy it first.")
    require_loopback(target)
    user_id = str(principal.id) if principal is not None else ""
    ticket = _signer(request).issue(session_id, user_id, target)
    return AppTicket(url=f"{PREFIX}/{ticket}/", expires_in=TICKET_TTL_S)


routers = (pages, api)
