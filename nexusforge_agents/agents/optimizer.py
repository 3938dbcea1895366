"""Optimizer agent: an optional model review pass, then ruff format and fixes on the generated Python."""

from __future__ import annotations

from typing import Any

from ..build_state import BuildState
from ..config import AgentName
from ..context import AgentContext, Capability
from ..providers.registry import resolve
from ..tools.ruff import ruff_optimize
from ..tools.workspace import read_files, write_files

RUFF_MODEL_ID = "ruff"


async def run(ctx: AgentContext, state: BuildState) -> dict[str, Any]:
    manifest = state.code_manifest
    model_id = ctx.config.model_for(AgentName.OPTIMIZER, ctx.settings)
    notes: list[str] = []
    used = RUFF_MODEL_ID
    if model_id != "offline":
        reviewer = resolve(model_id, Capability.OPTIMIZER, ctx.settings)
        ctx.progress(f"Reviewing the code with {reviewer.model_id}...", 0.1)
        changed, notes = await reviewer.review(ctx, state.require_spec(), read_files(ctx.workdir, manifest))
        write_files(ctx.workdir, {p: t for p, t in changed.items() if p in manifest})
        used = reviewer.model_id
    ctx.progress("Formatting and linting the generated Python with ruff...", 0.5)
    notes += await ruff_optimize(ctx.workdir, [p for p in manifest if p.endswith(".py")])
    ctx.progress(notes[-1], 1.0)
    return {
        "optimized_version": state.code_version,
        "optimizer_notes": notes,
        "models_by_agent": {AgentName.OPTIMIZER: used},
    }
