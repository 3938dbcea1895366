"""Fan-out of stored events to live subscribers, and the writer that stores them first.

Events are committed before anyone sees them (group commit: whatever queued up while the previous
transaction ran goes in the next one), so a client never receives an event that a crash could lose, and a
client that joins late reads the log and then the live queue without a gap (duplicates are dropped by seq).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
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
            events = [item for item in batch if isinstance(item, PendingEvent)]
            if events:
                await self._store(events)
                for event in events:
                    self.hub.publish(event.session_id, event.wire)
            for waiter in batch:
                if isinstance(waiter, asyncio.Future) and not waiter.done():
                    waiter.set_result(None)

    async def _store(self, events: list[PendingEvent]) -> None:
        for attempt in (1, 2, 3):
            try:
                if self._thread is not None:
                    await asyncio.get_running_loop().run_in_executor(self._thread, self.store.apply_sync, events)
                else:
                    await self.store.apply(events)
                return
            except Exception:
                if attempt == 3:
                    # Live clients still get the events; the log misses them. Logged loudly, never silent.
                    log.exception("could not store %d build event(s); publishing them unstored", len(events))
                    return
                await asyncio.sleep(0.05 * attempt)  # back off before retrying a locked or busy database
