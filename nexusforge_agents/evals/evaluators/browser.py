"""The built app in a real Chromium, on the same basis as its generated browser tests.

The spec's pages give the plan (``codegen.browser_tests.browser_plan``: every page's route, title and element
ids, a flow per form page, every navigation element) and ``tools.browser_checks`` runs it against the booted
backend, so an app from any coder is held to what its spec promises. Each page is screenshotted into the case
folder (``screenshots/<Page>.png``) for the report. The value is the share of checks that passed.
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from ...providers.offline.codegen.browser_tests import browser_plan
from ...tools.browser import find_chromium
from ...tools.browser_checks import BrowserPlan, CheckResult, run_plan
from .base import EvalContext, Score, not_built

SCREENSHOTS = "screenshots"


def _run(chromium: str, base_url: str, plan: BrowserPlan, shots: Path) -> list[CheckResult]:
    """Playwright's sync API in a worker thread (it refuses to run inside the harness's event loop)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            return run_plan(context, base_url, plan, shots)
        finally:
            browser.close()


class BrowserEvaluator:
    """Share of the plan's checks (pages, flows, navigation, sign-in) that pass in Chromium; None without one."""

    name = "browser"
    needs_server = True

    async def evaluate(self, ctx: EvalContext) -> Score:
        if not ctx.built or ctx.app_dir is None:
            return not_built(self.name, ctx)
        spec = ctx.spec
        if spec is None or not spec.pages:
            return Score(name=self.name, value=0.0, passed=False, reason="the build has no spec with pages")
        chromium = find_chromium()
        if chromium.path is None:
            return Score(name=self.name, value=None, reason=f"not measured: {chromium.reason}")
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            return Score(name=self.name, value=None, reason="not measured: Playwright is not installed")
        if ctx.base_url is None:
            return Score(name=self.name, value=0.0, passed=False, reason=f"the app did not boot: {ctx.server_error}")
        frontend = ctx.app_dir / "frontend"
        if spec.frontend_style == "react" and not (frontend / "dist" / "index.html").is_file():
            reason = "the React frontend is not built (no frontend/dist/index.html), so no page is served"
            return Score(name=self.name, value=0.0, passed=False, reason=reason)
        shots = ctx.app_dir.parent / SCREENSHOTS
        shutil.rmtree(shots, ignore_errors=True)
        plan = browser_plan(spec)
        results = await asyncio.to_thread(_run, chromium.path, ctx.base_url, plan, shots)
        passed = [r for r in results if not r.problems]
        ctx.shared["browser_results"] = results
        failed = [f"{r.kind} {r.name}: {'; '.join(r.problems)}" for r in results if r.problems]
        kinds = ("login", "page", "flow", "navigation")
        counts = {kind: sum(1 for r in results if r.kind == kind) for kind in kinds}
        summary = ", ".join(f"{kind} {n}" for kind, n in counts.items() if n)
        reason = f"{len(passed)}/{len(results)} checks pass ({summary})"
        if failed:
            reason += "; failed: " + " | ".join(failed)
        return Score(
            name=self.name,
            value=len(passed) / len(results) if results else 0.0,
            passed=not failed and bool(results),
            reason=reason[:1500],
            details={
                "checks": [{"kind": r.kind, "name": r.name, "problems": r.problems} for r in results],
                "screenshots": {
                    r.name: f"{SCREENSHOTS}/{Path(r.screenshot).name}"
                    for r in results
                    if r.screenshot and Path(r.screenshot).is_file()
                },
                "chromium": chromium.path,
            },
        )
