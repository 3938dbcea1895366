"""The generated browser tests, run by QA on a small known app: they pass when the app keeps the spec's promises,
fail when one is broken (an element id, a title, a flow, a navigation target), and skip without a Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from nexusforge_agents.tools.browser import find_chromium
from nexusforge_agents.tools.sandbox import run_app_tests

from .browser_app import make_browser_app

needs_chromium = pytest.mark.skipif(not find_chromium().found, reason=find_chromium().reason)
pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")


@needs_chromium
async def test_browser_tests_pass_on_an_app_that_keeps_the_spec(tmp_path: Path) -> None:
    report = await run_app_tests(make_browser_app(tmp_path / "app"), timeout_s=120)
    assert report.passed, report.output
    browser = report.browser
    assert browser is not None and browser.chromium == find_chromium().path
    # 3 pages, 1 form flow, 2 navigation elements
    assert (browser.ran, browser.passed, browser.failed, browser.skipped) == (6, 6, 0, 0), report.output
    assert browser.frontend_build == ""  # server-rendered: nothing to build


@needs_chromium
@pytest.mark.slow
@pytest.mark.parametrize(
    ("damage", "finding"),
    [
        ("element_id", "element ids missing from the DOM: ['app-title']"),
        ("title", "title is 'New item', the spec says 'New item | Pantry'"),
        ("flow", "'Browser check name' is not shown on /items after submitting"),
        ("navigation", "#new-item on /items leads to /, the spec says /items/new"),
    ],
)
async def test_browser_tests_fail_when_a_promise_is_broken(tmp_path: Path, damage, finding: str) -> None:
    report = await run_app_tests(make_browser_app(tmp_path / "app", break_with=damage), timeout_s=120)
    assert not report.passed
    assert report.browser is not None and report.browser.failed == 1 and report.browser.passed == 5
    assert finding in report.output


async def test_without_a_chromium_the_browser_tests_are_skipped_saying_why(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("NEXUSFORGE_CHROMIUM", str(tmp_path / "no-such-chromium"))
    report = await run_app_tests(make_browser_app(tmp_path / "app"), timeout_s=120)
    browser = report.browser
    assert browser is not None and browser.chromium is None
    assert (browser.ran, browser.skipped) == (0, 6)
    assert browser.skip_reasons == [
        f"no Chromium found: NEXUSFORGE_CHROMIUM={tmp_path / 'no-such-chromium'} is not an executable file"
    ]
    assert not report.passed  # nothing ran, so nothing passed


@needs_chromium
async def test_with_accounts_the_checks_sign_in_through_the_login_page_first(tmp_path: Path) -> None:
    report = await run_app_tests(make_browser_app(tmp_path / "app", accounts=True), timeout_s=120)
    assert report.passed, report.output
    assert report.browser is not None and (report.browser.ran, report.browser.failed) == (7, 0)


@needs_chromium
@pytest.mark.slow
async def test_a_sign_in_that_does_not_hold_fails_the_flow(tmp_path: Path) -> None:
    app = make_browser_app(tmp_path / "app", break_with="sign_in", accounts=True)
    report = await run_app_tests(app, timeout_s=120)
    assert not report.passed
    assert "ItemForm-adds-Item: submitting the form answered 401: sign in first" in report.output
