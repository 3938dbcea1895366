"""Coder agent: writes the app's files; in a repair round it gets the failing test output."""

from __future__ import annotations

from typing import Any

from ..context import AgentContext, Capability
from ..providers.registry import resolve
from ..schemas import AppSpec
from ..tools.workspace import read_files, remove_stale, write_files


async def run(ctx: AgentContext, state: dict[str, Any]) -> dict[str, Any]:
    spec = AppSpec.model_validate(state["spec"])
    writer = resolve(ctx.config.model_for("coder", ctx.settings), Capability.CODER, ctx.settings)
    old_manifest: list[str] = state.get("code_manifest") or []
    tests = state.get("tests")
    repairing = bool(old_manifest) and tests is not None and not tests.get("passed")
    feedback = tests["output"] if repairing else None
    previous = read_files(ctx.workdir, old_manifest) if repairing else None
    verb = f"Repairing the code (round {state.get('repair_rounds', 0)})" if repairing else "Writing the code"
    ctx.progress(f"{verb} with {writer.model_id}...", 0.0)
    files = await writer.write_code(ctx, spec, feedback=feedback, previous=previous)
    manifest = write_files(ctx.workdir, files)
    remove_stale(ctx.workdir, old_manifest, manifest)
    ctx.progress(f"{len(manifest)} files written", 1.0)
    return {
        "code_manifest": manifest,
        "code_version": state.get("code_version", 0) + 1,
        "models_by_agent": {"coder": writer.model_id},
    }
