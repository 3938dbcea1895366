"""Runs builds in the background: the library's ``stream_build`` / ``stream_resume`` in one task per build,
each event stored (with its seq) and fanned out; cancel, resume after a restart, shut down for resuming.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..config import BuildConfig, Settings
from ..errors import BuildFailedError, NexusForgeError
from ..events import BuildCompleted, BuildEvent, ErrorEvent, PhaseCompleted, ProgressUpdate
from ..graph.run import coerce_config, validate_prompt
from ..providers.registry import check_available
from ..schemas import BuildStatus
from .artifacts import CODE_ZIP, result_view, write_code_zip
from .db import BuildRow, utcnow
from .engine import Engine, EventStream, WorkerLostError
from .hub import EventHub, EventWriter
from .store import TERMINAL, BuildStore, PendingEvent

log = logging.getLogger(__name__)

WORK_PHASES = frozenset(
    s.value
    for s in (
        BuildStatus.ANALYZING,
        BuildStatus.GENERATING_SPEC,
        BuildStatus.BUILDING,
        BuildStatus.OPTIMIZING,
        BuildStatus.DEPLOYING,
    )
)
# Contract fields the library's wire() leaves out when they are None; the contract always shows them.
_NULLABLE_FIELDS = {"phase_completed": ("next_phase",), "build_completed": ("deployment_url",)}


def to_wire(event: BuildEvent) -> dict[str, Any]:
    wire = event.wire()
    for key in _NULLABLE_FIELDS.get(wire["type"], ()):
        wire.setdefault(key, None)
    return wire


def is_terminal_wire(wire: dict[str, Any]) -> bool:
    kind = wire.get("type")
    return kind in ("build_completed", "error") or (kind == "progress_update" and wire.get("phase") == "cancelled")


@dataclass
class _Run:
    session_id: str
    seq: int
    prompt: str
    config: dict[str, Any]
    output_dir: Path
    progress: int = 0
    phase: str = BuildStatus.INITIALIZING.value
    terminal: bool = False
    status: str = BuildStatus.INITIALIZING.value
    owner_id: str | None = None
    started_at: datetime | None = None


class BuildManager:
    """One task per build: takes a slot, consumes the engine's events, records each (seq, row, log, fan-out)."""

    def __init__(
        self,
        *,
        settings: Settings,
        store: BuildStore,
        writer: EventWriter,
        hub: EventHub,
        engine: Engine,
        artifacts_dir: Path,
        max_concurrent: int,
    ) -> None:
        self.settings = settings
        self.store = store
        self.writer = writer
        self.hub = hub
        self.engine = engine
        self.artifacts_dir = artifacts_dir
        self._slots = asyncio.Semaphore(max_concurrent)
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._runs: dict[str, _Run] = {}
        self._cancelling: set[str] = set()
        writer.on_unstorable = self._unstorable

    def validate(self, prompt: Any, config: BuildConfig | dict[str, Any] | None) -> tuple[str, BuildConfig]:
        """What ``stream_build`` would refuse, refused before a session exists (so POST can answer 400)."""
        text = validate_prompt(prompt)
        build_config = coerce_config(config)
        check_available(build_config, self.settings)  # extra and credentials of every model, or 400
        return text, build_config

    def is_active(self, session_id: str) -> bool:
        return session_id in self._tasks

    def live_status(self, session_id: str) -> _Run | None:
        """A running build's status from memory (what its last recorded event set), None once it has ended."""
        run = self._runs.get(session_id)
        return None if run is None or run.terminal else run

    @property
    def active_count(self) -> int:
        return len(self._tasks)

    async def start(
        self, prompt: str, config: BuildConfig, *, owner_id: str | None, template_id: str | None = None
    ) -> BuildRow:
        session_id = str(uuid.uuid4())
        output_dir = (self.settings.workspaces_dir / session_id).resolve()
        row = BuildRow(
            session_id=session_id,
            owner_id=owner_id,
            prompt=prompt,
            config=config.model_dump(mode="json"),
            template_id=template_id,
            status=BuildStatus.INITIALIZING.value,
            progress=0,
            current_phase=BuildStatus.INITIALIZING.value,
            started_at=utcnow(),
            output_dir=str(output_dir),
            last_seq=0,
        )
        await self.store.create(row)
        run = _Run(session_id, 0, prompt, row.config, output_dir, owner_id=owner_id, started_at=row.started_at)
        self._launch(run, lambda: self.engine.start(session_id, prompt, config, output_dir))
        return row

    async def resume_unfinished(self) -> list[str]:
        """Builds a previous process left running continue from their checkpoints."""
        resumed = []
        for row in await self.store.unfinished():
            seq = await self.store.last_seq(row.session_id)
            run = _Run(
                row.session_id, seq, row.prompt, row.config, Path(row.output_dir), row.progress, row.current_phase
            )
            self._launch(run, functools.partial(self._resume, run))
            resumed.append(row.session_id)
        if resumed:
            log.info("resuming %d interrupted build(s)", len(resumed))
        return resumed

    def _resume(self, run: _Run) -> EventStream:
        return self.engine.resume(run.session_id, run.prompt, run.config, run.output_dir)

    def _launch(self, run: _Run, events: Callable[[], EventStream]) -> None:
        task = asyncio.create_task(self._run(run, events), name=f"nexusforge-build:{run.session_id}")
        self._tasks[run.session_id] = task
        self._runs[run.session_id] = run
        task.add_done_callback(lambda _: self._forget(run, task))

    def _forget(self, run: _Run, task: asyncio.Task[None]) -> None:
        if self._tasks.get(run.session_id) is task:
            del self._tasks[run.session_id]
            del self._runs[run.session_id]
        if task.cancelled() and run.session_id in self._cancelling and not run.terminal:
            asyncio.create_task(self._close_cancelled(run))  # cancelled before its first step ran

    async def _close_cancelled(self, run: _Run) -> None:
        self._record(run, _cancelled(run))
        await self.engine.mark_cancelled(run.session_id)
        self._cancelling.discard(run.session_id)
        await self.writer.flush()
        self.hub.close(run.session_id)

    async def _run(self, run: _Run, events: Callable[[], EventStream]) -> None:
        sid = run.session_id
        try:
            if self._slots.locked():
                self._record(run, _waiting(run))
            async with self._slots:
                await self._consume(run, events)
            if not run.terminal:
                self._record(run, _failure(run, BuildFailedError("The build stopped without a result.")))
        except asyncio.CancelledError:
            if sid not in self._cancelling or run.terminal:
                raise  # server shutdown: the build stays unfinished and resumes at the next start
            self._record(run, _cancelled(run))
            await self.engine.mark_cancelled(sid)
        except NexusForgeError as exc:
            self._record(run, _failure(run, exc))
        except Exception as exc:
            log.exception("build %s crashed in the server", sid)
            self._record(run, _failure(run, BuildFailedError(f"{type(exc).__name__}: {exc}")))
        finally:
            self._cancelling.discard(sid)
            await self.writer.flush()
            self.hub.close(sid)

    async def _consume(self, run: _Run, events: Callable[[], EventStream]) -> None:
        """The engine's events until the end; if the build worker dies, resume from the checkpoint (twice)."""
        stream = events()
        for attempt in range(3):
            try:
                async with contextlib.aclosing(stream):
                    async for event in stream:
                        await self._handle(run, event)
                return
            except WorkerLostError:
                if attempt == 2 or run.session_id in self._cancelling:
                    raise BuildFailedError("The build worker stopped repeatedly during this build.") from None
                log.warning("build worker lost during %s; resuming it from its checkpoint", run.session_id)
                stream = self._resume(run)

    async def _handle(self, run: _Run, event: BuildEvent) -> None:
        if isinstance(event, BuildCompleted):
            self._record(run, event, await self._completion(event))
        else:
            self._record(run, event)

    def _record(self, run: _Run, event: BuildEvent, extra: dict[str, Any] | None = None) -> None:
        self.writer.submit(self._pending(run, event, extra))

    def _pending(self, run: _Run, event: BuildEvent, extra: dict[str, Any] | None = None) -> PendingEvent:
        """The event numbered, with the build-row changes it makes, ready for the writer."""
        run.seq += 1
        event.seq = run.seq
        if event.progress is not None:
            # One build's stream never goes back, also after a resume (which restarts its phase at the phase's start).
            run.progress = max(run.progress, event.progress)
            event.progress = run.progress
        update: dict[str, Any] = {"progress": run.progress}
        if isinstance(event, ProgressUpdate) and event.phase == BuildStatus.CANCELLED:
            update.update(status=BuildStatus.CANCELLED.value, completed_at=utcnow())
        elif isinstance(event, ProgressUpdate) and event.phase in WORK_PHASES:
            run.phase = event.phase
            update.update(status=event.phase, current_phase=event.phase)
        elif isinstance(event, PhaseCompleted) and event.results.get("app_name"):
            update["app_name"] = str(event.results["app_name"])[:200]
        elif isinstance(event, ErrorEvent):
            error: dict[str, Any] = {"error_code": event.error_code, "message": event.message, "phase": event.phase}
            error.update(retry_possible=event.retry_possible, details=event.details)
            update.update(status=BuildStatus.FAILED.value, completed_at=utcnow(), error=error)
        update.update(extra or {})
        run.status = update.get("status", run.status)
        wire = to_wire(event)
        run.terminal = run.terminal or is_terminal_wire(wire)
        return PendingEvent(run.session_id, run.seq, wire, update)

    def _unstorable(self, lost: PendingEvent) -> PendingEvent:
        """The writer could not store ``lost``: the build ends here, visibly. Its failure takes the lost event's seq
        (the stored log stays gapless) and the build is stopped; the writer drops whatever it still sends."""
        run = self._runs.get(lost.session_id)
        if run is None:  # an event recorded outside a run (marking an orphaned build cancelled)
            progress = int(lost.update.get("progress") or 0)
            run = _Run(lost.session_id, 0, "", {}, Path(), progress=progress)
        elif not run.terminal:
            asyncio.get_running_loop().create_task(self._stop(lost.session_id))
        run.seq = lost.seq - 1
        error = BuildFailedError("The build was stopped: one of its events could not be stored (see the server log).")
        return self._pending(run, _failure(run, error))

    async def _stop(self, session_id: str) -> None:
        task = self._tasks.get(session_id)
        if task is not None and not await self.engine.cancel(session_id):
            task.cancel()

    async def _completion(self, event: BuildCompleted) -> dict[str, Any]:
        result = event.result
        if result is None:
            raise BuildFailedError("The build completed without a result object.")
        view = result_view(result, Path(result.output_dir))
        folder = result.specification.slug if result.specification else "app"
        zip_path = self.artifacts_dir / result.session_id / CODE_ZIP
        await asyncio.to_thread(write_code_zip, result.code_files, zip_path, folder)
        spec = result.specification
        return {
            "status": BuildStatus.COMPLETED.value,
            "progress": 100,
            "completed_at": utcnow(),
            "duration_s": result.build_time_seconds,
            "result": view,
            "app_name": spec.name if spec else None,
            "app_description": spec.description if spec else None,
            "deployment_url": result.deployment_url,
        }

    async def cancel(self, session_id: str) -> bool:
        """Stop a build running here; True once its run is over (its final status is then stored)."""
        task = self._tasks.get(session_id)
        if task is None:
            return False
        self._cancelling.add(session_id)
        if not await self.engine.cancel(session_id):
            task.cancel()  # still waiting for a slot, or not yet inside the graph
        await asyncio.wait({task}, timeout=10)
        return True

    async def mark_cancelled(self, row: BuildRow) -> None:
        """A build stored as unfinished with no run in this process (its resume failed): cancel it for good."""
        seq = await self.store.last_seq(row.session_id)
        run = _Run(row.session_id, seq, row.prompt, row.config, Path(row.output_dir), row.progress)
        await self.engine.mark_cancelled(row.session_id)
        self._record(run, _cancelled(run))
        await self.writer.flush()
        self.hub.close(row.session_id)

    async def shutdown(self) -> None:
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def _cancelled(run: _Run) -> ProgressUpdate:
    return ProgressUpdate(
        session_id=run.session_id,
        phase=BuildStatus.CANCELLED,
        progress=run.progress,
        message="Build cancelled by user",
    )


def _waiting(run: _Run) -> ProgressUpdate:
    return ProgressUpdate(
        session_id=run.session_id,
        phase=BuildStatus.INITIALIZING,
        progress=run.progress,
        message="Waiting for a free build slot...",
    )


def _failure(run: _Run, exc: NexusForgeError) -> ErrorEvent:
    return ErrorEvent(
        session_id=run.session_id,
        phase=run.phase,
        progress=run.progress,
        error_code=exc.error_code,
        message=exc.message,
        retry_possible=exc.retry_possible,
        details=exc.details or None,
    )


__all__ = ["TERMINAL", "BuildManager", "is_terminal_wire", "to_wire"]
