"""Assembling a ``BuildResult`` from the graph's final state."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from .. import errors
from ..build_state import BuildState
from ..config import MODEL_AGENTS
from ..schemas import BuildResult, Usage, human_duration
from ..tools.workspace import read_files
from .claims import checked_claims


def assemble_result(state: BuildState) -> BuildResult:
    """The build's result from its state (a completed, failed or cancelled one alike)."""
    seconds = round((state.finished_at or time.time()) - state.started_at, 3)
    out = Path(state.output_dir)
    used: list[str] = []
    for agent in MODEL_AGENTS:
        model = state.models_by_agent.get(agent)
        if model and model not in used:
            used.append(model)
    code_files = read_files(out, state.code_manifest)
    spec = state.spec
    return BuildResult(
        session_id=state.session_id,
        status=state.status,
        specification=spec,
        mockups=dict(state.mockups),
        demo_video=state.demo_video,
        demo_video_source=state.demo_video_source,
        demo_video_note=state.demo_video_note,
        features=checked_claims(out, spec, code_files, state.tests),
        warnings=list(spec.warnings) if spec else [],
        code_files=code_files,
        deployment_url=state.deployment.url if state.deployment else None,
        build_time=human_duration(seconds),
        build_time_seconds=seconds,
        models_used=used,
        models_by_agent=dict(state.models_by_agent),
        phase_times=dict(state.phase_times),
        agent_times=dict(state.agent_times),
        usage=Usage.from_calls(state.calls),
        tests=state.tests,
        repair_rounds=state.repair_rounds,
        output_dir=str(out),
        error=state.error,
    )


def summary_of(result: BuildResult) -> dict[str, Any]:
    """The contract's ``build_completed.summary``."""
    return {
        "specification": "Generated" if result.specification else "Missing",
        "mockups": len(result.mockups),
        "demo_video": "Created" if result.demo_video else "Skipped",
        "code_files": len(result.code_files),
        "deployment": "Successful" if result.deployment_url else "Skipped",
        "tests_passed": result.tests.passed_count if result.tests else 0,
        "cost_usd": result.usage.cost_usd,
    }


def error_class(code: str) -> type[errors.NexusForgeError]:
    """The exception class for a contract error code."""
    for cls in vars(errors).values():
        is_error = isinstance(cls, type) and issubclass(cls, errors.NexusForgeError)
        if is_error and cls is not errors.NexusForgeError and cls.error_code == code:
            return cls
    return errors.NexusForgeError
