"""Video agent: a demo video of the app (skipped when the build disables it)."""

from __future__ import annotations

from typing import Any

from ..providers.base import AgentContext, Capability
from ..providers.registry import resolve
from ..schemas import AppSpec

VIDEO_FILE = "demo/demo.mp4"


async def run(ctx: AgentContext, state: dict[str, Any]) -> dict[str, Any]:
    spec = AppSpec.model_validate(state["spec"])
    maker = resolve(ctx.config.model_for("video", ctx.settings), Capability.VIDEO, ctx.settings)
    ctx.progress(f"Rendering the demo video with {maker.model_id}...", 0.0)
    path = await maker.make_video(ctx, spec, ctx.workdir / VIDEO_FILE)
    ctx.progress("Demo video ready", 1.0)
    return {"demo_video": str(path), "models_by_agent": {"video": maker.model_id}}
