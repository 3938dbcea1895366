"""Running Starri: start, stream, resume and cancel builds.

``stream_build`` yields the contract's events as the graph emits them; ``build_app`` waits for the result.
Every step is checkpointed (SQLite file by default, ``durability="sync"``), keyed by the session id, so
``stream_resume`` continues an interrupted build without redoing finished steps, in this process or another.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from ..config import MAX_PROMPT_CHARS, BuildConfig, Settings
from ..errors import (
    BuildCancelledError,
    BuildFailedError,
    InvalidInputError,
    NexusForgeError,
    SessionNotFoundError,
)
from ..events import BuildCompleted, BuildEvent, ErrorEvent, ProgressUpdate
from ..inputs import has_visible_text, text_problem
from ..private_paths import private_dir, private_file
from ..providers.registry import check_available
from ..schemas import BuildStatus, DeployOptions
from .result import assemble_result, error_class, summary_of
from .translate import EventTranslator

RESULT_FILE = "build.json"
_RUNNING: dict[str, asyncio.Task[None]] = {}
_DONE = object()


@contextlib.asynccontextmanager
async def open_checkpointer(settings: Settings) -> AsyncIterator[Any]:
    """The default checkpointer: one SQLite file under ``settings.home`` (share one per process)."""
    from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

    private_dir(settings.checkpoint_path.parent)  # the home: checkpoints hold every build's prompt and state
    private_file(settings.checkpoint_path)
    async with AsyncSqliteSaver.from_conn_string(str(settings.checkpoint_path)) as saver:
        yield saver


def validate_prompt(prompt: Any) -> str:
    if not isinstance(prompt, str) or not has_visible_text(prompt):
        raise InvalidInputError("App description is required")
    if problem := text_problem(prompt):
        raise InvalidInputError(f"App description: {problem}", details={"field": "prompt"})
    if len(prompt) > MAX_PROMPT_CHARS:
        raise InvalidInputError(f"App description is too long ({len(prompt)} characters; at most {MAX_PROMPT_CHARS}).")
    return prompt.strip()


def coerce_config(config: BuildConfig | dict[str, Any] | None) -> BuildConfig:
    if config is None:
        return BuildConfig()
    if isinstance(config, BuildConfig):
        return config
    try:
        return BuildConfig.model_validate(config)
    except ValueError as exc:
        raise InvalidInputError(f"Invalid build config: {exc}") from exc


async def stream_build(
    prompt: str,
    config: BuildConfig | dict[str, Any] | None = None,
    *,
    session_id: str | None = None,
    output_dir: str | Path | None = None,
    settings: Settings | None = None,
    checkpointer: Any = None,
) -> AsyncIterator[BuildEvent]:
    """Start a build and yield its events until it completes, fails or is cancelled."""
    prompt = validate_prompt(prompt)
    build_config = coerce_config(config)
    settings = settings or Settings()
    check_available(build_config, settings)
    session_id = session_id or str(uuid.uuid4())
    out = Path(output_dir or settings.workspaces_dir / session_id).resolve()
    out.mkdir(parents=True, exist_ok=True)
    initial = {
        "session_id": session_id,
        "prompt": prompt,
        "config": build_config.model_dump(),
        "output_dir": str(out),
        "started_at": time.time(),
        "status": BuildStatus.INITIALIZING.value,
        "deploy_options": DeployOptions().model_dump(),
    }
    async with _saver(settings, checkpointer) as saver:
        async for event in _drive(initial, session_id, settings, saver, BuildStatus.INITIALIZING):
            yield event


async def stream_resume(
    session_id: str, *, settings: Settings | None = None, checkpointer: Any = None
) -> AsyncIterator[BuildEvent]:
    """Continue an interrupted build from its last checkpoint; a finished one yields its final event."""
    settings = settings or Settings()
    async with _saver(settings, checkpointer) as saver:
        values = await _state(settings, saver, session_id)
        status = values.get("status", BuildStatus.INITIALIZING)
        if status in (BuildStatus.COMPLETED, BuildStatus.FAILED, BuildStatus.CANCELLED):
            yield _final_event(values, session_id)
            return
        if session_id in _RUNNING:
            raise InvalidInputError(f"Build {session_id} is already running in this process.")
        async for event in _drive(None, session_id, settings, saver, status):
            yield event


async def build_app(prompt: str, config: BuildConfig | dict[str, Any] | None = None, **kwargs: Any):  # noqa: ANN201
    """Run a build to the end and return its ``BuildResult``; raise its error if it fails."""
    return await _result_of(stream_build(prompt, config, **kwargs))


async def resume_build(session_id: str, **kwargs: Any):  # noqa: ANN201
    """Resume an interrupted build and return its ``BuildResult``."""
    return await _result_of(stream_resume(session_id, **kwargs))


async def cancel_build(session_id: str, *, settings: Settings | None = None, checkpointer: Any = None) -> bool:
    """Cancel a build: a running one stops at once; an interrupted one is marked cancelled so it won't resume."""
    task = _RUNNING.get(session_id)
    if task is not None:
        task.cancel()
        return True
    settings = settings or Settings()
    async with _saver(settings, checkpointer) as saver:
        values = await _state(settings, saver, session_id)
        if BuildStatus(values.get("status", "initializing")).is_terminal:
            return False
        await _mark(settings, saver, session_id, BuildStatus.CANCELLED)
        return True


def is_running(session_id: str) -> bool:
    return session_id in _RUNNING


async def get_build_state(session_id: str, *, settings: Settings | None = None, checkpointer: Any = None) -> dict:
    settings = settings or Settings()
    async with _saver(settings, checkpointer) as saver:
        return await _state(settings, saver, session_id)


@contextlib.asynccontextmanager
async def _saver(settings: Settings, checkpointer: Any) -> AsyncIterator[Any]:
    if checkpointer is not None:
        yield checkpointer
    else:
        async with open_checkpointer(settings) as saver:
            yield saver


def _cfg(session_id: str) -> dict[str, Any]:
    return {"configurable": {"thread_id": session_id}, "recursion_limit": 100}


async def _state(settings: Settings, saver: Any, session_id: str) -> dict[str, Any]:
    from .starri import create_starri

    snapshot = await create_starri(settings, checkpointer=saver).aget_state(_cfg(session_id))
    if not snapshot.values:
        raise SessionNotFoundError(
            f"No build session {session_id!r} in {settings.checkpoint_path}; `nexusforge builds` lists the "
            "sessions recorded there (NEXUSFORGE_HOME selects another home)."
        )
    return dict(snapshot.values)


async def _mark(settings: Settings, saver: Any, session_id: str, status: BuildStatus) -> None:
    from .starri import create_starri

    graph = create_starri(settings, checkpointer=saver)
    await graph.aupdate_state(_cfg(session_id), {"status": status.value}, as_node="supervisor")


async def _drive(
    graph_input: dict[str, Any] | None, session_id: str, settings: Settings, saver: Any, phase: str
) -> AsyncIterator[BuildEvent]:
    from .starri import create_starri

    graph = create_starri(settings, checkpointer=saver)
    queue: asyncio.Queue[Any] = asyncio.Queue()

    async def pump() -> None:
        async for part in graph.astream(graph_input, _cfg(session_id), stream_mode="custom", durability="sync"):
            queue.put_nowait(part)

    task = asyncio.create_task(pump(), name=f"starri:{session_id}")
    task.add_done_callback(lambda _: queue.put_nowait(_DONE))
    _RUNNING[session_id] = task
    translator = EventTranslator(session_id, phase=phase)
    try:
        if graph_input is None:
            yield translator.resumed()
        while (item := await queue.get()) is not _DONE:
            for event in translator.translate(item):
                yield event
        if task.cancelled():
            await _mark(settings, saver, session_id, BuildStatus.CANCELLED)
            yield ProgressUpdate(
                session_id=session_id,
                phase=BuildStatus.CANCELLED,
                progress=translator.progress,
                message="Build cancelled by user",
            )
            return
        if (crash := task.exception()) is not None:
            await _mark(settings, saver, session_id, BuildStatus.FAILED)
            code = crash.error_code if isinstance(crash, NexusForgeError) else "BUILD_FAILED"
            yield ErrorEvent(
                session_id=session_id,
                phase=translator.phase,
                error_code=code,
                message=f"Starri stopped: {type(crash).__name__}: {crash}",
                retry_possible=True,
                progress=translator.progress,
            )
            return
        values = dict((await graph.aget_state(_cfg(session_id))).values)
        if values.get("status") == BuildStatus.COMPLETED:
            yield _final_event(values, session_id)
    finally:
        _RUNNING.pop(session_id, None)
        if not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task


def _final_event(values: dict[str, Any], session_id: str) -> BuildEvent:
    status = values.get("status")
    if status == BuildStatus.COMPLETED:
        result = assemble_result(values)
        Path(result.output_dir, RESULT_FILE).write_text(
            json.dumps(result.model_dump(mode="json", exclude={"code_files"}), indent=2), encoding="utf-8"
        )
        return BuildCompleted(
            session_id=session_id,
            deployment_url=result.deployment_url,
            total_time=result.build_time,
            summary=summary_of(result),
            result=result,
        )
    if status == BuildStatus.CANCELLED:
        return ProgressUpdate(
            session_id=session_id, phase=BuildStatus.CANCELLED, progress=0, message="Build was cancelled"
        )
    error = values.get("error") or {"error_code": "BUILD_FAILED", "message": "Build failed"}
    return ErrorEvent(
        session_id=session_id,
        phase=error.get("phase") or BuildStatus.FAILED,
        error_code=error["error_code"],
        message=error["message"],
        retry_possible=bool(error.get("retry_possible")),
        details=error.get("details"),
    )


async def _result_of(events: AsyncIterator[BuildEvent]):  # noqa: ANN202
    last: BuildEvent | None = None
    async with contextlib.aclosing(events):
        async for event in events:
            last = event
            if isinstance(event, BuildCompleted):
                return event.result
            if isinstance(event, ErrorEvent):
                raise error_class(event.error_code)(
                    event.message,
                    error_code=event.error_code,
                    retry_possible=event.retry_possible,
                    details=event.details or {},
                )
    if last is not None and last.phase == BuildStatus.CANCELLED:
        raise BuildCancelledError("The build was cancelled.")
    raise BuildFailedError("The build ended without a result.")
