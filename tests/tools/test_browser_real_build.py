"""A real offline build's own browser tests pass, in both front-end styles: the offline spec writer's spec, the
offline code generator's files, then QA (``run_app_tests``) exactly as a build runs it (the React style gets its
``npm install`` (cached) and ``npm run build`` first)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nexusforge_agents.providers.offline.codegen import generate_app
from nexusforge_agents.providers.offline.codegen.browser_tests import browser_plan
from nexusforge_agents.providers.offline.spec import extract_spec
from nexusforge_agents.spec_conventions import ensure_pages
from nexusforge_agents.tools.browser import find_chromium
from nexusforge_agents.tools.sandbox import run_app_tests

pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not find_chromium().found, reason=find_chromium().reason)]
PROMPT = "Build a todo app with tasks that have a title, a due date and a priority, grouped into projects"


@pytest.mark.parametrize("style", ["server", "react"])
async def test_a_built_apps_browser_tests_pass(tmp_path: Path, style: str) -> None:
    if style == "react" and shutil.which("npm") is None:
        pytest.skip("npm is not installed: the React frontend cannot be built")
    spec = ensure_pages(extract_spec(PROMPT)).model_copy(update={"frontend_style": style})
    for path, text in generate_app(spec).items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    report = await run_app_tests(tmp_path, timeout_s=600)
    plan = browser_plan(spec)
    expected = len(plan.pages) + len(plan.flows) + len(plan.navigation)
    assert plan.flows and plan.navigation  # the checks cover a form flow and navigation, not only page loads
    assert report.passed, report.output[-3000:]
    browser = report.browser
    assert browser is not None and browser.skipped == 0, browser
    assert (browser.ran, browser.failed) == (expected, 0), report.output[-3000:]
    if style == "react":
        assert browser.frontend_build.startswith("built in"), browser.frontend_build
