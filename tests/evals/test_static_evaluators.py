"""Evaluators that read the build's files and spec: spec validity and coverage, colours, usage."""

from __future__ import annotations

from nexusforge_agents.evals.evaluators import (
    ColourEvaluator,
    SpecCoverageEvaluator,
    SpecValidityEvaluator,
    UsageEvaluator,
    parse_palette,
)
from nexusforge_agents.evals.evaluators.spec import coverage, validity_problems
from nexusforge_agents.evals.evaluators.text import terms
from nexusforge_agents.schemas import ApiEndpoint, AuthSpec, Entity, EntityField

from .apps import make_app, notes_spec
from .helpers import context


async def test_spec_validity_passes_for_a_consistent_spec(tmp_path):
    score = await SpecValidityEvaluator().evaluate(context(tmp_path))
    assert score.passed and score.value == 1.0, score.reason


async def test_spec_validity_fails_on_endpoints_the_backend_would_not_serve_and_a_missing_login(tmp_path):
    spec = notes_spec()
    spec = spec.model_copy(
        update={
            "api_endpoints": [*spec.api_endpoints, ApiEndpoint(method="GET", path="/api/export")],
            "auth": AuthSpec(enabled=True),
        }
    )
    score = await SpecValidityEvaluator().evaluate(context(tmp_path, spec=spec))
    assert not score.passed and score.value == 0.0
    assert "/api/export" in score.reason and "Login" in score.reason


def test_validity_names_an_entity_no_component_shows():
    spec = notes_spec()
    extra = Entity(name="Tag", plural="tags", fields=[EntityField(name="label")])
    spec = spec.model_copy(update={"entities": [*spec.entities, extra]})
    problems = validity_problems(spec.model_copy(update={"api_endpoints": spec.api_endpoints}))
    assert any("Tag" in p for p in problems)


async def test_spec_coverage_passes_when_the_spec_models_what_the_prompt_names(tmp_path):
    score = await SpecCoverageEvaluator().evaluate(context(tmp_path))
    assert score.passed, score.reason
    assert {"note", "title", "body", "category", "priority"} <= set(score.details["named"])


async def test_spec_coverage_fails_when_the_spec_models_something_else(tmp_path):
    prompt = "Build a recipe site where cooks post recipes with ingredients, cooking time and ratings, and log in."
    score = await SpecCoverageEvaluator().evaluate(context(tmp_path, prompt=prompt))
    assert not score.passed and score.value < 0.5
    assert "recipe" in score.details["missing"] and score.details["capabilities_missing"] == ["auth"]


def test_coverage_ignores_the_palette_sentence_and_boilerplate():
    found = coverage("Please implement a website for tracking books. Set the background color to azure.", notes_spec())
    assert found["terms"] == ["book"]
    assert terms("Users should be able to browse and search the Stock codes") == ["stock", "code"]


def test_palette_phrasings_give_roles_and_hex_values():
    cases = {
        "Set the background color to white and the component color to navy.": [
            ("white", "background", "#ffffff"),
            ("navy", "component", "#000080"),
        ],
        "Use ivory for the outer layout and forest green for UI blocks.": [
            ("ivory", "background", "#fffff0"),
            ("forest green", "component", "#228b22"),
        ],
        "Define background as papaya whip; define components with #FF6600.": [
            ("papaya whip", "background", "#ffefd5"),
            ("#ff6600", "component", "#ff6600"),
        ],
        "Choose azure mist for the background; set all component colors to dark slate blue.": [
            ("azure mist", "background", None),
            ("dark slate blue", "component", "#483d8b"),
        ],
    }
    for prompt, expected in cases.items():
        assert [(r.words, r.role, r.hex) for r in parse_palette(prompt)] == expected, prompt
    assert parse_palette("A gold membership for the poker room.") == []


async def test_colours_pass_when_the_styles_declare_them(tmp_path):
    score = await ColourEvaluator().evaluate(context(make_app(tmp_path)))
    assert score.passed and score.value == 1.0, score.reason


async def test_colours_fail_when_the_background_is_only_used_on_a_component(tmp_path):
    app = make_app(tmp_path, background="#f8fafc", primary="#000080")
    (app / "frontend/src/button.css").write_text(".btn { --button-bg: #ffffff; }\n")
    score = await ColourEvaluator().evaluate(context(app))
    assert not score.passed and score.value == 0.5
    assert "background white" in score.reason


async def test_colours_are_not_applicable_without_a_palette(tmp_path):
    score = await ColourEvaluator().evaluate(context(make_app(tmp_path), prompt="Build a note keeper."))
    assert score.value is None and score.passed is None


async def test_usage_reports_time_calls_tokens_cost_and_passes_within_budget(tmp_path):
    score = await UsageEvaluator(max_seconds=60, max_cost_usd=0.05).evaluate(context(tmp_path))
    assert score.passed and score.value == 12.5
    assert score.details["tokens"] == 4600 and score.details["calls"] == 5
    assert score.details["phase_times"]["building"] == 8.0


async def test_usage_fails_over_budget(tmp_path):
    score = await UsageEvaluator(max_seconds=10, max_cost_usd=0.01).evaluate(context(tmp_path))
    assert not score.passed
    assert "12.5 s > 10.0 s" in score.reason and "$0.0123 > $0.0100" in score.reason
