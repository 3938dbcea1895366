"""Faults through the real SDK stacks: transient errors retried, 4xx not, fallbacks, outages, budgets."""

from __future__ import annotations

import pytest

from nexusforge_agents import ErrorEvent, build_app, stream_build
from nexusforge_agents.config import Settings
from nexusforge_agents.context import Capability
from nexusforge_agents.errors import BudgetExceededError, BuildFailedError, ModelUnavailableError
from nexusforge_agents.providers.registry import resolve
from tests.providers import real_support
from tests.providers.cassettes import replies
from tests.providers.real_support import make_ctx
from tests.scripted import Script, install

vcr_config = real_support.vcr_config
sent_requests = real_support.sent_requests
gemini_env = real_support.gemini_env
openai_env = real_support.openai_env
fast_retries = real_support.fast_retries

pytestmark = [pytest.mark.vcr, pytest.mark.block_network, pytest.mark.usefixtures("gemini_env", "fast_retries")]
PRO = "gemini:gemini-2.5-pro"
GPT = "litellm:openai/gpt-4.1"


def scripted_rest(tmp_path, **overrides) -> Settings:
    """Real models where the test says, the scripted provider (tests/scripted.py) for every other agent."""
    install(Script())
    models = {f"model_{a}": "scripted" for a in ("spec", "design", "video", "coder", "optimizer")}
    return Settings(home=tmp_path / "home", **{**models, **overrides})


async def test_rate_limit_then_success_is_retried(tmp_path, sent_requests):
    writer = resolve(PRO, Capability.SPEC, Settings(home=tmp_path))
    ctx = make_ctx(tmp_path, "spec")
    spec = await writer.write_spec(ctx, replies.SEED_PROMPT)
    assert spec.name == "Pulse Analytics"
    assert len(sent_requests) == 2, "the 429 was retried once"
    [call] = ctx.calls
    assert call.tokens_in == 1712 and call.cost_usd > 0


@pytest.mark.usefixtures("openai_env")
async def test_litellm_rate_limit_then_success_is_retried(tmp_path, sent_requests):
    writer = resolve(GPT, Capability.SPEC, Settings(home=tmp_path))
    spec = await writer.write_spec(make_ctx(tmp_path, "spec"), replies.SEED_PROMPT)
    assert spec.name == "Pulse Analytics" and len(sent_requests) == 2


async def test_bad_request_is_not_retried(tmp_path, sent_requests):
    writer = resolve(PRO, Capability.SPEC, Settings(home=tmp_path))
    with pytest.raises(BuildFailedError) as caught:
        await writer.write_spec(make_ctx(tmp_path, "spec"), replies.SEED_PROMPT)
    error = caught.value
    assert len(sent_requests) == 1, "a 400 is never retried"
    assert "gemini:gemini-2.5-pro rejected the request (HTTP 400)" in error.message
    assert "Invalid JSON payload received" in error.message and error.retry_possible is False
    assert error.details["status"] == 400 and error.details["attempts"] == 1


@pytest.mark.usefixtures("openai_env")
async def test_rejected_key_is_not_retried(tmp_path, sent_requests):
    writer = resolve(GPT, Capability.SPEC, Settings(home=tmp_path))
    with pytest.raises(ModelUnavailableError) as caught:
        await writer.write_spec(make_ctx(tmp_path, "spec"), replies.SEED_PROMPT)
    assert len(sent_requests) == 1
    assert "refused the credentials (HTTP 401)" in caught.value.message and "OPENAI_API_KEY" in caught.value.message
    assert caught.value.retry_possible is False


@pytest.mark.usefixtures("openai_env")
async def test_primary_down_falls_back_and_is_recorded(tmp_path, sent_requests):
    settings = scripted_rest(tmp_path, model_spec=PRO, fallback_spec=GPT)
    result = await build_app(replies.SEED_PROMPT, settings=settings)

    assert result.models_by_agent["spec"] == GPT and GPT in result.models_used and PRO not in result.models_used
    assert result.specification.name == "Pulse Analytics"
    assert [r.uri.split("/")[2] for r in sent_requests] == ["generativelanguage.googleapis.com"] * 3 + [
        "api.openai.com"
    ], "three attempts on the primary, then the fallback"
    spec_usage = result.usage.by_agent["spec"]
    assert spec_usage["calls"] == 2, "the failed primary call and the fallback's call are both recorded"
    assert spec_usage["cost_usd"] == pytest.approx(1688 * 2e-6 + 874 * 8e-6), "only the answer is billed"


@pytest.mark.usefixtures("openai_env")
async def test_every_model_down_fails_with_model_unavailable(tmp_path, sent_requests):
    settings = scripted_rest(tmp_path, model_spec=PRO, fallback_spec=GPT)
    events = [event async for event in stream_build(replies.SEED_PROMPT, settings=settings)]
    error = events[-1]
    assert isinstance(error, ErrorEvent) and error.error_code == "MODEL_UNAVAILABLE"
    assert error.retry_possible is True and error.phase == "generating_spec"
    assert PRO in error.message and GPT in error.message
    assert [t["model"] for t in error.details["tried"]] == [PRO, GPT]
    assert len(sent_requests) == 6, "every model had its retries, then the phase failed"


async def test_budget_stops_the_build_before_the_call(tmp_path, sent_requests):
    settings = scripted_rest(tmp_path, model_spec=PRO)
    with pytest.raises(BuildFailedError) as caught:
        await build_app(replies.SEED_PROMPT, {"maxCostUsd": 0.05}, settings=settings)
    assert "over its budget of $0.0500" in caught.value.message
    assert sent_requests == [], "stopped before the call, not after"


async def test_budget_counts_parallel_siblings(tmp_path):
    from nexusforge_agents.providers.cost import budgeted, check_budget

    design = make_ctx(tmp_path, "design", max_cost_usd=1.0)
    video = make_ctx(tmp_path, "video", max_cost_usd=1.0)
    with budgeted(design, "gemini:imagen-4.0-generate-001", 0.6) as call:
        call.cost_usd = 0.6
        with pytest.raises(BudgetExceededError, match="counting the agents running alongside it"):
            check_budget(video, 0.5)
    check_budget(video, 0.4)
    with pytest.raises(BudgetExceededError):
        check_budget(video, 0.41)


async def test_a_primary_without_credentials_hands_over_to_its_fallback(tmp_path, monkeypatch):
    monkeypatch.delenv("GEMINI_API_KEY")
    settings = scripted_rest(tmp_path, model_spec=PRO, fallback_spec="offline")
    events = [event async for event in stream_build(replies.SEED_PROMPT, settings=settings)]
    result = events[-1].result
    assert result.models_by_agent["spec"] == "offline-spec-1", "the model that really answered"
    notes = [e.message for e in events if getattr(e, "message", "") and "falling back" in e.message]
    assert notes and PRO in notes[0] and "offline" in notes[0], "the hand-over is visible in the events"
