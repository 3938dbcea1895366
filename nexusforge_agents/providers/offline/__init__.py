"""The embedded default provider: a deterministic engine that needs no key and no network.

It is honest about what it is (its model ids start with ``offline-``) and good enough that its apps boot and
pass their own tests. Each capability is a thin adapter over a pure module: ``spec`` (prompt understanding),
``mockups`` (wireframe rendering), ``video`` (slideshow MP4), ``codegen`` (app scaffolds).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from ...config import Settings
from ...context import AgentContext, Capability
from ...errors import InvalidInputError
from ...schemas import AppSpec
from ...spec_delta import SpecDelta


class OfflineSpecWriter:
    model_id = "offline-spec-1"

    async def write_spec(self, ctx: AgentContext, prompt: str) -> AppSpec:
        from .spec import extract_spec

        with ctx.timed_call(self.model_id):
            return extract_spec(prompt)

    async def revise_spec(self, ctx: AgentContext, spec: AppSpec, request: str) -> SpecDelta:
        from .revise import read_change_request

        with ctx.timed_call(self.model_id):
            return read_change_request(spec, request)


class OfflineMockupPainter:
    model_id = "offline-wireframe-1"

    async def paint(self, ctx: AgentContext, spec: AppSpec, component: str) -> bytes:
        from .mockups import render_mockup

        with ctx.timed_call(self.model_id):
            return await asyncio.to_thread(render_mockup, spec, component)


class OfflineVideoMaker:
    model_id = "offline-slideshow-1"

    async def make_video(self, ctx: AgentContext, spec: AppSpec, out: Path) -> Path:
        from .video import render_demo_video

        with ctx.timed_call(self.model_id):
            return await render_demo_video(spec, out)


class OfflineCodeWriter:
    """Writes the app from templates. A repair round regenerates the whole scaffold, restoring any file that
    a later step broke; it cannot reason about novel failures, which is what a real coding model is for."""

    model_id = "offline-codegen-1"

    async def write_code(
        self, ctx: AgentContext, spec: AppSpec, *, feedback: str | None, previous: dict[str, str] | None
    ) -> dict[str, str]:
        from .codegen import generate_app

        with ctx.timed_call(self.model_id):
            return await asyncio.to_thread(generate_app, spec)


_CAPABILITIES = {
    Capability.SPEC: OfflineSpecWriter,
    Capability.DESIGN: OfflineMockupPainter,
    Capability.VIDEO: OfflineVideoMaker,
    Capability.CODER: OfflineCodeWriter,
}


def offline_factory(name: str, capability: Capability, settings: Settings) -> object:
    if name:
        raise InvalidInputError(f"The offline provider takes no model name (got 'offline:{name}'); use 'offline'.")
    try:
        return _CAPABILITIES[capability]()
    except KeyError:
        raise InvalidInputError(f"The offline provider has no {capability.value} model.") from None
