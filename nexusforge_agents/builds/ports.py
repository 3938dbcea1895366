"""The two seams of the lifecycle service: where builds run (``Runner``) and how their events travel (``EventBus``).

Implementations: ``memory_bus.MemoryEventBus`` + ``inprocess.InProcessRunner`` (embedded default, one process),
``redis_bus.RedisEventBus`` + ``queue.QueueRunner`` (scaled out: API replicas and workers).

Ordering rule shared by all of them: an event is stored in the event log (with its seq) *before* it is published,
so a subscriber that reads the log and then the bus misses nothing; duplicates are dropped by seq.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol, runtime_checkable

from .jobs import BuildJob

WireEvent = dict[str, Any]
"""An event as sent on the WebSocket/SSE wire (``BuildEvent.wire()``), always carrying ``seq`` when published."""


@runtime_checkable
class EventBus(Protocol):
    """Live fan-out of stored events to every subscriber of a build, in any process that shares the bus."""

    async def publish(self, session_id: str, event_wire: WireEvent) -> None:
        """Send a stored event to the build's current subscribers (fire and forget; the log is the record)."""
        ...

    async def publish_many(self, events: Sequence[tuple[str, WireEvent]]) -> None:
        """``publish`` each (session id, stored event) in order, at once (the recorder's batch: one round trip).
        A bus may also offer ``publish_many_blocking(events)``, callable from another thread (the recorder's writer
        thread then publishes what it has just committed, without a turn of the event loop)."""
        ...

    def subscribe(self, session_id: str) -> AbstractAsyncContextManager[AsyncIterator[WireEvent]]:
        """``async with bus.subscribe(sid) as events: async for wire in events: ...`` — the build's events
        published from now on. The iterator does not end by itself; the reader stops after the terminal event."""
        ...

    async def publish_cancel(self, session_id: str) -> None:
        """Ask whoever runs the build (in any process) to cancel it."""
        ...

    def cancellations(self) -> AsyncIterator[str]:
        """Session ids whose cancellation was requested, for as long as the caller iterates (runners use it)."""
        ...

    async def close(self) -> None: ...


@runtime_checkable
class Runner(Protocol):
    """Where builds run. ``submit`` returns once the job is accepted (not when the build ends); the build's events
    reach the caller through the event log and the ``EventBus``."""

    async def open(self) -> None: ...

    async def close(self) -> None:
        """Stop taking jobs; builds still running are left unfinished (not cancelled) so they resume later."""
        ...

    async def submit(self, job: BuildJob) -> None: ...

    async def cancel(self, session_id: str) -> None:
        """Request the build's cancellation; its terminal ``BuildCancelled`` event is recorded by whoever runs it,
        or by the service when nobody does."""
        ...

    def describe(self) -> dict[str, Any]:
        """What ``/health`` shows about the runner (mode, workers, queue length...)."""
        ...
