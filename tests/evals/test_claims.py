"""The claims evaluator without a browser: what it says when nothing is claimed built, or nothing at all."""

from __future__ import annotations

from pathlib import Path

from nexusforge_agents.evals.evaluators import ClaimsEvaluator
from nexusforge_agents.schemas import FeatureClaim

from .apps import make_app
from .helpers import context


async def test_a_build_that_claims_no_feature_built_scores_zero(tmp_path: Path) -> None:
    ctx = context(make_app(tmp_path))
    assert ctx.result is not None
    ctx.result.features = [FeatureClaim(name="Map", kind="map", status="not_built", reason="no map library")]
    score = await ClaimsEvaluator().evaluate(ctx)
    assert (score.value, score.passed) == (0.0, False)
    assert score.reason == "no feature is claimed built (1 not built)"
    assert score.details["features"] == [
        {"feature": "Map", "claimed": "not_built", "verified": None, "why": "no map library"}
    ]


async def test_a_build_without_claims_scores_zero(tmp_path: Path) -> None:
    score = await ClaimsEvaluator().evaluate(context(make_app(tmp_path)))
    assert (score.value, score.passed, score.reason) == (0.0, False, "the build claims no features at all")
