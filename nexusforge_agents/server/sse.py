"""GET /api/nexus-forge/build/{session_id}/events: the WebSocket's events as Server-Sent Events.

Each event's SSE ``id`` is its ``seq``; a client that reconnects with ``Last-Event-ID`` (browsers do it
themselves) gets only the events after it. Once a finished build has nothing more to send, the answer is
204, which tells an EventSource to stop reconnecting.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Response
from sse_starlette import EventSourceResponse, ServerSentEvent

from ..events import Connected
from ..schemas import BuildStatus
from .api_models import Seq, SessionId
from .auth.access import requires
from .deps import PrincipalDep, ServicesDep, visible_build
from .request_body import StrictJSONRoute

router = APIRouter(prefix="/api/nexus-forge", tags=["realtime"], route_class=StrictJSONRoute)


@router.get(
    "/build/{session_id}/events",
    response_class=EventSourceResponse,
    # EventSource cannot send headers: ?token= is accepted here
    dependencies=[requires("read", bucket="build_status", or_permission="build", query_token=True)],
    responses={
        200: {"content": {"text/event-stream": {}}},
        204: {"description": "The build is finished and nothing is left to send"},
    },
)
async def build_events(
    session_id: SessionId,
    services: ServicesDep,
    principal: PrincipalDep,
    last_event_id: Annotated[Seq | None, Header(description="The seq of the last event received")] = None,
    after: Annotated[Seq | None, Query(description="Like Last-Event-ID, for clients that cannot set it")] = None,
) -> Any:
    """The build's events as SSE (event name = message type, id = seq), resumable with Last-Event-ID."""
    row = await visible_build(services, principal, session_id, with_result=False)
    cursor = last_event_id if last_event_id is not None else after or 0
    if BuildStatus(row.status).is_terminal and cursor >= row.last_seq:
        return Response(status_code=204)

    async def stream() -> AsyncIterator[ServerSentEvent]:
        yield ServerSentEvent(data=json.dumps(Connected(session_id=session_id).wire()), event="connected")
        async for wire in services.builds.wire_events(session_id, cursor):
            yield ServerSentEvent(data=json.dumps(wire), event=wire["type"], id=str(wire["seq"]))

    return EventSourceResponse(stream(), ping=15)
