"""Assembling a ``BuildResult`` from the graph's final state."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from .. import errors
from ..schemas import AppSpec, BuildResult, BuildStatus, ModelCall, TestReport, Usage, human_duration
from ..tools.workspace import read_files
from .claims import checked_claims

AGENT_ORDER = ("spec", "design", "video", "coder", "optimizer")


def assemble_result(values: dict[str, Any]) -> BuildResult:
    started = values.get("started_at", time.time())
    seconds = round(values.get("finished_at", time.time()) - started, 3)
    out = Path(values["output_dir"])
    by_agent = dict(values.get("models_by_agent") or {})
    used = []
    for agent in AGENT_ORDER:
        if by_agent.get(agent) and by_agent[agent] not in used:
            used.append(by_agent[agent])
    deployment = values.get("deployment") or {}
    tests = TestReport.model_validate(values["tests"]) if values.get("tests") else None
    spec = AppSpec.model_validate(values["spec"]) if values.get("spec") else None
    code_files = read_files(out, values.get("code_manifest") or [])
    return BuildResult(
        session_id=values["session_id"],
        status=BuildStatus(values.get("status", BuildStatus.COMPLETED)),
        specification=spec,
        mockups=dict(values.get("mockups") or {}),
        demo_video=values.get("demo_video"),
        demo_video_source=values.get("demo_video_source"),
        demo_video_note=values.get("demo_video_note") or "",
        features=checked_claims(out, spec, code_files, tests),
        warnings=list(spec.warnings) if spec else [],
        code_files=code_files,
        deployment_url=deployment.get("url"),
        build_time=human_duration(seconds),
        build_time_seconds=seconds,
        models_used=used,
        models_by_agent=by_agent,
        phase_times=dict(values.get("phase_times") or {}),
        agent_times=dict(values.get("agent_times") or {}),
        usage=Usage.from_calls([ModelCall.model_validate(c) for c in values.get("calls") or []]),
        tests=tests,
        repair_rounds=values.get("repair_rounds", 0),
        output_dir=str(out),
        error=values.get("error"),
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
