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
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
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
    def __init__(self, store: BuildStore, bus: EventBus, artifacts: ArtifactStore) -> None:
        self.store = store
        self.bus = bus
        self.artifacts = artifacts
        self.on_unstorable: Callable[[str], None] | None = None
        """Set by the runner: stop the build whose event could not be stored."""
        self._live: dict[str, LiveBuild] = {}
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
        self._task = asyncio.create_task(self._run(), name="nexusforge-event-recorder")

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
        self._queue.put_nowait(self._pending(live, event, extra))

    async def flush(self) -> None:
        """Return once everything recorded before this call is stored and published."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(done)
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

    async def _run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while not self._queue.empty():
                batch.append(self._queue.get_nowait())
            events = [item for item in batch if isinstance(item, PendingEvent) and item.session_id not in self._failed]
            if events:
                unpublished = await self._store(events)
                try:
                    if unpublished:
                        await self.bus.publish_many([(event.session_id, event.wire) for event in unpublished])
                except Exception:  # the log has them: subscribers catch up from there
                    log.exception("could not publish %d stored event(s)", len(unpublished))
            for waiter in batch:
                if isinstance(waiter, asyncio.Future) and not waiter.done():
                    waiter.set_result(None)

    async def _store(self, events: list[PendingEvent]) -> list[PendingEvent]:
        """Store the batch in one transaction or, if that fails, event by event, so that one unstorable event ends
        only its own build. Returns what got stored but is not published yet (the writer thread publishes what it
        stores when the bus lets it), in order."""
        try:
            return [] if await self._apply(events) else events
        except Exception:
            log.exception("could not store a batch of %d build event(s); storing them one by one", len(events))
        unpublished: list[PendingEvent] = []
        for event in events:
            if event.session_id in self._failed:
                continue
            try:
                if not await self._apply([event]):
                    unpublished.append(event)
            except Exception:
                log.exception("could not store event %d of build %s; the build fails", event.seq, event.session_id)
                self._failed.add(event.session_id)
                failure = self._unstorable(event)
                try:
                    if not await self._apply([failure]):
                        unpublished.append(failure)
                except Exception:  # the database itself is gone: the build stays unfinished, resumed later
                    log.exception("could not store the failure of build %s either", event.session_id)
        return unpublished

    def _write(self, events: list[PendingEvent]) -> bool:
        """In the writer thread: store, then publish at once when the bus can from a thread (Redis); a failed
        publish is logged only (the log has the events: subscribers catch up from there)."""
        self.store.apply_sync(events)
        publish = getattr(self.bus, "publish_many_blocking", None)
        if publish is None:
            return False
        try:
            publish([(event.session_id, event.wire) for event in events])
        except Exception:
            log.exception("could not publish %d stored event(s)", len(events))
        return True

    def _unstorable(self, lost: PendingEvent) -> PendingEvent:
        """The build ends here, visibly: its failure takes the lost event's seq (the log stays gapless)."""
        live = self._live.get(lost.session_id)
        if live is None:
            live = LiveBuild(lost.session_id, 0, progress=int(lost.update.get("progress") or 0))
        elif not live.terminal and self.on_unstorable is not None:
            self.on_unstorable(lost.session_id)
        live.seq = lost.seq - 1
        error = BuildFailedError("The build was stopped: one of its events could not be stored (see the server log).")
        return self._pending(live, failure_event(live, error))

    async def _apply(self, events: list[PendingEvent]) -> bool:
        """Store the events (one transaction); True if they were published too (by the writer thread)."""
        for attempt in (1, 2, 3):
            try:
                if self._thread is not None:
                    return await asyncio.get_running_loop().run_in_executor(self._thread, self._write, events)
                await self.store.apply(events)
                return False
            except Exception:
                if attempt == 3:
                    raise
                await asyncio.sleep(0.05 * attempt)  # back off before retrying a locked or busy database
