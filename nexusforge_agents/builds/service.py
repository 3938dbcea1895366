"""``BuildService``: the lifecycle of builds, written once — start, resume-or-start, cancel, status, events (replay
from a seq, then live), result, deploy, delete, list — over a pluggable ``Runner`` and ``EventBus``.

The CLI, the server and the eval harness call only this (or the library functions in ``library.py`` built on it).
``open_build_service(settings)`` gives the embedded default: builds run in this process, events fan out in memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import Any, Literal

from ..config import BuildConfig, Settings
from ..errors import ConflictError, SessionNotFoundError
from ..events import BuildCancelled, BuildCompleted, BuildEvent, parse_event, wire_is_terminal
from ..graph.result import error_class
from ..schemas import BuildResult, BuildStatus, DeployOptions
from .artifact_store import ArtifactStore
from .artifacts import remove_tree
from .db import BuildRow, Database, utcnow
from .deployments import deploy_build, stop_local_deployment
from .executors import BuildExecutor, LocalExecutor
from .inprocess import InProcessRunner
from .jobs import BuildJob
from .parts import BuildParts, open_build_parts
from .ports import EventBus, Runner, WireEvent
from .records import BuildRecord, DeploymentRecord
from .validation import validate_request

log = logging.getLogger(__name__)
CANCEL_GRACE_S = 2.0
"""How long ``cancel`` waits for whoever runs a build to end it before ending it itself (nobody runs it)."""

RunnerFactory = Callable[[BuildParts], Runner]


class BuildService:
    def __init__(self, parts: BuildParts, runner: Runner, *, deploy_target: str = "local") -> None:
        self.parts = parts
        self.settings = parts.settings
        self.store = parts.store
        self.bus = parts.bus
        self.runner = runner
        self.deploy_target = deploy_target

    @property
    def artifacts(self) -> ArtifactStore:
        """Where the builds' artifacts live: a shared folder, or Cloud Storage when configured."""
        return self.parts.artifacts

    def validate(self, prompt: Any, config: BuildConfig | dict[str, Any] | None) -> tuple[str, BuildConfig]:
        """What ``start`` would refuse, refused before a session exists."""
        return validate_request(prompt, config, self.settings)

    async def start(
        self,
        prompt: Any,
        config: BuildConfig | dict[str, Any] | None = None,
        *,
        owner_id: str | None = None,
        template_id: str | None = None,
        session_id: str | None = None,
        output_dir: str | Path | None = None,
    ) -> BuildRecord:
        """Validate, store the new build, hand it to the runner; returns at once (follow it with ``events``)."""
        text, build_config = self.validate(prompt, config)
        session_id = session_id or str(uuid.uuid4())
        if await self.store.get(session_id, with_result=False) is not None:
            raise ConflictError(f"Build session {session_id} already exists; resume it instead.")
        folder = Path(output_dir or self.settings.workspaces_dir / session_id).resolve()
        row = BuildRow(
            session_id=session_id,
            owner_id=owner_id,
            prompt=text,
            config=build_config.model_dump(mode="json"),
            template_id=template_id,
            status=BuildStatus.INITIALIZING.value,
            progress=0,
            current_phase=BuildStatus.INITIALIZING.value,
            started_at=utcnow(),
            output_dir=str(folder),
            last_seq=0,
        )
        await self.store.create(row)
        await self.runner.submit(BuildJob(session_id=session_id, kind="start"))
        return BuildRecord.of_row(row)

    async def resume_or_start(self, session_id: str) -> BuildRecord:
        """Hand an unfinished build to the runner again (it continues from its checkpoint); a finished one is
        returned as it is."""
        row = await self._row(session_id)
        if not BuildStatus(row.status).is_terminal:
            await self.runner.submit(BuildJob(session_id=session_id, kind="resume"))
        return BuildRecord.of_row(row)

    async def resume_unfinished(self) -> list[str]:
        """Builds a previous process left unfinished continue from their checkpoints."""
        resumed = [row.session_id for row in await self.store.unfinished()]
        for session_id in resumed:
            await self.runner.submit(BuildJob(session_id=session_id, kind="resume"))
        if resumed:
            log.info("resuming %d interrupted build(s)", len(resumed))
        return resumed

    async def cancel(self, session_id: str) -> bool:
        """Stop a build wherever it runs; True once it is recorded cancelled, False if it had already ended."""
        row = await self._row(session_id)
        if BuildStatus(row.status).is_terminal:
            return False
        async with self.bus.subscribe(session_id) as live:
            await self.runner.cancel(session_id)
            ended = await self._ended(session_id, live, CANCEL_GRACE_S)
        if not ended:  # nobody runs it (interrupted, or still queued): end it here
            row = await self._row(session_id)
            if not BuildStatus(row.status).is_terminal:
                recorder = self.parts.recorder
                build = recorder.track(row)
                await recorder.record(build, BuildCancelled(session_id=session_id, progress=build.progress))
                await recorder.flush()
                recorder.untrack(session_id)
                await self.parts.driver.mark_cancelled(session_id)
        return (await self._row(session_id)).status == BuildStatus.CANCELLED

    async def _ended(self, session_id: str, live: AsyncIterator[WireEvent], timeout_s: float) -> bool:
        if BuildStatus((await self._row(session_id)).status).is_terminal:
            return True
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout_s):
                async for wire in live:
                    if wire_is_terminal(wire):
                        return True
        return BuildStatus((await self._row(session_id)).status).is_terminal

    async def status(self, session_id: str, *, with_result: bool = True) -> BuildRecord:
        """A running build's status from memory when this process records it, else the stored row."""
        live = self.parts.recorder.live(session_id)
        if live is not None:
            return BuildRecord.of_live(live)
        if with_result:
            row = await self.store.get_finished_or_current(session_id)
        else:
            row = await self.store.get(session_id, with_result=False)
        if row is None:
            raise SessionNotFoundError(f"Build session {session_id} not found")
        return BuildRecord.of_row(row)

    def is_recording(self, session_id: str) -> bool:
        """Whether this process is recording the build's events right now."""
        return self.parts.recorder.live(session_id) is not None

    async def wire_events(self, session_id: str, after_seq: int = 0) -> AsyncIterator[WireEvent]:
        """The build's events with seq > ``after_seq`` as wire dicts: the stored ones, then live ones; ends after
        the terminal event. A gap in the live feed is filled from the log."""
        async with self.bus.subscribe(session_id) as live:
            row = await self._row(session_id)
            last = after_seq
            for wire in await self.store.events_after(session_id, after_seq):
                yield wire
                last = wire["seq"]
                if wire_is_terminal(wire):
                    return
            if BuildStatus(row.status).is_terminal:
                return
            async for wire in live:
                if wire["seq"] <= last:
                    continue
                missed = await self.store.events_after(session_id, last) if wire["seq"] > last + 1 else [wire]
                for item in missed:
                    yield item
                    last = item["seq"]
                    if wire_is_terminal(item):
                        return

    async def events(self, session_id: str, after_seq: int = 0) -> AsyncIterator[BuildEvent]:
        """``wire_events`` as typed events; ``BuildCompleted`` carries the full ``BuildResult``."""
        async for wire in self.wire_events(session_id, after_seq):
            event = parse_event(wire)
            if isinstance(event, BuildCompleted):
                event.result = await self.result(session_id)
            yield event

    async def result(self, session_id: str) -> BuildResult:
        """The completed build's full result (from its checkpoint, which a rollback points at the version it
        restores); its error if it failed. A deployment made after the build is the row's."""
        row = await self._row(session_id)
        if row.status == BuildStatus.COMPLETED:
            result = await self.parts.driver.result(session_id)
            result.deployment_url = row.deployment_url or result.deployment_url
            return result
        if row.status == BuildStatus.FAILED and row.error:
            code = row.error.get("error_code", "BUILD_FAILED")
            details = row.error.get("details") or {}
            raise error_class(code)(row.error.get("message", "The build failed"), error_code=code, details=details)
        raise ConflictError(f"Build {session_id} is {row.status}; it has no result.", details={"status": row.status})

    async def deploy(self, session_id: str, options: DeployOptions | None = None) -> DeploymentRecord:
        row = await self._row(session_id)
        spec = await self.parts.driver.spec(session_id) if row.status == BuildStatus.COMPLETED else None
        return await deploy_build(
            settings=self.settings,
            store=self.store,
            row=row,
            spec=spec,
            target=self.deploy_target,
            options=options or DeployOptions(),
        )

    async def delete(self, session_id: str) -> None:
        """Remove a finished build: its local app, its folder (when under the workspaces), artifacts and rows."""
        row = await self._row(session_id)
        if not BuildStatus(row.status).is_terminal:
            raise ConflictError(f"Build {session_id} is still {row.status}; cancel it first.")
        await stop_local_deployment(self.settings, session_id)
        workspaces = self.settings.workspaces_dir.resolve()
        output_dir = Path(row.output_dir).resolve()
        if output_dir.is_relative_to(workspaces) and output_dir != workspaces:
            await asyncio.to_thread(remove_tree, output_dir)
        await asyncio.to_thread(self.artifacts.remove, session_id)
        await self.store.delete(session_id)

    async def list_builds(
        self,
        *,
        owner_id: str | None = None,
        skip: int = 0,
        limit: int = 20,
        status: str | None = None,
        search: str | None = None,
    ) -> list[BuildRecord]:
        rows = await self.store.list_builds(owner_id=owner_id, skip=skip, limit=limit, status=status, search=search)
        return [BuildRecord.of_row(row) for row in rows]

    async def recent_durations(self, limit: int = 50) -> list[tuple[float, dict[str, Any]]]:
        """(seconds, config) of the latest completed builds, for duration estimates."""
        return await self.store.recent_durations(limit)

    async def _row(self, session_id: str) -> BuildRow:
        row = await self.store.get(session_id, with_result=False)
        if row is None:
            raise SessionNotFoundError(f"Build session {session_id} not found")
        return row


def in_process(
    *,
    executor: Literal["inline", "process"] | Callable[[BuildParts], BuildExecutor] = "inline",
    max_concurrent: int = 4,
    worker_imports: Sequence[str] = (),
    worker_nice: int = 0,
) -> RunnerFactory:
    """The embedded runner: builds run in this process's event loop, or in one build-worker subprocess."""

    def make(parts: BuildParts) -> Runner:
        if executor == "inline":
            chosen: BuildExecutor = LocalExecutor(parts.driver)
        elif executor == "process":
            from .subprocess_executor import SubprocessExecutor

            chosen = SubprocessExecutor(
                parts.settings, imports=list(worker_imports), nice=worker_nice, database_url=parts.db.url
            )
        else:
            chosen = executor(parts)
        return InProcessRunner(
            store=parts.store, recorder=parts.recorder, bus=parts.bus, executor=chosen, max_concurrent=max_concurrent
        )

    return make


@contextlib.asynccontextmanager
async def open_build_service(
    settings: Settings | None = None,
    *,
    runner: Runner | RunnerFactory | None = None,
    bus: EventBus | None = None,
    database: Database | None = None,
    database_url: str | None = None,
    artifacts_dir: Path | None = None,
    artifacts: ArtifactStore | None = None,
    deploy_target: str = "local",
    resume_unfinished: bool = False,
) -> AsyncIterator[BuildService]:
    """A ``BuildService`` with its parts open. ``runner``: a ``Runner`` (e.g. the queue runner) or a factory taking
    the opened parts (default ``in_process()``). ``resume_unfinished``: hand builds a previous process left
    unfinished to the runner at start (the embedded server does; a library call does not)."""
    settings = settings or Settings()
    async with open_build_parts(
        settings,
        database=database,
        database_url=database_url,
        artifacts_dir=artifacts_dir,
        artifacts=artifacts,
        bus=bus,
    ) as parts:
        chosen = runner if runner is not None else in_process()
        build_runner = chosen if isinstance(chosen, Runner) else chosen(parts)
        await build_runner.open()
        try:
            service = BuildService(parts, build_runner, deploy_target=deploy_target)
            if resume_unfinished:
                await service.resume_unfinished()
            yield service
        finally:
            await build_runner.close()


__all__ = ["BuildService", "RunnerFactory", "in_process", "open_build_service"]
