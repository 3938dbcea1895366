"""The capabilities agents call, as protocols a provider implements for a model id.

Agents never know which provider they hold: they call the capability with an ``AgentContext``
(``nexusforge_agents.context``) that records every model call, enforces the build's budget and forwards progress.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

from ..context import AgentContext
from ..schemas import AppSpec


@runtime_checkable
class SpecWriter(Protocol):
    model_id: str

    async def write_spec(self, ctx: AgentContext, prompt: str) -> AppSpec: ...


@runtime_checkable
class MockupPainter(Protocol):
    model_id: str

    async def paint(self, ctx: AgentContext, spec: AppSpec, component: str) -> bytes:
        """Return one PNG image of the component."""
        ...


@runtime_checkable
class VideoMaker(Protocol):
    model_id: str

    async def make_video(self, ctx: AgentContext, spec: AppSpec, out: Path) -> Path:
        """Write an MP4 demo of the app to ``out`` and return it.

        It runs in parallel with the design agent, so it cannot wait for the mockups: the offline maker renders
        its frames with the same wireframe renderer; a video model works from the spec.
        """
        ...


@runtime_checkable
class CodeWriter(Protocol):
    model_id: str

    async def write_code(
        self, ctx: AgentContext, spec: AppSpec, *, feedback: str | None, previous: dict[str, str] | None
    ) -> dict[str, str]:
        """Return the app's files (relative path -> text). ``feedback`` is the failing test output."""
        ...


@runtime_checkable
class CodeReviewer(Protocol):
    model_id: str

    async def review(self, ctx: AgentContext, spec: AppSpec, files: dict[str, str]) -> tuple[dict[str, str], list[str]]:
        """Return improved files (only those changed) and notes on what was changed."""
        ...
