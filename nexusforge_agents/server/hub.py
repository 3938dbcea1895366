"""Fan-out of stored events to live subscribers, and the writer that stores them first.

The writer is the only way an event reaches a subscriber, and it publishes only what it committed (group
commit: whatever queued up while the previous transaction ran goes in the next one). So a client never
receives an event that a crash could lose, and a client that joins late reads the log and then the live queue
without a gap (duplicates are dropped by seq). An event that cannot be stored at all is never published: its
build ends there with a stored error event in its place (``on_unstorable``), and later events of that build
are dropped.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from .store import BuildStore, PendingEvent

log = logging.getLogger(__name__)

END: dict[str, Any] = {"type": "__end__"}
"""Put on a subscriber's queue when the build's run in this process is over."""


class EventHub:
    def __init__(self) -> None:
        self._subscribers: dict[str, set[asyncio.Queue[dict[str, Any]]]] = defaultdict(set)

    def subscribe(self, session_id: str) -> asyncio.Queue[dict[str, Any]]:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._subscribers[session_id].add(queue)
        return queue

    def unsubscribe(self, session_id: str, queue: asyncio.Queue[dict[str, Any]]) -> None:
        subscribers = self._subscribers.get(session_id)
        if subscribers is not None:
            subscribers.discard(queue)
            if not subscribers:
                del self._subscribers[session_id]

    def publish(self, session_id: str, wire: dict[str, Any]) -> None:
        for queue in self._subscribers.get(session_id, ()):
            queue.put_nowait(wire)

    def close(self, session_id: str) -> None:
        for queue in self._subscribers.get(session_id, ()):
            queue.put_nowait(END)

    def subscriber_count(self, session_id: str) -> int:
        return len(self._subscribers.get(session_id, ()))


class EventWriter:
    """Stores events in batches, then publishes them in order."""

    def __init__(self, store: BuildStore, hub: EventHub) -> None:
        self.store = store
        self.hub = hub
        self.on_unstorable: Callable[[PendingEvent], PendingEvent] | None = None
        """Set by the build manager: stops the build and returns the failure event stored in the lost one's place."""
        self._failed: set[str] = set()  # builds ended by an unstorable event: their later events are dropped
        self._queue: asyncio.Queue[PendingEvent | asyncio.Future[None]] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        # One thread owns the synchronous connection: a batch costs one hop instead of a round trip per statement.
        self._thread = (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="nexusforge-event-log")
            if store.db.sync_engine is not None
            else None
        )

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="nexusforge-event-writer")

    def submit(self, item: PendingEvent) -> None:
        self._queue.put_nowait(item)

    async def flush(self) -> None:
        """Return once everything submitted before this call is stored and published."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(done)
        await done

    async def stop(self) -> None:
        if self._task is None:
            return
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.flush(), timeout=10)
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None
        if self._thread is not None:
            self._thread.shutdown(wait=True)

    async def _run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while not self._queue.empty():
                batch.append(self._queue.get_nowait())
            events = [item for item in batch if isinstance(item, PendingEvent) and item.session_id not in self._failed]
            if events:
                for event in await self._store(events):
                    self.hub.publish(event.session_id, event.wire)
            for waiter in batch:
                if isinstance(waiter, asyncio.Future) and not waiter.done():
                    waiter.set_result(None)

    async def _store(self, events: list[PendingEvent]) -> list[PendingEvent]:
        """What got stored, in order: the batch in one transaction or, if that fails, event by event, so that one
        unstorable event ends only its own build."""
        try:
            await self._apply(events)
            return events
        except Exception:
            log.exception("could not store a batch of %d build event(s); storing them one by one", len(events))
        stored: list[PendingEvent] = []
        for event in events:
            if event.session_id in self._failed:
                continue
            try:
                await self._apply([event])
                stored.append(event)
            except Exception:
                log.exception("could not store event %d of build %s; the build fails", event.seq, event.session_id)
                self._failed.add(event.session_id)
                if self.on_unstorable is None:
                    continue
                failure = self.on_unstorable(event)
                try:
                    await self._apply([failure])
                    stored.append(failure)
                except Exception:  # the database itself is gone: the build stays unfinished, resumed at next start
                    log.exception("could not store the failure of build %s either", event.session_id)
        return stored

    async def _apply(self, events: list[PendingEvent]) -> None:
        for attempt in (1, 2, 3):
            try:
                if self._thread is not None:
                    await asyncio.get_running_loop().run_in_executor(self._thread, self.store.apply_sync, events)
                else:
                    await self.store.apply(events)
                return
            except Exception:
                if attempt == 3:
                    raise
                await asyncio.sleep(0.05 * attempt)  # back off before retrying a locked or busy database
