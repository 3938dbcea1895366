"""The one way a build event is recorded: numbered (seq), stored with the build-row changes it makes, then published.

Store first, publish second (group commit: whatever queued up while the previous transaction ran goes in the next
one), so a subscriber never receives an event a crash could lose, and one that joins late reads the log and then
the bus without a gap (duplicates dropped by seq). An event that cannot be stored is never published: its build
ends there with a stored error in its place (``on_unstorable``) and its later events are dropped.
Used alike by the in-process runner and the queue workers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import threading
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..errors import BuildFailedError, NexusForgeError
from ..events import (
    BuildCancelled,
    BuildCompleted,
    BuildEvent,
    ErrorEvent,
    PhaseCompleted,
    ProgressUpdate,
    error_event,
)
from ..schemas import BuildError, BuildStatus
from .artifact_store import ArtifactStore
from .artifacts import store_result
from .db import BuildRow, utcnow
from .ports import EventBus, WireEvent
from .store import BuildStore, PendingEvent

log = logging.getLogger(__name__)

WORK_PHASES = frozenset(
    s.value
    for s in (
        BuildStatus.ANALYZING,
        BuildStatus.GENERATING_SPEC,
        BuildStatus.AWAITING_REVIEW,
        BuildStatus.BUILDING,
        BuildStatus.OPTIMIZING,
        BuildStatus.DEPLOYING,
    )
)
# Contract fields the library's wire() leaves out when they are None; the contract always shows them.
_NULLABLE_FIELDS = {"phase_completed": ("next_phase",), "build_completed": ("deployment_url",)}


def to_wire(event: BuildEvent) -> WireEvent:
    wire = event.wire()
    for key in _NULLABLE_FIELDS.get(wire["type"], ()):
        wire.setdefault(key, None)
    return wire


@dataclass
class LiveBuild:
    """A build being recorded by this process: what its last recorded event set (answers status polls)."""

    session_id: str
    seq: int
    owner_id: str | None = None
    started_at: datetime | None = None
    progress: int = 0
    phase: str = BuildStatus.INITIALIZING.value
    status: str = BuildStatus.INITIALIZING.value
    terminal: bool = False

    @classmethod
    def from_row(cls, row: BuildRow) -> LiveBuild:
        return cls(
            row.session_id,
            row.last_seq,
            row.owner_id,
            row.started_at,
            row.progress,
            row.current_phase,
            row.status,
            BuildStatus(row.status).is_terminal,
        )


def failure_event(live: LiveBuild, exc: NexusForgeError) -> ErrorEvent:
    return error_event(live.session_id, BuildError.of(exc, live.phase), progress=live.progress)


class Recorder:
    """Numbers events in the event loop (``record``) and hands them to one writer thread, which takes what has
    queued up, stores it in one transaction and publishes it: an event waits for no turn of the event loop (busy
    with its builds' steps) between being made and being stored and published."""

    def __init__(self, store: BuildStore, bus: EventBus, artifacts: ArtifactStore) -> None:
        self.store = store
        self.bus = bus
        self.artifacts = artifacts
        self.on_unstorable: Callable[[str], None] | None = None
        """Set by the runner: stop the build whose event could not be stored (called in the event loop)."""
        self._live: dict[str, LiveBuild] = {}
        self._failed: set[str] = set()  # builds ended by an unstorable event: their later events are dropped
        self._numbering = threading.Lock()  # seq and progress of a build, set by record() and by the writer
        self._queue: queue.SimpleQueue[PendingEvent | asyncio.Future[None] | None] = queue.SimpleQueue()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._writer: threading.Thread | None = None

    def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._writer = threading.Thread(target=self._write_forever, name="nexusforge-event-log", daemon=True)
        self._writer.start()

    async def stop(self) -> None:
        writer, self._writer = self._writer, None
        if writer is None:
            return
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.flush(), timeout=10)
        self._queue.put(None)
        await asyncio.to_thread(writer.join, 10)

    def track(self, row: BuildRow) -> LiveBuild:
        """Start recording a build's events after the ones already stored for it."""
        live = LiveBuild.from_row(row)
        self._live[row.session_id] = live
        self._failed.discard(row.session_id)
        return live

    def untrack(self, session_id: str) -> None:
        self._live.pop(session_id, None)

    def live(self, session_id: str) -> LiveBuild | None:
        """A build this process is recording, until its terminal event."""
        live = self._live.get(session_id)
        return None if live is None or live.terminal else live

    async def record(self, live: LiveBuild, event: BuildEvent) -> None:
        """Number the event and queue it for storing and publishing (returns before it is stored: ``flush``)."""
        extra = await self._completion(event) if isinstance(event, BuildCompleted) else None
        with self._numbering:
            self._queue.put(self._pending(live, event, extra))

    async def flush(self) -> None:
        """Return once everything recorded before this call is stored and published."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queue.put(done)
        await done

    def _pending(self, live: LiveBuild, event: BuildEvent, extra: dict[str, Any] | None = None) -> PendingEvent:
        live.seq += 1
        event.seq = live.seq
        if event.progress is not None:
            # One build's stream never goes back, also after a resume (which restarts its phase at the phase's start).
            live.progress = max(live.progress, event.progress)
            event.progress = live.progress
        update: dict[str, Any] = {"progress": live.progress}
        if isinstance(event, BuildCancelled):
            update.update(status=BuildStatus.CANCELLED.value, completed_at=utcnow())
        elif isinstance(event, ProgressUpdate) and event.phase in WORK_PHASES:
            live.phase = event.phase
            update.update(status=event.phase, current_phase=event.phase)
        elif isinstance(event, PhaseCompleted) and event.results.get("app_name"):
            update["app_name"] = str(event.results["app_name"])[:200]
        elif isinstance(event, ErrorEvent):
            error: dict[str, Any] = {"error_code": event.error_code, "message": event.message, "phase": event.phase}
            error.update(retry_possible=event.retry_possible, details=event.details)
            update.update(status=BuildStatus.FAILED.value, completed_at=utcnow(), error=error)
        update.update(extra or {})
        live.status = update.get("status", live.status)
        live.terminal = live.terminal or event.is_terminal
        return PendingEvent(live.session_id, live.seq, to_wire(event), update)

    async def _completion(self, event: BuildCompleted) -> dict[str, Any]:
        result = event.result
        if result is None:
            raise BuildFailedError("The build completed without a result object.")
        stored = await asyncio.to_thread(store_result, result, self.artifacts)
        return {
            "status": BuildStatus.COMPLETED.value,
            "progress": 100,
            "completed_at": utcnow(),
            "duration_s": result.build_time_seconds,
            **stored,
            "deployment_url": result.deployment_url,
        }

    def _write_forever(self) -> None:
        """The writer thread: whatever queued up while the previous batch was written goes in the next one."""
        while True:
            batch = [self._queue.get()]
            with contextlib.suppress(queue.Empty):
                while True:
                    batch.append(self._queue.get_nowait())
            events = [item for item in batch if isinstance(item, PendingEvent) and item.session_id not in self._failed]
            if events:
                try:
                    self._store(events)
                except Exception:  # never let the writer die: the flush waiters below would wait forever
                    log.exception("the event writer failed on a batch of %d event(s)", len(events))
            for waiter in batch:
                if isinstance(waiter, asyncio.Future):
                    self._in_loop(_settle, waiter)
            if None in batch:
                return

    def _store(self, events: list[PendingEvent]) -> None:
        """Store the batch in one transaction, then publish it, or, if that fails, event by event, so that one
        unstorable event ends only its own build. A failed publish is logged only (the log has the events:
        subscribers catch up from there)."""
        try:
            self._apply(events)
        except Exception:
            log.exception("could not store a batch of %d build event(s); storing them one by one", len(events))
        else:
            self._publish(events)
            return
        for event in events:
            if event.session_id in self._failed:
                continue
            try:
                self._apply([event])
            except Exception:
                log.exception("could not store event %d of build %s; the build fails", event.seq, event.session_id)
                self._failed.add(event.session_id)
                event = self._unstorable(event)
                try:
                    self._apply([event])
                except Exception:  # the database itself is gone: the build stays unfinished, resumed later
                    log.exception("could not store the failure of build %s either", event.session_id)
                    continue
            self._publish([event])

    def _publish(self, events: list[PendingEvent]) -> None:
        pairs = [(event.session_id, event.wire) for event in events]
        try:
            publish = getattr(self.bus, "publish_many_blocking", None)
            if publish is not None:  # Redis: from this thread, on a connection of its own
                publish(pairs)
            else:
                self._run_in_loop(self.bus.publish_many(pairs))
        except Exception:
            log.exception("could not publish %d stored event(s)", len(events))

    def _unstorable(self, lost: PendingEvent) -> PendingEvent:
        """The build ends here, visibly: its failure takes the lost event's seq (the log stays gapless)."""
        with self._numbering:
            live = self._live.get(lost.session_id)
            if live is None:
                live = LiveBuild(lost.session_id, 0, progress=int(lost.update.get("progress") or 0))
            elif not live.terminal and self.on_unstorable is not None:
                self._in_loop(self.on_unstorable, lost.session_id)
            live.seq = lost.seq - 1
            error = BuildFailedError(
                "The build was stopped: one of its events could not be stored (see the server log)."
            )
            return self._pending(live, failure_event(live, error))

    def _apply(self, events: list[PendingEvent]) -> None:
        """Store the events (one transaction), retrying a locked or busy database twice."""
        for attempt in (1, 2, 3):
            try:
                if self.store.db.sync_engine is not None:
                    self.store.apply_sync(events)
                else:  # a driver without a synchronous twin: the async engine, in the event loop
                    self._run_in_loop(self.store.apply(events))
                return
            except Exception:
                if attempt == 3:
                    raise
                time.sleep(0.05 * attempt)

    def _in_loop(self, callback: Callable[..., None], *args: Any) -> None:
        assert self._loop is not None
        with contextlib.suppress(RuntimeError):  # the loop has closed: nobody waits any more
            self._loop.call_soon_threadsafe(callback, *args)

    def _run_in_loop(self, coroutine: Coroutine[Any, Any, None]) -> None:
        assert self._loop is not None
        asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()


def _settle(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)
