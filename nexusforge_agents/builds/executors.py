"""Where the in-process runner's graph work happens: in this event loop (``LocalExecutor``), or in a build-worker
subprocess (``subprocess_executor.SubprocessExecutor``) so the graph's CPU work never competes with an API for
its GIL. Both give a build's events until its terminal one.
"""

from __future__ import annotations

import contextlib
import importlib
from pathlib import Path
from typing import Any, Protocol

from ..config import MODEL_AGENTS, BuildConfig, Settings
from ..providers.registry import check_model_id, split_model_id
from .graph_driver import EventStream, GraphDriver

_OFFLINE_ENGINE = ("spec", "mockups", "video", "codegen")


class WorkerLostError(RuntimeError):
    """The build-worker process exited while builds were running (they can be resumed from their checkpoints)."""


class BuildExecutor(Protocol):
    async def open(self) -> None: ...

    async def close(self) -> None: ...

    def run(self, session_id: str, prompt: str, config: BuildConfig, output_dir: Path) -> EventStream:
        """Resume the build from its checkpoint, or start it if it has none; yields its events."""
        ...

    async def cancel(self, session_id: str) -> bool:
        """Stop a running build; True if it was inside the graph (its stream then ends with ``BuildCancelled``)."""
        ...

    async def mark_cancelled(self, session_id: str) -> None:
        """Mark a build that is not running cancelled in its checkpoint, so nothing resumes it."""
        ...

    def describe(self) -> dict[str, Any]: ...


class LocalExecutor:
    """The graph in this event loop, through the service's ``GraphDriver`` (one checkpointer per process)."""

    def __init__(self, driver: GraphDriver) -> None:
        self.driver = driver

    async def open(self) -> None:
        """The driver is opened with the service."""

    async def close(self) -> None:
        """Nothing of its own to release."""

    def run(self, session_id: str, prompt: str, config: BuildConfig, output_dir: Path) -> EventStream:
        return self.driver.resume_or_start(session_id, prompt, config, output_dir)

    async def cancel(self, session_id: str) -> bool:
        return await self.driver.cancel(session_id)

    async def mark_cancelled(self, session_id: str) -> None:
        await self.driver.mark_cancelled(session_id)

    def describe(self) -> dict[str, Any]:
        return {"mode": "inline"}


def warm_up(settings: Settings, *, runs_builds: bool = True) -> None:
    """Load what the first build would otherwise import inside the event loop (seconds of stalled requests):
    LangGraph and the compiled graph, the configured providers, the offline engine and its ffmpeg; in a process
    that runs builds (``runs_builds``), start the warm pytest its QA runs from too (in the background)."""
    from ..graph.starri import create_starri
    from ..tools.sandbox import prepare_app_tests

    create_starri()
    if runs_builds:
        prepare_app_tests(settings.app_python)
    model_ids = {settings.model_for(agent) for agent in MODEL_AGENTS}
    for model_id in model_ids:
        check_model_id(model_id)
    if any(split_model_id(model_id)[0] == "offline" for model_id in model_ids):
        for name in _OFFLINE_ENGINE:
            with contextlib.suppress(ImportError):
                importlib.import_module(f"nexusforge_agents.providers.offline.{name}")
        with contextlib.suppress(Exception):  # a missing ffmpeg is reported by the build that needs it
            import imageio_ffmpeg

            imageio_ffmpeg.get_ffmpeg_exe()
