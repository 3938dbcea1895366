"""QA: run a generated app's own tests in a subprocess, with a timeout and no secrets in its environment.

When a Chromium is found, the tests get it as ``$NEXUSFORGE_CHROMIUM`` and the app's browser tests
(``tests/test_browser.py``) run too; a React frontend is built first (``npm run build``, with
cached ``node_modules``) because the browser tests visit the pages the backend serves from ``frontend/dist``.
Without a Chromium they skip themselves and the report says why. With a Chromium and two CPUs or more, the
browser tests run in a second pytest process beside the other tests (their browser and app server start while
the API tests run); the report counts the two runs as one. Each run comes from a warm pytest (``warm_pytest.py``:
a fork server with pytest and the apps' libraries imported) when one can serve the app's Python.
"""

from __future__ import annotations

import asyncio
import os
import re
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from ..schemas import BrowserTestReport, TestReport
from .browser import find_chromium
from .browser_checks import CHROMIUM_ENV
from .frontend_build import build_frontend, built_is_current
from .processes import ProcessResult, clean_env
from .warm_pytest import prewarm, run_pytest

_COUNT = re.compile(r"(\d+) (passed|failed|error|errors)")
MAX_OUTPUT_CHARS = 20_000
BROWSER_TESTS = "tests/test_browser.py"
_BROWSER_CLASS = "tests.test_browser"
NO_TESTS_COLLECTED = 5
_OUTCOME = re.compile(r"^(PASSED|FAILED|ERROR|XFAIL|XPASS) (\S+?::\S+)", re.MULTILINE)


def parse_counts(output: str) -> tuple[int, int]:
    """(passed, failed + errors) from pytest's closing line."""
    passed = failed = 0
    for number, word in _COUNT.findall(output):
        if word == "passed":
            passed = int(number)
        else:
            failed += int(number)
    return passed, failed


def junit_counts(junit_xml: Path) -> tuple[int, int, int] | None:
    """(passed, failed + errors, skipped) of the whole run from pytest's JUnit XML; None without one."""
    if not junit_xml.is_file():
        return None
    suite = ET.parse(junit_xml).getroot()
    suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
    if suite is None:
        return None
    total, skipped = int(suite.get("tests", 0)), int(suite.get("skipped", 0))
    failed = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
    return total - failed - skipped, failed, skipped


def browser_counts(junit_xml: Path, report: BrowserTestReport) -> BrowserTestReport:
    """``report`` with the browser tests' outcomes read from pytest's JUnit XML."""
    if not junit_xml.is_file():
        return report
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    reasons: list[str] = []
    for case in ET.parse(junit_xml).iter("testcase"):
        if case.get("classname") != _BROWSER_CLASS:
            continue
        skipped = case.find("skipped")
        if skipped is not None:
            counts["skipped"] += 1
            reason = (skipped.get("message") or "").removeprefix("Skipped: ")
            if reason and reason not in reasons:
                reasons.append(reason)
        elif case.find("failure") is not None or case.find("error") is not None:
            counts["failed"] += 1
        else:
            counts["passed"] += 1
    ran = counts["passed"] + counts["failed"]
    return report.model_copy(update={**counts, "ran": ran, "skip_reasons": reasons})


async def _browser_setup(app_dir: Path, env: dict[str, str], timeout_s: float) -> BrowserTestReport | None:
    """Give the browser tests what they need (a Chromium, a built frontend); None when the app has none."""
    if not (app_dir / BROWSER_TESTS).is_file():
        return None
    chromium = find_chromium()
    report = BrowserTestReport(chromium=chromium.path)
    if chromium.path is None:
        if CHROMIUM_ENV in os.environ:  # the tests then say the same thing about it as we do
            env[CHROMIUM_ENV] = os.environ[CHROMIUM_ENV]
        return report
    env[CHROMIUM_ENV] = chromium.path
    frontend = app_dir / "frontend"
    if (frontend / "package.json").is_file() and built_is_current(frontend):
        report.frontend_build = "already built from these sources"
    elif (frontend / "package.json").is_file():
        build = await build_frontend(frontend, timeout_s=timeout_s)
        seconds = round(build.install_seconds + build.build_seconds, 2)
        report.frontend_build, report.frontend_build_seconds = build.note, seconds
    return report


def _parallel_parts() -> bool:
    """Whether the browser tests run beside the other tests (two pytest processes at once): with two CPUs or more
    the browser tests' Chromium, app server and page loads overlap the API tests instead of following them."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return cpus >= 2


def _test_parts(browser: BrowserTestReport | None) -> list[list[str]]:
    """The pytest runs that together run every test once: the whole suite, or (when browser tests will really
    run and there are CPUs for both) the browser tests and everything else side by side."""
    if browser is None or browser.chromium is None or not _parallel_parts():
        return [[]]
    return [[f"--ignore={BROWSER_TESTS}"], [BROWSER_TESTS]]


async def _run_part(
    app_dir: Path, selection: list[str], junit: Path, *, timeout_s: float, env: dict[str, str], python: str | None
) -> tuple[ProcessResult, tuple[int, int, int]]:
    """One pytest run of ``selection`` (empty: as the README says) and its (passed, failed, skipped) counts."""
    result = await run_pytest(
        ["-q", "-rfEs", "-p", "no:cacheprovider", "--color=no", f"--junitxml={junit}", *selection],
        cwd=app_dir,
        timeout_s=timeout_s,
        env=env,
        python=python or sys.executable,
    )
    counted = junit_counts(junit)
    return result, counted if counted is not None else (*parse_counts(result.output), 0)


def _pytest_env() -> dict[str, str]:
    return clean_env({"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"})


def prepare_app_tests(python: str | None = None) -> None:
    """Get the app's test runs ready in the background (the warm pytest's imports), so that QA, which comes
    after the code is written, does not wait for them."""
    prewarm(python or sys.executable, _pytest_env())


async def run_app_tests(app_dir: Path, *, timeout_s: float, python: str | None = None) -> TestReport:
    """Run the app's own tests with ``pytest`` from its root as its README says (its browser tests in a second
    pytest process beside the others when they can run), and report what happened as one run."""
    env = _pytest_env()
    browser = await _browser_setup(app_dir, env, timeout_s)
    parts = _test_parts(browser)
    with tempfile.TemporaryDirectory(prefix="nf-qa-") as tmp:
        junits = [Path(tmp) / f"junit-{n}.xml" for n in range(len(parts))]
        runs = await asyncio.gather(
            *(
                _run_part(app_dir, part, junit, timeout_s=timeout_s, env=env, python=python)
                for part, junit in zip(parts, junits, strict=True)
            )
        )
        if browser is not None:
            browser = browser_counts(junits[-1], browser)
    passed, failed, skipped = (sum(counts[i] for _, counts in runs) for i in range(3))
    results = [result for result, _ in runs]
    timed_out = any(result.timed_out for result in results)
    output = "\n".join(result.output for result in results)
    if timed_out:
        output += f"\n[nexusforge] tests did not finish within {timeout_s:.0f} s and were stopped"
    # pytest's exit code 5 is "no tests collected": one part may hold none (an app with only browser tests)
    codes = [result.exit_code for result in results]
    exit_code = next((code for code in codes if code not in (0, NO_TESTS_COLLECTED)), 0 if passed else max(codes))
    return TestReport(
        passed=exit_code == 0 and passed > 0 and not timed_out,
        exit_code=exit_code,
        passed_count=passed,
        failed_count=failed,
        skipped_count=skipped,
        duration_s=max(result.duration_s for result in results),
        output=output[-MAX_OUTPUT_CHARS:],
        timed_out=timed_out,
        browser=browser,
    )


async def run_named_tests(
    app_dir: Path, test_ids: list[str], *, timeout_s: float, python: str | None = None
) -> dict[str, str]:
    """Run just ``test_ids`` (pytest node ids, e.g. ``tests/test_x.py::test_y``); the outcome of every test they
    selected, by node id ("PASSED", "FAILED", "ERROR"; skipped tests are not listed). Ids that select nothing
    are left out of the run (pytest would refuse to run any test beside them) and so have no outcome."""
    env = _pytest_env()
    chromium = find_chromium()
    if chromium.path is not None:
        env[CHROMIUM_ENV] = chromium.path
    pytest = ["-q", "-p", "no:cacheprovider", "--color=no"]
    python = python or sys.executable
    listed = await run_pytest([*pytest, "--collect-only"], cwd=app_dir, timeout_s=timeout_s, env=env, python=python)
    collected = {line.strip() for line in listed.output.splitlines() if "::" in line}
    present = [t for t in test_ids if any(node == t or node.startswith(t + "[") for node in collected)]
    if not present:
        return {}
    result = await run_pytest([*pytest, "-rA", *present], cwd=app_dir, timeout_s=timeout_s, env=env, python=python)
    return {node: outcome for outcome, node in _OUTCOME.findall(result.output)}
