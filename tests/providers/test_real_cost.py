"""Prices, thinking options and error classification, against the real libraries' own data and types."""

from __future__ import annotations

import httpx
import pytest

from nexusforge_agents.errors import BuildFailedError, ModelUnavailableError
from nexusforge_agents.providers import resilience
from nexusforge_agents.providers.cost import gemini_text_cost, gemini_text_estimate, pricing, video_cost
from nexusforge_agents.providers.gemini import thinking_options


def test_gemini_prices_agree_with_litellms_cost_table():
    import litellm

    table = litellm.model_cost
    checked = 0
    for name, rates in pricing()["text"].items():
        theirs = table.get(f"gemini/{name}")
        if theirs is None:
            continue
        assert rates["input_per_mtok"] == pytest.approx(theirs["input_cost_per_token"] * 1e6), name
        assert rates["output_per_mtok"] == pytest.approx(theirs["output_cost_per_token"] * 1e6), name
        checked += 1
    image = table["gemini/gemini-2.5-flash-image"]["output_cost_per_image"]
    assert pricing()["image"]["gemini-2.5-flash-image"]["per_image"] == pytest.approx(image)
    for name, rates in pricing()["video"].items():
        theirs = table.get(f"vertex_ai/{name}") or table.get(f"gemini/{name}")
        assert theirs and rates["per_second"] == pytest.approx(theirs["output_cost_per_second"]), name
        checked += 1
    assert checked >= 7


def test_long_prompts_pay_the_long_rate_and_estimates_bound_the_cost():
    assert gemini_text_cost("gemini-2.5-pro", 100_000, 1_000) == pytest.approx(0.125 + 0.01)
    assert gemini_text_cost("gemini-2.5-pro", 300_000, 1_000) == pytest.approx(0.75 + 0.015)
    assert gemini_text_estimate("gemini-2.5-flash", 3_000, 8192) >= gemini_text_cost("gemini-2.5-flash", 900, 8192)
    assert video_cost("veo-3.1-generate-001", 8) == pytest.approx(3.2)


def test_thinking_follows_the_build_and_the_model():
    assert thinking_options("gemini-2.5-pro", True) == {"thinking_budget": -1}
    assert thinking_options("gemini-2.5-pro", False) == {"thinking_budget": 128}, "2.5 Pro cannot turn it off"
    assert thinking_options("gemini-2.5-flash", False) == {"thinking_budget": 0}
    assert thinking_options("gemini-3.1-pro-preview", True) == {}, "Gemini 3 thinks dynamically by default"
    assert thinking_options("gemini-3.1-pro-preview", False) == {"thinking_level": "low"}
    assert thinking_options("gemini-2.5-pro", None) == {}


def _google(code: int, status: str, **extra) -> Exception:
    from google.genai import errors

    body = {"error": {"code": code, "message": f"{status} happened", "status": status, **extra}}
    return (errors.ClientError if code < 500 else errors.ServerError)(code, body)


def test_transient_errors_are_told_apart_from_the_rest():
    import litellm

    request = httpx.Request("POST", "https://api.openai.com/v1/chat/completions")
    assert resilience.is_transient(_google(429, "RESOURCE_EXHAUSTED"))
    assert resilience.is_transient(_google(503, "UNAVAILABLE"))
    assert not resilience.is_transient(_google(400, "INVALID_ARGUMENT"))
    assert not resilience.is_transient(_google(403, "PERMISSION_DENIED"))
    assert resilience.is_transient(litellm.Timeout("slow", model="gpt-4.1", llm_provider="openai"))
    assert resilience.is_transient(httpx.ConnectError("refused", request=request))
    assert resilience.is_transient(TimeoutError())
    assert not resilience.is_transient(ValueError("a bug"))
    limited = _google(429, "RESOURCE_EXHAUSTED", details=[{"@type": "x.RetryInfo", "retryDelay": "7s"}])
    assert resilience.retry_after_s(limited) == 7.0


def test_errors_become_clear_and_say_whether_to_retry():
    unavailable = resilience.as_model_error("gemini:gemini-2.5-pro", _google(503, "UNAVAILABLE"), attempts=4)
    assert isinstance(unavailable, ModelUnavailableError) and unavailable.retry_possible
    assert "after 4 attempt(s)" in unavailable.message
    denied = resilience.as_model_error("gemini:x", _google(403, "PERMISSION_DENIED"), attempts=1, hint="Set KEY.")
    assert isinstance(denied, ModelUnavailableError) and not denied.retry_possible and "Set KEY." in denied.message
    missing = resilience.as_model_error("gemini:x", _google(404, "NOT_FOUND"), attempts=1)
    assert "was not found" in missing.message and not missing.retry_possible
    rejected = resilience.as_model_error("gemini:x", _google(400, "INVALID_ARGUMENT"), attempts=1)
    assert isinstance(rejected, BuildFailedError) and not rejected.retry_possible
    bug = ValueError("a bug")
    assert resilience.as_model_error("gemini:x", bug, attempts=1) is bug, "not an HTTP failure: raised as is"


async def test_retries_stop_at_the_policy_and_never_retry_a_4xx(monkeypatch):
    monkeypatch.setattr(resilience, "DEFAULT_POLICY", resilience.RetryPolicy(attempts=3, initial_s=0.001, max_s=0.002))
    calls = []

    async def overloaded():
        calls.append(1)
        raise _google(503, "UNAVAILABLE")

    with pytest.raises(ModelUnavailableError):
        await resilience.call_with_retries("m", overloaded)
    assert len(calls) == 3
    calls.clear()

    async def rejected():
        calls.append(1)
        raise _google(400, "INVALID_ARGUMENT")

    with pytest.raises(BuildFailedError):
        await resilience.call_with_retries("m", rejected)
    assert len(calls) == 1
