"""QA runs an app's browser tests in a second pytest process beside its other tests and reports the two as one run.

The apps here are two-file stand-ins (no browser is started: ``tests/test_browser.py`` is only where the browser
tests live), so what is checked is the split and the merge: every test runs once, both parts at the same time,
and a failure in either part fails the report with its output."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nexusforge_agents.tools.sandbox import run_app_tests

_TIMED = """
import time
from pathlib import Path


def test_{name}():
    start = time.time()
    time.sleep(1.0)
    Path("{name}.times").write_text(f"{{start}} {{time.time()}}")
    assert {ok}
"""


def _app(root: Path, *, other_ok: bool | None = True, browser_ok: bool = True) -> Path:
    """An app with a browser test file and (unless ``other_ok`` is None) one other test file."""
    (root / "tests").mkdir(parents=True)
    (root / "pytest.ini").write_text("[pytest]\ntestpaths = tests\n")
    (root / "tests" / "test_browser.py").write_text(_TIMED.format(name="browser", ok=browser_ok))
    if other_ok is not None:
        (root / "tests" / "test_api.py").write_text(_TIMED.format(name="api", ok=other_ok))
    return root


@pytest.fixture(autouse=True)
def a_chromium(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Browser tests "can run": an executable stands in for Chromium (the stand-in tests never start it)."""
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("NEXUSFORGE_CHROMIUM", str(fake))


def _times(app: Path, name: str) -> tuple[float, float]:
    start, end = (app / f"{name}.times").read_text().split()
    return float(start), float(end)


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="one CPU: the tests run in one pytest process")
async def test_browser_tests_run_beside_the_others_and_count_as_one_run(tmp_path: Path) -> None:
    app = _app(tmp_path / "app")
    report = await run_app_tests(app, timeout_s=120)
    assert report.passed and report.exit_code == 0, report.output
    assert (report.passed_count, report.failed_count) == (2, 0)
    assert report.browser is not None and (report.browser.ran, report.browser.passed) == (1, 1)
    api, browser = _times(app, "api"), _times(app, "browser")
    assert api[0] < browser[1] and browser[0] < api[1], "the two parts ran one after the other"


@pytest.mark.parametrize(
    ("other_ok", "browser_ok", "failing"), [(False, True, "test_api"), (True, False, "test_browser")]
)
async def test_a_failure_in_either_part_fails_the_run(tmp_path: Path, other_ok, browser_ok, failing: str) -> None:
    report = await run_app_tests(_app(tmp_path / "app", other_ok=other_ok, browser_ok=browser_ok), timeout_s=120)
    assert not report.passed and report.exit_code == 1
    assert (report.passed_count, report.failed_count) == (1, 1)
    assert f"FAILED tests/{failing}.py::{failing}" in report.output
    assert report.browser is not None and report.browser.failed == int(not browser_ok)


async def test_an_app_with_only_browser_tests_passes_on_them(tmp_path: Path) -> None:
    report = await run_app_tests(_app(tmp_path / "app", other_ok=None), timeout_s=120)
    assert report.passed and report.exit_code == 0, report.output
    assert report.passed_count == 1 and report.browser is not None and report.browser.passed == 1


async def test_with_one_cpu_the_tests_run_in_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    app = _app(tmp_path / "app")
    report = await run_app_tests(app, timeout_s=120)
    assert report.passed and (report.passed_count, report.failed_count) == (2, 0), report.output
    api, browser = _times(app, "api"), _times(app, "browser")
    assert api[1] <= browser[0] or browser[1] <= api[0], "one process runs its tests one after the other"
