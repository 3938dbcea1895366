"""QA agent: runs the generated app's own tests; the supervisor decides what a failure means."""

from __future__ import annotations

from typing import Any

from ..providers.base import AgentContext
from ..tools.sandbox import run_app_tests


async def run(ctx: AgentContext, state: dict[str, Any]) -> dict[str, Any]:
    ctx.progress("Running the generated app's tests...", 0.1)
    report = await run_app_tests(ctx.workdir, timeout_s=ctx.settings.qa_timeout_s, python=ctx.settings.app_python)
    verdict = "passed" if report.passed else "FAILED"
    ctx.progress(f"Generated tests {verdict}: {report.passed_count} passed, {report.failed_count} failed", 1.0)
    return {"tests": report.model_dump(), "tested_version": state["code_version"]}
