"""One build's event feed for a subscriber: what it missed from the log, in order, then live events.

Shared by the WebSocket and SSE endpoints. The subscription is registered before the log is read, and the
writer publishes only after committing, so nothing falls between the two; duplicates are dropped by seq.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from .deps import Services
from .hub import END
from .runner import is_terminal_wire
from .store import TERMINAL


async def follow(services: Services, session_id: str, after_seq: int = 0) -> AsyncIterator[dict[str, Any]]:
    """Yield the build's events with seq > ``after_seq``; stop after its final event."""
    queue = services.hub.subscribe(session_id)
    try:
        row = await services.store.get(session_id, with_result=False)
        finished = row is None or (row.status in TERMINAL and not services.manager.is_active(session_id))
        last = after_seq
        for wire in await services.store.events_after(session_id, after_seq):
            yield wire
            last = wire["seq"]
            if is_terminal_wire(wire):
                return
        if finished:
            return
        while (wire := await queue.get()) is not END:
            if wire["seq"] <= last:
                continue
            yield wire
            last = wire["seq"]
            if is_terminal_wire(wire):
                return
    finally:
        services.hub.unsubscribe(session_id, queue)
