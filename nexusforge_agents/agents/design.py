"""Design agent: one mockup image per page of the spec's page model (its UI components), painted concurrently."""

from __future__ import annotations

import asyncio
from typing import Any

from ..build_state import BuildState
from ..config import AgentName
from ..context import AgentContext, Capability
from ..providers.registry import resolve

MOCKUP_DIR = "mockups"


async def run(ctx: AgentContext, state: BuildState) -> dict[str, Any]:
    spec = state.require_spec()
    painter = resolve(ctx.config.model_for(AgentName.DESIGN, ctx.settings), Capability.DESIGN, ctx.settings)
    folder = ctx.workdir / MOCKUP_DIR
    folder.mkdir(parents=True, exist_ok=True)
    limit = asyncio.Semaphore(ctx.settings.parallel_mockups)
    done: dict[str, str] = {}

    async def paint(component: str) -> None:
        async with limit:
            image = await painter.paint(ctx, spec, component)
        path = folder / f"{component}.png"
        path.write_bytes(image)
        done[component] = str(path)
        ctx.progress(f"Mockup for {component} ready", len(done) / len(spec.ui_components))

    ctx.progress(f"Painting {len(spec.ui_components)} mockups with {painter.model_id}...", 0.0)
    await asyncio.gather(*(paint(c) for c in spec.ui_components))
    ordered = {c: done[c] for c in spec.ui_components}
    return {"mockups": ordered, "models_by_agent": {AgentName.DESIGN: painter.model_id}}
