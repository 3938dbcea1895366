"""The browser and claims evaluators on a small known app (tests/tools/browser_app.py), booted for real."""

from __future__ import annotations

from pathlib import Path

import pytest

from nexusforge_agents.evals.evaluators import BrowserEvaluator, ClaimsEvaluator, running_backend
from nexusforge_agents.schemas import FeatureClaim
from nexusforge_agents.tools.browser import find_chromium

from ..tools.browser_app import browser_spec, make_browser_app
from .helpers import context

pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
pytestmark = pytest.mark.skipif(not find_chromium().found, reason=find_chromium().reason)
PAGE_TEST = "tests/test_browser.py::test_page_has_its_title_and_elements"
FLOW_TEST = "tests/test_browser.py::test_form_flow_shows_the_new_row"


def case(tmp_path: Path, claims: list[FeatureClaim], damage=None):
    app = make_browser_app(tmp_path / "case" / "app", break_with=damage)
    ctx = context(app, spec=browser_spec())
    assert ctx.result is not None
    ctx.result.features = claims
    return ctx


def built(name: str, tests: list[str], pages: list[str]) -> FeatureClaim:
    return FeatureClaim(name=name, kind="crud", status="built", tests=tests, pages=pages)


async def score_both(ctx):
    async with running_backend(ctx):
        browser = await BrowserEvaluator().evaluate(ctx)
        claims = await ClaimsEvaluator(timeout_s=120).evaluate(ctx)
    return browser, claims


async def test_a_faithful_app_passes_both_with_screenshots(tmp_path: Path) -> None:
    ctx = case(
        tmp_path,
        [
            built("Add items", [FLOW_TEST], ["ItemForm", "ItemList"]),
            FeatureClaim(name="Export", kind="csv_export", status="not_built", reason="no CSV library"),
        ],
    )
    browser, claims = await score_both(ctx)
    assert browser.passed and browser.value == 1.0, browser.reason
    assert browser.reason == "6/6 checks pass (page 3, flow 1, navigation 2)"
    shots = browser.details["screenshots"]
    assert set(shots) == {"Home", "ItemList", "ItemForm"}
    for path in shots.values():
        assert (tmp_path / "case" / path).read_bytes().startswith(b"\x89PNG")
    assert claims.passed and claims.value == 1.0, claims.reason
    assert claims.reason.startswith("1/1 features claimed built are verified; 1 not built")


async def test_a_missing_element_id_fails_the_browser_check_and_the_claim_on_that_page(tmp_path: Path) -> None:
    ctx = case(
        tmp_path,
        [
            built("Home page", [PAGE_TEST], ["Home"]),
            built("Add items", [FLOW_TEST], ["ItemForm", "ItemList"]),
            built("Untested", [], ["ItemList"]),
            built("Imaginary", ["tests/test_browser.py::test_nothing_like_this"], []),
        ],
        damage="element_id",
    )
    browser, claims = await score_both(ctx)
    assert not browser.passed and browser.value == pytest.approx(5 / 6)
    assert "element ids missing from the DOM: ['app-title']" in browser.reason
    assert not claims.passed and claims.value == pytest.approx(1 / 4)
    rows = {row["feature"]: row for row in claims.details["features"]}
    assert rows["Add items"]["verified"] is True
    assert "test_page_has_its_title_and_elements[Home] failed" in rows["Home page"]["why"]
    assert "its pages failed in the browser: Home" in rows["Home page"]["why"]
    assert rows["Untested"]["why"] == "claimed built with no test that shows it"
    assert rows["Imaginary"]["why"] == "tests/test_browser.py::test_nothing_like_this did not run"
