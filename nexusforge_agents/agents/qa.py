"""QA agent: runs the generated app's own tests (browser tests included when a Chromium is found); the
supervisor decides what a failure means."""

from __future__ import annotations

from typing import Any

from ..build_state import BuildState
from ..context import AgentContext
from ..schemas import TestReport
from ..tools.sandbox import run_app_tests


def summary(report: TestReport) -> str:
    """One line for the progress feed: the counts, and what the browser tests did."""
    verdict = "passed" if report.passed else "FAILED"
    line = f"Generated tests {verdict}: {report.passed_count} passed, {report.failed_count} failed"
    browser = report.browser
    if browser is not None:
        line += f"; browser tests: {browser.ran} ran ({browser.failed} failed), {browser.skipped} skipped"
        if browser.skip_reasons:
            line += f" ({browser.skip_reasons[0]})"
    return line


async def run(ctx: AgentContext, state: BuildState) -> dict[str, Any]:
    ctx.progress("Running the generated app's tests...", 0.1)
    report = await run_app_tests(ctx.workdir, timeout_s=ctx.settings.qa_timeout_s, python=ctx.settings.app_python)
    ctx.progress(summary(report), 1.0)
    return {"tests": report, "tested_version": state.code_version}
