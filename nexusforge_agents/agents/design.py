"""Design agent: one mockup image per page of the spec's page model (its UI components), painted concurrently. In a
revision only the pages whose mockup changes are painted again (``Revision.pages_to_paint``); the others keep theirs
and the mockups of removed pages are deleted."""

from __future__ import annotations

import asyncio
from typing import Any

from langgraph.types import Overwrite

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
    revision = state.revision if state.revision is not None and state.revision.delta is not None else None
    kept = {c: str(folder / f"{c}.png") for c in spec.ui_components} if revision else {}
    wanted = (
        [c for c in spec.ui_components if c in revision.pages_to_paint or c not in state.mockups] if revision else []
    )
    to_paint = wanted if revision else list(spec.ui_components)

    async def paint(component: str) -> None:
        async with limit:
            image = await painter.paint(ctx, spec, component)
        path = folder / f"{component}.png"
        path.write_bytes(image)
        done[component] = str(path)
        ctx.progress(f"Mockup for {component} ready", len(done) / max(len(to_paint), 1))

    ctx.progress(f"Painting {len(to_paint)} mockups with {painter.model_id}...", 0.0)
    await asyncio.gather(*(paint(c) for c in to_paint))
    if revision is None:
        ordered = {c: done[c] for c in spec.ui_components}
        return {"mockups": ordered, "models_by_agent": {AgentName.DESIGN: painter.model_id}}
    for removed in revision.pages_removed:
        (folder / f"{removed}.png").unlink(missing_ok=True)
    current = {c: done.get(c, kept[c]) for c in spec.ui_components}  # the removed pages' mockups leave the state
    return {"mockups": Overwrite(current), "models_by_agent": {AgentName.DESIGN: painter.model_id}}
