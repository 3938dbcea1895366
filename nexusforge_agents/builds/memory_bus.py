"""``MemoryEventBus``: the ``EventBus`` of one process (the embedded default).

Subscribers get their own queue; cancellation requests reach every runner of the process that listens (a library
call such as ``cancel_build`` finds the build whichever ``BuildService`` of this process runs it).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict
from collections.abc import AsyncIterator

from .ports import WireEvent


class MemoryEventBus:
    def __init__(self) -> None:
        self._subscribers: dict[str, set[asyncio.Queue[WireEvent]]] = defaultdict(set)
        self._cancel_listeners: set[asyncio.Queue[str]] = set()

    async def publish(self, session_id: str, event_wire: WireEvent) -> None:
        for queue in self._subscribers.get(session_id, ()):
            queue.put_nowait(event_wire)

    @contextlib.asynccontextmanager
    async def subscribe(self, session_id: str) -> AsyncIterator[AsyncIterator[WireEvent]]:
        queue: asyncio.Queue[WireEvent] = asyncio.Queue()
        self._subscribers[session_id].add(queue)

        async def events() -> AsyncIterator[WireEvent]:
            while True:
                yield await queue.get()

        try:
            yield events()
        finally:
            subscribers = self._subscribers.get(session_id)
            if subscribers is not None:
                subscribers.discard(queue)
                if not subscribers:
                    del self._subscribers[session_id]

    def subscriber_count(self, session_id: str) -> int:
        return len(self._subscribers.get(session_id, ()))

    async def publish_cancel(self, session_id: str) -> None:
        for queue in self._cancel_listeners:
            queue.put_nowait(session_id)

    async def cancellations(self) -> AsyncIterator[str]:
        queue: asyncio.Queue[str] = asyncio.Queue()
        self._cancel_listeners.add(queue)
        try:
            while True:
                yield await queue.get()
        finally:
            self._cancel_listeners.discard(queue)

    async def close(self) -> None:
        """Nothing to release: subscriptions end with their ``async with`` blocks."""


_PROCESS_BUS = MemoryEventBus()


def process_bus() -> MemoryEventBus:
    """The bus every in-process ``BuildService`` of this process shares unless given another."""
    return _PROCESS_BUS
