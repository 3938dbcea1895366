"""Where builds run: the engine the server's build manager drives.

``InlineEngine`` runs the library's graph in the server's own event loop (one checkpointer in this process).
``ProcessEngine`` (``worker_client.py``) runs it in a build-worker process, so the graph's CPU work (rendering,
code generation, LangGraph itself) never competes with the API for this process's GIL. Both speak the same
four calls; each stream ends after the build's final event (or the cancelled one).
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import AsyncGenerator, AsyncIterator
from pathlib import Path
from typing import Any, Protocol, cast

from ..config import AGENTS, BuildConfig, Settings
from ..errors import SessionNotFoundError
from ..events import BuildEvent
from ..graph.run import cancel_build, get_build_state, is_running, open_checkpointer, stream_build, stream_resume
from ..providers.registry import check_model_id, split_model_id

_OFFLINE_ENGINE = ("spec", "mockups", "video", "codegen")


def warm_up(settings: Settings) -> None:
    """Load what the first build would otherwise import inside the event loop (seconds of stalled requests):
    LangGraph and the compiled graph, the configured providers, the offline engine and its ffmpeg."""
    from ..graph.starri import create_starri

    create_starri(settings)
    model_ids = {settings.model_for(agent) for agent in AGENTS}
    for model_id in model_ids:
        check_model_id(model_id)
    if any(split_model_id(model_id)[0] == "offline" for model_id in model_ids):
        for name in _OFFLINE_ENGINE:
            with contextlib.suppress(ImportError):
                importlib.import_module(f"..providers.offline.{name}", __package__)
        with contextlib.suppress(Exception):  # a missing ffmpeg is reported by the build that needs it
            import imageio_ffmpeg

            imageio_ffmpeg.get_ffmpeg_exe()


EventStream = AsyncGenerator[BuildEvent, None]
"""A build's events; an async generator, so it can be closed early (``contextlib.aclosing``)."""


def as_stream(events: AsyncIterator[BuildEvent]) -> EventStream:
    """The library's ``stream_build``/``stream_resume`` are async generators annotated as iterators."""
    return cast(EventStream, events)


class WorkerLostError(RuntimeError):
    """The build worker process exited while builds were running (they can be resumed)."""


class Engine(Protocol):
    async def open(self) -> None: ...

    async def close(self) -> None: ...

    def start(self, session_id: str, prompt: str, config: BuildConfig, output_dir: Path) -> EventStream:
        """Run a new build; yields its events."""
        ...

    def resume(self, session_id: str, prompt: str, config: dict[str, Any], output_dir: Path) -> EventStream:
        """Continue an interrupted build from its checkpoint (start it again if it never reached one)."""
        ...

    async def cancel(self, session_id: str) -> bool:
        """Stop a running build; True if the engine took charge (its stream then ends with the cancelled event)."""
        ...

    async def mark_cancelled(self, session_id: str) -> None:
        """Mark a build that is not running as cancelled in its checkpoint, so nothing resumes it."""
        ...

    def describe(self) -> dict[str, Any]: ...


async def resumed_events(
    session_id: str, prompt: str, config: BuildConfig | dict[str, Any], output_dir: Path, settings: Settings, saver: Any
) -> EventStream:
    """``stream_resume`` if the build has a checkpoint, else ``stream_build`` again under the same id."""
    common = {"settings": settings, "checkpointer": saver}
    try:
        await get_build_state(session_id, **common)
    except SessionNotFoundError:
        events = stream_build(prompt, config, session_id=session_id, output_dir=output_dir, **common)
    else:
        events = stream_resume(session_id, **common)
    async with contextlib.aclosing(as_stream(events)):
        async for event in events:
            yield event


class InlineEngine:
    """The graph in this process and event loop, with one shared checkpointer."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.checkpointer: Any = None
        self._stack = contextlib.AsyncExitStack()

    async def open(self) -> None:
        self.checkpointer = await self._stack.enter_async_context(open_checkpointer(self.settings))

    async def close(self) -> None:
        await self._stack.aclose()
        self.checkpointer = None

    def start(self, session_id: str, prompt: str, config: BuildConfig, output_dir: Path) -> EventStream:
        events = stream_build(
            prompt,
            config,
            session_id=session_id,
            output_dir=output_dir,
            settings=self.settings,
            checkpointer=self.checkpointer,
        )
        return as_stream(events)

    def resume(self, session_id: str, prompt: str, config: dict[str, Any], output_dir: Path) -> EventStream:
        return resumed_events(session_id, prompt, config, output_dir, self.settings, self.checkpointer)

    async def cancel(self, session_id: str) -> bool:
        if not is_running(session_id):
            return False  # not inside the graph (yet): the caller cancels its own task
        await cancel_build(session_id, settings=self.settings, checkpointer=self.checkpointer)
        return True

    async def mark_cancelled(self, session_id: str) -> None:
        with contextlib.suppress(SessionNotFoundError):
            await cancel_build(session_id, settings=self.settings, checkpointer=self.checkpointer)

    def describe(self) -> dict[str, Any]:
        return {"mode": "inline"}
