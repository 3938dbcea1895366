"""WS /ws/nexus-forge/{session_id}: ``connected``, then the build's events (missed ones first), then close.

A reconnecting client passes ``?last_seq=N`` (the ``seq`` of the last event it got) to receive only what came
after; without it a client gets the whole log so far. The socket closes (1000) after the build's final event.
A bad ``last_seq`` or session id gets an ``error`` message (``INVALID_INPUT``) and close code 4400 (errors.py).
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Annotated

from fastapi import APIRouter, Query, WebSocket, WebSocketDisconnect

from ..errors import NexusForgeError
from ..events import Connected
from .api_models import Seq, SessionId
from .auth.access import requires
from .deps import PrincipalDep, ServicesDep, visible_build
from .errors import ws_error_message

router = APIRouter(tags=["realtime"])
CLOSE_NOT_FOUND = 4404


@router.websocket(
    "/ws/nexus-forge/{session_id}",
    dependencies=[requires("read", or_permission="build", query_token=True)],  # browsers cannot send headers
)
async def build_updates(
    websocket: WebSocket,
    session_id: SessionId,
    services: ServicesDep,
    principal: PrincipalDep,
    last_seq: Annotated[Seq, Query()] = 0,
) -> None:
    await websocket.accept()
    try:
        await visible_build(services, principal, session_id, with_result=False)
    except NexusForgeError as exc:
        await websocket.send_json(ws_error_message(exc, phase="connection"))
        await websocket.close(code=CLOSE_NOT_FOUND, reason=exc.error_code)
        return
    await websocket.send_json(Connected(session_id=session_id).wire())

    async def send_events() -> None:
        async for wire in services.builds.wire_events(session_id, last_seq):
            await websocket.send_json(wire)

    async def watch_client() -> None:
        # Client messages carry nothing; reading them is how a disconnect is noticed while the build is quiet.
        with contextlib.suppress(WebSocketDisconnect):
            while True:
                await websocket.receive_text()

    sender = asyncio.create_task(send_events())
    watcher = asyncio.create_task(watch_client())
    done, pending = await asyncio.wait({sender, watcher}, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    if sender in done and sender.exception() is None:
        with contextlib.suppress(Exception):
            await websocket.close(code=1000)
