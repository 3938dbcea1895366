"""litellm routes, replayed through httpx: OpenAI chat completions for the spec and coder agents, Veo on the
Gemini Developer API (start, poll, download) for the video agent."""

from __future__ import annotations

import pytest

from nexusforge_agents.config import Settings
from nexusforge_agents.context import Capability
from nexusforge_agents.errors import InvalidInputError, ModelUnavailableError
from nexusforge_agents.providers.offline.codegen import generate_app
from nexusforge_agents.providers.registry import resolve
from nexusforge_agents.schemas import AppSpec
from tests.providers import real_support
from tests.providers.cassettes import replies
from tests.providers.real_support import body_of, make_ctx

vcr_config = real_support.vcr_config
sent_requests = real_support.sent_requests
openai_env = real_support.openai_env
no_keys = real_support.no_keys
gemini_env = real_support.gemini_env

ROUTE = "litellm:openai/gpt-4.1"


@pytest.mark.vcr
@pytest.mark.block_network
@pytest.mark.usefixtures("openai_env")
async def test_litellm_route_writes_the_spec(tmp_path, sent_requests):
    writer = resolve(ROUTE, Capability.SPEC, Settings(home=tmp_path))
    ctx = make_ctx(tmp_path, "spec")
    spec = await writer.write_spec(ctx, replies.SEED_PROMPT)
    assert spec == AppSpec.model_validate(replies.SPEC) and writer.model_id == ROUTE

    [request] = sent_requests
    assert request.uri == "https://api.openai.com/v1/chat/completions"
    assert request.headers["authorization"] == "REDACTED", "the key never reaches a cassette"
    body = body_of(request)
    assert body["model"] == "gpt-4.1" and body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["name"] == "AppSpec"
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    [call] = ctx.calls
    assert (call.model, call.tokens_in, call.tokens_out) == (ROUTE, 1688, 874)
    assert call.cost_usd == pytest.approx(1688 * 2e-6 + 874 * 8e-6), "litellm's cost table for gpt-4.1"


@pytest.mark.vcr
@pytest.mark.block_network
@pytest.mark.usefixtures("openai_env")
async def test_litellm_route_writes_the_code(tmp_path, sent_requests):
    spec = AppSpec.model_validate(replies.SPEC)
    coder = resolve(ROUTE, Capability.CODER, Settings(home=tmp_path))
    ctx = make_ctx(tmp_path, "coder")
    files = await coder.write_code(ctx, spec, feedback=None, previous=None)
    assert set(files) == set(generate_app(spec)) | {"backend/insights.py", "tests/test_insights.py"}
    assert files["tests/test_insights.py"] == replies.INSIGHTS_TESTS
    assert body_of(sent_requests[0])["max_tokens"] == 32768 and len(ctx.calls) == 1


@pytest.mark.vcr
@pytest.mark.block_network
@pytest.mark.usefixtures("gemini_env")
async def test_litellm_veo_route_starts_polls_and_downloads(tmp_path, sent_requests, monkeypatch, request):
    from nexusforge_agents.providers.litellm_provider import LiteLLMVideoMaker

    if (request.config.getoption("--record-mode") or "none") == "none":
        monkeypatch.setattr(LiteLLMVideoMaker, "poll_interval_s", 0.0)
    maker = resolve("litellm:gemini/veo-3.1-generate-001", Capability.VIDEO, Settings(home=tmp_path))
    ctx = make_ctx(tmp_path, "video")
    out = await maker.make_video(ctx, AppSpec.model_validate(replies.SPEC), tmp_path / "demo" / "demo.mp4")
    assert out.read_bytes()[4:8] == b"ftyp" and maker.model_id == "litellm:gemini/veo-3.1-generate-001"
    paths = [r.uri.split("googleapis.com/v1beta/")[1] for r in sent_requests]
    assert paths[0] == "models/veo-3.1-generate-001:predictLongRunning"
    assert paths[-1].startswith("files/") and paths[-1].endswith(":download?alt=media"), "the MP4 is downloaded"
    assert all("/operations/" in p for p in paths[1:-1]) and len(paths) == 5
    start = body_of(sent_requests[0])
    assert start["parameters"] == {"aspectRatio": "16:9", "durationSeconds": 8, "resolution": "720p"}
    assert "Pulse Analytics" in start["instances"][0]["prompt"]
    [call] = ctx.calls
    assert call.cost_usd == pytest.approx(8 * 0.4), "litellm's price for Veo 3.1, per second"


@pytest.mark.usefixtures("no_keys")
def test_missing_key_names_the_variable_and_offline(tmp_path):
    with pytest.raises(ModelUnavailableError) as caught:
        resolve(ROUTE, Capability.SPEC, Settings(home=tmp_path))
    assert "OPENAI_API_KEY" in caught.value.message and "'offline' works without one" in caught.value.message
    assert caught.value.retry_possible is False


def test_litellm_routes_serve_text_agents_only(tmp_path):
    with pytest.raises(InvalidInputError, match="spec, coder, optimizer and video"):
        resolve(ROUTE, Capability.DESIGN, Settings(home=tmp_path))
    with pytest.raises(InvalidInputError, match="provider and the model"):
        resolve("litellm:gpt-4.1", Capability.SPEC, Settings(home=tmp_path))
