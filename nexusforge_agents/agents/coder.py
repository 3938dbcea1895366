"""Coder agent: writes the app's files; in a repair round it gets the failing test output. In a revision, a coder
that edits (``CodeReviser``: a real model) gets the spec delta and the app's current files and returns them edited;
one that does not (the offline engine) writes the app for the revised spec again."""

from __future__ import annotations

from typing import Any

from ..build_state import BuildState
from ..config import AgentName
from ..context import AgentContext, Capability
from ..providers.base import CodeReviser
from ..providers.registry import resolve
from ..tools.sandbox import prepare_app_tests
from ..tools.workspace import read_files, remove_stale, write_files


async def run(ctx: AgentContext, state: BuildState) -> dict[str, Any]:
    prepare_app_tests(ctx.settings.app_python)  # QA's warm pytest imports its libraries while the code is written
    writer = resolve(ctx.config.model_for(AgentName.CODER, ctx.settings), Capability.CODER, ctx.settings)
    old_manifest = state.code_manifest
    tests = state.tests
    repairing = bool(old_manifest) and tests is not None and not tests.passed
    revision = state.revision if state.revision is not None and not repairing else None
    spec = state.require_spec()
    if revision is not None and revision.delta is not None and isinstance(writer, CodeReviser):
        ctx.progress(f"Revising the code with {writer.model_id}: edits to the current files...", 0.0)
        present = [path for path in old_manifest if (ctx.workdir / path).is_file()]
        current = read_files(ctx.workdir, present)
        files = await writer.revise_code(ctx, revision.base_spec, spec, revision.delta, current)
    else:
        feedback = tests.output if repairing and tests is not None else None
        previous = read_files(ctx.workdir, old_manifest) if repairing else None
        verb = f"Repairing the code (round {state.repair_rounds})" if repairing else "Writing the code"
        ctx.progress(f"{verb} with {writer.model_id}...", 0.0)
        files = await writer.write_code(ctx, spec, feedback=feedback, previous=previous)
    manifest = write_files(ctx.workdir, files)
    remove_stale(ctx.workdir, old_manifest, manifest)
    ctx.progress(f"{len(manifest)} files written", 1.0)
    return {
        "code_manifest": manifest,
        "code_version": state.code_version + 1,
        "models_by_agent": {AgentName.CODER: writer.model_id},
    }
