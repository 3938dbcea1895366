"""Gemini, Imagen and Veo through the real SDK HTTP stacks, replayed from cassettes with the network blocked."""

from __future__ import annotations

import pytest

from nexusforge_agents.config import Settings
from nexusforge_agents.context import Capability
from nexusforge_agents.errors import BuildFailedError, ModelUnavailableError
from nexusforge_agents.providers.gemini_media import VeoVideoMaker
from nexusforge_agents.providers.offline.codegen import generate_app
from nexusforge_agents.providers.registry import resolve
from nexusforge_agents.schemas import AppSpec
from tests.providers import real_support
from tests.providers.cassettes import replies
from tests.providers.real_support import body_of, make_ctx

# The shared fixtures, bound in this module so pytest finds them.
vcr_config = real_support.vcr_config
sent_requests = real_support.sent_requests
gemini_env = real_support.gemini_env
vertex_env = real_support.vertex_env
fast_polls = real_support.fast_polls

pytestmark = [pytest.mark.vcr, pytest.mark.block_network]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def spec() -> AppSpec:
    return AppSpec.model_validate(replies.SPEC)


@pytest.mark.usefixtures("gemini_env")
async def test_spec_is_structured_output_into_appspec(tmp_path, sent_requests):
    writer = resolve("gemini:gemini-2.5-pro", Capability.SPEC, Settings(home=tmp_path))
    ctx = make_ctx(tmp_path, "spec", use_adaptive_thinking=True)
    result = await writer.write_spec(ctx, replies.SEED_PROMPT)

    assert isinstance(result, AppSpec) and result.name == "Pulse Analytics"
    assert [e.name for e in result.entities] == ["Metric", "Alert"] and result.auth.enabled and result.realtime
    assert writer.model_id == "gemini:gemini-2.5-pro"
    [request] = sent_requests
    assert request.uri.endswith("/v1beta/models/gemini-2.5-pro:generateContent")
    config = body_of(request)["generationConfig"]
    assert config["responseMimeType"] == "application/json"
    assert config["responseJsonSchema"]["title"] == "AppSpec"
    assert config["thinkingConfig"] == {"thinking_budget": -1}, "useAdaptiveThinking -> dynamic thinking"
    assert replies.SEED_PROMPT in body_of(request)["contents"][0]["parts"][0]["text"]
    [call] = ctx.calls
    assert (call.model, call.tokens_in, call.tokens_out) == ("gemini:gemini-2.5-pro", 1712, 911 + 1843)
    assert call.cost_usd == pytest.approx((1712 * 1.25 + (911 + 1843) * 10.0) / 1e6)
    assert call.latency_s > 0


@pytest.mark.usefixtures("gemini_env")
async def test_spec_without_adaptive_thinking_asks_for_the_least(tmp_path, sent_requests):
    writer = resolve("gemini:gemini-2.5-flash", Capability.SPEC, Settings(home=tmp_path))
    ctx = make_ctx(tmp_path, "spec", use_adaptive_thinking=False)
    result = await writer.write_spec(ctx, replies.SEED_PROMPT)
    assert result.name == "Pulse Analytics"
    config = body_of(sent_requests[0])["generationConfig"]
    assert config["thinkingConfig"] == {"thinking_budget": 0}, "thinking off on a model that can turn it off"
    assert config["maxOutputTokens"] == 8192


@pytest.mark.usefixtures("gemini_env")
async def test_gemini_image_model_paints_a_png(tmp_path, sent_requests):
    painter = resolve("gemini:gemini-2.5-flash-image", Capability.DESIGN, Settings(home=tmp_path))
    ctx = make_ctx(tmp_path, "design")
    image = await painter.paint(ctx, spec(), "Dashboard")
    assert image.startswith(PNG_MAGIC)
    body = body_of(sent_requests[0])
    assert body["generationConfig"]["responseModalities"] == ["IMAGE"]
    prompt = body["contents"][0]["parts"][0]["text"]
    assert "Dashboard" in prompt and "Pulse Analytics" in prompt and "#38bdf8" in prompt
    [call] = ctx.calls
    assert call.tokens_out == 1290 and call.cost_usd == pytest.approx(0.039 + 142 * 0.3 / 1e6)


@pytest.mark.usefixtures("vertex_env")
async def test_imagen_paints_one_png_per_component(tmp_path, sent_requests):
    painter = resolve("gemini:imagen-4.0-generate-001", Capability.DESIGN, Settings(home=tmp_path))
    ctx = make_ctx(tmp_path, "design")
    images = [await painter.paint(ctx, spec(), name) for name in ("MetricList", "MetricForm")]
    assert all(image.startswith(PNG_MAGIC) for image in images) and images[0] != images[1]
    prompts = [body_of(r)["instances"][0]["prompt"] for r in sent_requests]
    assert "MetricList" in prompts[0] and "table with columns" in prompts[0]  # the page model's elements
    assert "MetricForm" in prompts[1] and "button 'Save'" in prompts[1]
    assert all(r.uri.endswith("/publishers/google/models/imagen-4.0-generate-001:predict") for r in sent_requests)
    assert [c.cost_usd for c in ctx.calls] == [0.04, 0.04]


@pytest.mark.usefixtures("vertex_env", "fast_polls")
async def test_veo_starts_polls_and_downloads_the_mp4(tmp_path, sent_requests):
    maker = resolve("gemini:veo-3.0-generate-001", Capability.VIDEO, Settings(home=tmp_path))
    ctx = make_ctx(tmp_path, "video")
    out = await maker.make_video(ctx, spec(), tmp_path / "demo" / "demo.mp4")
    data = out.read_bytes()
    assert out == tmp_path / "demo" / "demo.mp4" and data[4:8] == b"ftyp" and len(data) > 500
    assert [r.uri.rsplit(":", 1)[-1] for r in sent_requests] == [
        "predictLongRunning",
        "fetchPredictOperation",
        "fetchPredictOperation",
    ]
    start = body_of(sent_requests[0])
    assert start["parameters"]["durationSeconds"] == 8 and "Pulse Analytics" in start["instances"][0]["prompt"]
    operation = body_of(sent_requests[1])["operationName"]
    assert "/models/veo-3.0-generate-001/operations/" in operation and body_of(sent_requests[2]) == {
        "operationName": operation
    }
    [call] = ctx.calls
    assert call.cost_usd == pytest.approx(0.4 * 8)


@pytest.mark.vcr(allow_playback_repeats=True)
@pytest.mark.usefixtures("vertex_env")
async def test_veo_gives_up_after_its_timeout(tmp_path, monkeypatch, sent_requests):
    monkeypatch.setattr(VeoVideoMaker, "poll_interval_s", 0.01)
    monkeypatch.setattr(VeoVideoMaker, "timeout_s", 0.05)
    maker = resolve("gemini:veo-3.0-generate-001", Capability.VIDEO, Settings(home=tmp_path))
    out = tmp_path / "demo.mp4"
    with pytest.raises(ModelUnavailableError, match="did not finish the video within") as caught:
        await maker.make_video(make_ctx(tmp_path, "video"), spec(), out)
    assert caught.value.retry_possible and not out.exists(), "no file is reported that was not produced"
    assert len(sent_requests) >= 2 and sent_requests[-1].uri.endswith(":fetchPredictOperation"), "it polled"


@pytest.mark.usefixtures("gemini_env")
async def test_coder_writes_the_app_from_the_scaffold_in_one_call(tmp_path, sent_requests):
    coder = resolve("gemini:gemini-2.5-pro", Capability.CODER, Settings(home=tmp_path))
    ctx = make_ctx(tmp_path, "coder")
    files = await coder.write_code(ctx, spec(), feedback=None, previous=None)

    scaffold = generate_app(spec())
    assert set(files) == set(scaffold) | {"backend/insights.py", "tests/test_insights.py"}
    assert files["backend/insights.py"] == replies.INSIGHTS_PY
    assert all(files[p] == text for p, text in scaffold.items()), "files the model did not touch are kept"
    assert len(ctx.calls) == 1, "the whole app in one call"
    prompt = body_of(sent_requests[0])["contents"][0]["parts"][0]["text"]
    assert "=== backend/main.py ===" in prompt and '"name": "Pulse Analytics"' in prompt


@pytest.mark.usefixtures("gemini_env")
async def test_coder_asks_again_after_an_unusable_reply(tmp_path, sent_requests):
    coder = resolve("gemini:gemini-2.5-pro", Capability.CODER, Settings(home=tmp_path))
    ctx = make_ctx(tmp_path, "coder")
    files = await coder.write_code(ctx, spec(), feedback=None, previous=None)
    assert files["backend/insights.py"] == replies.INSIGHTS_PY and "../outside.py" not in files
    assert len(sent_requests) == 2 and len(ctx.calls) == 2
    correction = body_of(sent_requests[1])["contents"][-1]["parts"][0]["text"]
    assert "could not be used" in correction
    assert "'../outside.py'" in correction and "backend/insights.py does not compile: line 1" in correction


@pytest.mark.usefixtures("gemini_env")
async def test_coder_fails_clearly_after_two_unusable_replies(tmp_path, sent_requests):
    coder = resolve("gemini:gemini-2.5-pro", Capability.CODER, Settings(home=tmp_path))
    with pytest.raises(BuildFailedError) as caught:
        await coder.write_code(make_ctx(tmp_path, "coder"), spec(), feedback=None, previous=None)
    message = caught.value.message
    assert "gemini:gemini-2.5-pro gave the coder agent an unusable CodeReply 2 times" in message
    assert "does not compile" in message and len(sent_requests) == 2


@pytest.mark.usefixtures("gemini_env")
async def test_repair_round_gets_the_failing_test_output(tmp_path, sent_requests):
    coder = resolve("gemini:gemini-2.5-pro", Capability.CODER, Settings(home=tmp_path))
    previous = {
        **generate_app(spec()),
        "backend/insights.py": replies.INSIGHTS_BUGGY,
        "tests/test_insights.py": replies.INSIGHTS_TESTS,
    }
    ctx = make_ctx(tmp_path, "coder")
    files = await coder.write_code(ctx, spec(), feedback=replies.REPAIR_FEEDBACK, previous=previous)
    assert files["backend/insights.py"] == replies.INSIGHTS_PY, "the fix is applied"
    assert set(files) == set(previous), "a repair round starts from the current files, not the scaffold"
    prompt = body_of(sent_requests[0])["contents"][0]["parts"][0]["text"]
    assert "FAILED tests/test_insights.py::test_percent_change" in prompt
    contents = prompt.split("Contents of the files most likely involved:\n", 1)[1]
    assert contents.startswith("=== tests/test_insights.py ==="), "files named in the failure come first"
    assert len(ctx.calls) == 1


@pytest.mark.usefixtures("gemini_env")
async def test_reviewer_returns_only_the_files_it_changed(tmp_path, sent_requests):
    reviewer = resolve("gemini:gemini-2.5-flash", Capability.OPTIMIZER, Settings(home=tmp_path))
    files = {**generate_app(spec()), **{e["path"]: e["content"] for e in replies.CODER_REPLY["files"]}}
    changed, notes = await reviewer.review(make_ctx(tmp_path, "optimizer"), spec(), files)
    assert changed == {"backend/insights.py": replies.INSIGHTS_REVIEWED}
    assert notes == ["gemini:gemini-2.5-flash: " + replies.REVIEW_REPLY["notes"][0]]
    prompt = body_of(sent_requests[0])["contents"][0]["parts"][0]["text"]
    assert "=== backend/insights.py ===" in prompt and "frontend/src/App.tsx" not in prompt, "Python only"


async def test_missing_credentials_name_what_to_set(tmp_path, monkeypatch):
    for name in ("GEMINI_API_KEY", "GOOGLE_API_KEY", "GOOGLE_CLOUD_PROJECT", "GOOGLE_GENAI_USE_ENTERPRISE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("GOOGLE_GENAI_USE_VERTEXAI", raising=False)
    with pytest.raises(ModelUnavailableError, match="needs GEMINI_API_KEY .*'offline' works without one"):
        resolve("gemini:gemini-2.5-pro", Capability.SPEC, Settings(home=tmp_path))
    maker = resolve("gemini:veo-3.1-generate-001", Capability.VIDEO, Settings(home=tmp_path))
    with pytest.raises(ModelUnavailableError, match="runs on Gemini Enterprise Agent Platform") as caught:
        await maker.make_video(make_ctx(tmp_path, "video"), spec(), tmp_path / "demo.mp4")
    assert caught.value.retry_possible is False
    monkeypatch.setenv("GOOGLE_GENAI_USE_VERTEXAI", "true")
    with pytest.raises(ModelUnavailableError, match="neither GOOGLE_CLOUD_PROJECT nor"):
        resolve("gemini:gemini-2.5-pro", Capability.SPEC, Settings(home=tmp_path))


def test_each_gemini_model_serves_the_agents_it_can(tmp_path, gemini_env):
    from nexusforge_agents.errors import InvalidInputError

    with pytest.raises(InvalidInputError, match="cannot paint mockups"):
        resolve("gemini:gemini-2.5-pro", Capability.DESIGN, Settings(home=tmp_path))
    with pytest.raises(InvalidInputError, match="cannot make videos"):
        resolve("gemini:gemini-2.5-flash-image", Capability.VIDEO, Settings(home=tmp_path))
    with pytest.raises(InvalidInputError, match="not a text model"):
        resolve("gemini:veo-3.1-generate-001", Capability.CODER, Settings(home=tmp_path))
