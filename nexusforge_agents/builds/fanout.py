"""``LocalFanout``: an event bus's listeners in this process — a queue per event subscriber, a queue per
cancellation listener. ``MemoryEventBus`` delivers to it directly; ``RedisEventBus`` delivers what its one Redis
subscription reads, so a WebSocket costs a queue, not a connection.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict
from collections.abc import AsyncIterator, Iterator
from typing import TypeVar

from .ports import WireEvent

T = TypeVar("T")


class LocalFanout:
    def __init__(self) -> None:
        self._subscribers: dict[str, set[asyncio.Queue[WireEvent]]] = defaultdict(set)
        self._cancel_listeners: set[asyncio.Queue[str]] = set()

    def deliver(self, session_id: str, event_wire: WireEvent) -> None:
        for queue in self._subscribers.get(session_id, ()):
            queue.put_nowait(event_wire)

    def deliver_cancel(self, session_id: str) -> None:
        for queue in self._cancel_listeners:
            queue.put_nowait(session_id)

    def subscriber_count(self, session_id: str) -> int:
        return len(self._subscribers.get(session_id, ()))

    @contextlib.contextmanager
    def subscription(self, session_id: str) -> Iterator[AsyncIterator[WireEvent]]:
        """The build's events delivered from now on, until the ``with`` block ends."""
        queue: asyncio.Queue[WireEvent] = asyncio.Queue()
        self._subscribers[session_id].add(queue)
        try:
            yield _drain(queue)
        finally:
            subscribers = self._subscribers.get(session_id)
            if subscribers is not None:
                subscribers.discard(queue)
                if not subscribers:
                    del self._subscribers[session_id]

    async def cancellations(self) -> AsyncIterator[str]:
        """The session ids of cancel requests delivered while the iteration lasts."""
        queue: asyncio.Queue[str] = asyncio.Queue()
        self._cancel_listeners.add(queue)
        try:
            async for session_id in _drain(queue):
                yield session_id
        finally:
            self._cancel_listeners.discard(queue)


async def _drain(queue: asyncio.Queue[T]) -> AsyncIterator[T]:
    while True:
        yield await queue.get()
