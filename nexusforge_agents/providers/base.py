"""The capabilities agents call, as protocols a provider implements for a model id, and what a provider package
declares to be found (``ProviderSpec``, loaded from the ``nexusforge_agents.providers`` entry points).

Agents never know which provider they hold: they call the capability with an ``AgentContext``
(``nexusforge_agents.context``) that records every model call, enforces the build's budget and forwards progress.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field

from ..config import Settings
from ..context import AgentContext, Capability
from ..schemas import AppSpec
from ..spec_delta import SpecDelta


@runtime_checkable
class SpecWriter(Protocol):
    model_id: str

    async def write_spec(self, ctx: AgentContext, prompt: str) -> AppSpec: ...


@runtime_checkable
class SpecReviser(Protocol):
    """A spec writer that also reads a follow-up request on a built app into a ``SpecDelta`` (revisions)."""

    model_id: str

    async def revise_spec(self, ctx: AgentContext, spec: AppSpec, request: str) -> SpecDelta: ...


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
class CodeReviser(Protocol):
    """A code writer that also revises a built app by editing its files (a real model); a writer without it
    regenerates the app from the revised spec (the offline engine, whose regeneration is deterministic)."""

    model_id: str

    async def revise_code(
        self, ctx: AgentContext, before: AppSpec, after: AppSpec, delta: SpecDelta, files: dict[str, str]
    ) -> dict[str, str]:
        """Return the app's files after the revision (relative path -> text); ``files`` are its current ones."""
        ...


@runtime_checkable
class CodeReviewer(Protocol):
    model_id: str

    async def review(self, ctx: AgentContext, spec: AppSpec, files: dict[str, str]) -> tuple[dict[str, str], list[str]]:
        """Return improved files (only those changed) and notes on what was changed."""
        ...


CAPABILITY_PROTOCOLS: dict[Capability, type] = {
    Capability.SPEC: SpecWriter,
    Capability.DESIGN: MockupPainter,
    Capability.VIDEO: VideoMaker,
    Capability.CODER: CodeWriter,
    Capability.OPTIMIZER: CodeReviewer,
}
"""What the object a provider makes for each capability must offer (checked when a model id is resolved)."""

ProviderFactory = Callable[[str, Capability, Settings], Any]
"""(model name after the prefix, capability, settings) -> an object implementing the capability."""


class ProviderSpec(BaseModel):
    """What a provider package declares under the ``nexusforge_agents.providers`` entry-point group.

    The entry point's name is the model-id prefix (``gemini`` serves ``gemini:<model>``) and its object is a
    ``ProviderSpec`` with the same ``prefix``. Nothing here imports an SDK: ``requires`` names the modules the
    provider's extra installs (found without importing them), ``missing_env`` says which credentials a model
    still needs, so a build that cannot run is refused before it starts, naming the fix.
    """

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    prefix: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    summary: str
    factory: ProviderFactory
    extra: str | None = None
    """The nexusforge-agents extra that installs the provider's SDK (``pip install "nexusforge-agents[extra]"``)."""
    requires: tuple[str, ...] = ()
    """Modules that must be importable for the provider to run (checked with ``importlib.util.find_spec``)."""
    missing_env: Callable[[str], str | None] | None = None
    """Model name -> the environment variable(s) it still needs (e.g. ``"GEMINI_API_KEY (or GOOGLE_API_KEY)"``)."""
    models: Callable[[Settings], list[dict[str, Any]]] | None = None
    """The entries ``nexusforge models`` and ``GET /api/config/models`` list; without it, one entry per prefix."""
    distribution: str = ""
    """The installed distribution the entry point came from (set by the registry)."""


class ModelProblem(BaseModel):
    """Why a model id cannot run in this process, and the machine-readable fix (extra, install command, env var)."""

    message: str
    details: dict[str, Any] = Field(default_factory=dict)
