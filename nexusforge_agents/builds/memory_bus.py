"""``MemoryEventBus``: the ``EventBus`` of one process (the embedded default).

Subscribers get their own queue; cancellation requests reach every runner of the process that listens (a library
call such as ``cancel_build`` finds the build whichever ``BuildService`` of this process runs it).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Sequence

from .fanout import LocalFanout
from .ports import WireEvent


class MemoryEventBus:
    def __init__(self) -> None:
        self._local = LocalFanout()

    async def publish(self, session_id: str, event_wire: WireEvent) -> None:
        self._local.deliver(session_id, event_wire)

    async def publish_many(self, events: Sequence[tuple[str, WireEvent]]) -> None:
        for session_id, event_wire in events:
            self._local.deliver(session_id, event_wire)

    @contextlib.asynccontextmanager
    async def subscribe(self, session_id: str) -> AsyncIterator[AsyncIterator[WireEvent]]:
        with self._local.subscription(session_id) as events:
            yield events

    def subscriber_count(self, session_id: str) -> int:
        return self._local.subscriber_count(session_id)

    async def publish_cancel(self, session_id: str) -> None:
        self._local.deliver_cancel(session_id)

    def cancellations(self) -> AsyncIterator[str]:
        return self._local.cancellations()

    async def close(self) -> None:
        """Nothing to release: subscriptions end with their ``async with`` blocks."""


_PROCESS_BUS = MemoryEventBus()


def process_bus() -> MemoryEventBus:
    """The bus every in-process ``BuildService`` of this process shares unless given another."""
    return _PROCESS_BUS
