"""Claims: the features a build says it built, checked by running the tests each claim names, and by the
browser evaluator's verdict on the pages it names.

A ``built`` claim is verified when it names at least one test, every test it names ran and passed (a named test
that selects nothing, fails or is skipped does not verify it), and none of its pages failed in the browser
(when the browser evaluator ran first). The value is verified / claimed built; ``not_built`` claims are listed
with their reasons and do not count against the value (they are honest).
"""

from __future__ import annotations

from typing import Any

from ...schemas import FeatureClaim
from ...tools.browser_checks import CheckResult
from ...tools.sandbox import run_named_tests
from .base import EvalContext, Score, not_built


def _test_verdict(test_id: str, outcomes: dict[str, str]) -> str | None:
    """Why ``test_id`` does not verify its claim; None when every test it selects passed."""
    selected = {node: o for node, o in outcomes.items() if node == test_id or node.startswith(test_id + "[")}
    if not selected:
        return f"{test_id} did not run"
    bad = sorted(node for node, outcome in selected.items() if outcome not in ("PASSED", "XFAIL"))
    return f"{', '.join(bad)} failed" if bad else None


def _page_verdict(claim: FeatureClaim, browser: list[CheckResult] | None) -> str | None:
    if browser is None:
        return None
    failed = [r.name for r in browser if r.kind == "page" and r.problems and r.name in claim.pages]
    return f"its pages failed in the browser: {', '.join(failed)}" if failed else None


class ClaimsEvaluator:
    """Share of the features claimed ``built`` that their named tests (and the browser) verify.

    ``needs_server``: not for itself, but so it runs after the browser evaluator, whose page verdicts it reads.
    """

    name = "claims"
    needs_server = True

    def __init__(self, *, timeout_s: float = 300.0) -> None:
        self.timeout_s = timeout_s

    async def evaluate(self, ctx: EvalContext) -> Score:
        if not ctx.built or ctx.app_dir is None or ctx.result is None:
            return not_built(self.name, ctx)
        claims = ctx.result.features
        if not claims:
            return Score(name=self.name, value=0.0, passed=False, reason="the build claims no features at all")
        built = [c for c in claims if c.status == "built"]
        named = sorted({t for c in built for t in c.tests})
        outcomes = (
            await run_named_tests(ctx.app_dir, named, timeout_s=self.timeout_s, python=ctx.python) if named else {}
        )
        browser: list[CheckResult] | None = ctx.shared.get("browser_results")
        rows: list[dict[str, Any]] = []
        for claim in claims:
            if claim.status == "not_built":
                rows.append({"feature": claim.name, "claimed": "not_built", "verified": None, "why": claim.reason})
                continue
            problems = [] if claim.tests else ["claimed built with no test that shows it"]
            problems += [p for t in claim.tests if (p := _test_verdict(t, outcomes))]
            problems += [p for p in [_page_verdict(claim, browser)] if p]
            rows.append(
                {"feature": claim.name, "claimed": "built", "verified": not problems, "why": "; ".join(problems)}
            )
        verified = sum(1 for r in rows if r["verified"])
        unverified = [f"{r['feature']} ({r['why']})" for r in rows if r["verified"] is False]
        reason = f"{verified}/{len(built)} features claimed built are verified; {len(claims) - len(built)} not built"
        if not built:
            reason = f"no feature is claimed built ({len(claims)} not built)"
        if unverified:
            reason += "; unverified: " + " | ".join(unverified)
        return Score(
            name=self.name,
            value=verified / len(built) if built else 0.0,
            passed=bool(built) and not unverified,
            reason=reason[:1500],
            details={"features": rows, "browser_checked": browser is not None},
        )
