"""The library's top-level build functions: thin wrappers over ``BuildService`` with the in-process runner.

``stream_build`` yields the contract's events as the build emits them; ``build_app`` waits for the result.
Every step is checkpointed (SQLite file under ``Settings().home`` by default), so ``stream_resume`` continues an
interrupted build without redoing finished steps, in this process or another; ``cancel_build`` stops a build
running in this process, or marks an interrupted one cancelled so it never resumes.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from ..config import BuildConfig, Settings
from ..errors import BuildCancelledError, BuildFailedError, ConflictError, SessionNotFoundError
from ..events import BuildCancelled, BuildCompleted, BuildEvent, ErrorEvent, SpecReady, parse_event
from ..graph.result import error_class
from ..schemas import BuildResult, BuildStatus
from .inprocess import runner_of
from .service import BuildService, open_build_service


async def stream_build(
    prompt: str,
    config: BuildConfig | dict[str, Any] | None = None,
    *,
    session_id: str | None = None,
    output_dir: str | Path | None = None,
    settings: Settings | None = None,
) -> AsyncIterator[BuildEvent]:
    """Start a build and yield its events until it completes, fails or is cancelled."""
    async with open_build_service(settings) as service:
        record = await service.start(prompt, config, session_id=session_id, output_dir=output_dir)
        async for event in service.events(record.session_id):
            if isinstance(event, SpecReady):
                await _parked(event)
            yield event
            if isinstance(event, SpecReady):
                return  # the build waits for its plan's review: approve_spec / reject_spec, then stream_resume


async def stream_resume(session_id: str, *, settings: Settings | None = None) -> AsyncIterator[BuildEvent]:
    """Continue an interrupted build from its last checkpoint; a finished one yields its final event."""
    async with open_build_service(settings) as service:
        record = await _known(service, session_id)
        if BuildStatus(record.status).is_terminal:
            yield await _final_event(service, session_id)
            return
        await service.resume_or_start(session_id)
        async for event in service.events(session_id, after_seq=record.last_seq):
            if isinstance(event, SpecReady):
                await _parked(event)
            yield event
            if isinstance(event, SpecReady):
                return  # still waiting for its plan's review


async def build_app(prompt: str, config: BuildConfig | dict[str, Any] | None = None, **kwargs: Any) -> BuildResult:
    """Run a build to the end and return its ``BuildResult``; raise its error if it fails."""
    return await _result_of(stream_build(prompt, config, **kwargs))


async def follow_build(service: BuildService, session_id: str) -> BuildResult:
    """Wait for a build that ``service``'s runner runs (e.g. a queue worker) to end and return its ``BuildResult``;
    raise its error if it fails. A build that already ended answers at once."""
    return await _result_of(service.events(session_id))


async def resume_build(session_id: str, **kwargs: Any) -> BuildResult:
    """Resume an interrupted build and return its ``BuildResult``."""
    return await _result_of(stream_resume(session_id, **kwargs))


async def cancel_build(session_id: str, *, settings: Settings | None = None) -> bool:
    """Cancel a build: a running one stops at once; an interrupted one is marked cancelled so it won't resume.
    False if it had already ended."""
    runner = runner_of(session_id)
    if runner is not None:  # running in this process: stop it now (it records its own end)
        await runner.cancel(session_id)
        return True
    async with open_build_service(settings) as service:
        await _known(service, session_id)
        return await service.cancel(session_id)


async def get_build_state(session_id: str, *, settings: Settings | None = None) -> dict[str, Any]:
    """The graph state of a build's last checkpoint (for inspection and tests)."""
    async with open_build_service(settings) as service:
        return await service.parts.driver.state(session_id)


async def _known(service: BuildService, session_id: str) -> Any:
    try:
        return await service.status(session_id, with_result=False)
    except SessionNotFoundError:
        home = service.settings.home
        raise SessionNotFoundError(
            f"No build session {session_id!r} under {home}; `nexusforge builds` lists the sessions recorded there "
            "(NEXUSFORGE_HOME selects another home)."
        ) from None


async def _final_event(service: BuildService, session_id: str) -> BuildEvent:
    stored = await service.store.events_after(session_id, 0)
    event = parse_event(stored[-1]) if stored else BuildCancelled(session_id=session_id)
    if isinstance(event, BuildCompleted):
        event.result = await service.result(session_id)
    return event


async def _parked(ready: SpecReady) -> None:
    """The run that announced a plan for review ends right after storing its interrupt: let it, before the
    caller may close this process's service (which would stop the run)."""
    runner = runner_of(ready.session_id or "")
    if runner is not None:
        await runner.wait(ready.session_id or "")


async def _result_of(events: AsyncIterator[BuildEvent]) -> BuildResult:
    last: BuildEvent | None = None
    async with contextlib.aclosing(events):  # type: ignore[type-var]
        async for event in events:
            last = event
            if isinstance(event, BuildCompleted) and event.result is not None:
                return event.result
            if isinstance(event, ErrorEvent):
                raise error_class(event.error_code)(
                    event.message,
                    error_code=event.error_code,
                    retry_possible=event.retry_possible,
                    details=event.details or {},
                )
    if isinstance(last, BuildCancelled):
        raise BuildCancelledError("The build was cancelled.")
    if isinstance(last, SpecReady):
        raise ConflictError(
            f"Build {last.session_id} waits for its plan to be reviewed: approve_spec(session_id) (or reject_spec), "
            "then resume_build(session_id)."
        )
    raise BuildFailedError("The build ended without a result.")
