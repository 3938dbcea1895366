"""QA: run a generated app's own tests in a subprocess, with a timeout and no secrets in its environment."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from ..schemas import TestReport
from .processes import clean_env, run_process

_COUNT = re.compile(r"(\d+) (passed|failed|error|errors)")
MAX_OUTPUT_CHARS = 20_000


def parse_counts(output: str) -> tuple[int, int]:
    passed = failed = 0
    for number, word in _COUNT.findall(output):
        if word == "passed":
            passed = int(number)
        else:
            failed += int(number)
    return passed, failed


async def run_app_tests(app_dir: Path, *, timeout_s: float, python: str | None = None) -> TestReport:
    """Run ``pytest`` from the app's root exactly as its README says, and report what happened."""
    env = clean_env({"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"})
    result = await run_process(
        [python or sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--color=no"],
        cwd=app_dir,
        timeout_s=timeout_s,
        env=env,
    )
    passed, failed = parse_counts(result.output)
    output = result.output
    if result.timed_out:
        output += f"\n[nexusforge] tests did not finish within {timeout_s:.0f} s and were stopped"
    return TestReport(
        passed=result.exit_code == 0 and passed > 0 and not result.timed_out,
        exit_code=result.exit_code,
        passed_count=passed,
        failed_count=failed,
        duration_s=result.duration_s,
        output=output[-MAX_OUTPUT_CHARS:],
        timed_out=result.timed_out,
    )
