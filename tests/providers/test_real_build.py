"""A whole build with every agent on a recorded real provider: the seed's line-up (NEXUSFORGE_PRESET=seed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nexusforge_agents import BuildCompleted, ProgressUpdate, stream_build
from nexusforge_agents.config import PRESETS, Settings
from tests.providers import real_support
from tests.providers.cassettes import replies

vcr_config = real_support.vcr_config
sent_requests = real_support.sent_requests
vertex_env = real_support.vertex_env
fast_polls = real_support.fast_polls

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.mark.vcr
@pytest.mark.block_network
@pytest.mark.usefixtures("vertex_env", "fast_polls")
async def test_full_build_on_recorded_real_models(tmp_path, sent_requests):
    settings = Settings(home=tmp_path / "home", preset="seed")
    events = [
        event
        async for event in stream_build(
            replies.SEED_PROMPT, {"maxCostUsd": 10.0}, settings=settings, output_dir=tmp_path / "app"
        )
    ]
    final = events[-1]
    assert isinstance(final, BuildCompleted), final
    result = final.result

    assert result.models_by_agent == {
        agent: PRESETS["seed"][agent] for agent in ("spec", "design", "video", "coder", "optimizer")
    }
    assert result.specification.name == "Pulse Analytics" and result.tests.passed
    assert result.tests.passed_count >= 3, "the model's own tests ran with the scaffold's"
    assert result.repair_rounds == 0
    out = Path(result.output_dir)
    assert (out / "backend/insights.py").read_text().count("if previous == 0") == 1, "the reviewer's fix landed"
    assert (out / "tests/test_insights.py").is_file()
    assert set(result.mockups) == set(replies.SPEC["ui_components"])
    assert all(Path(p).read_bytes().startswith(PNG_MAGIC) for p in result.mockups.values())
    assert Path(result.demo_video).read_bytes()[4:8] == b"ftyp", "the MP4 Veo returned, written to the artifacts"

    by_agent = result.usage.by_agent
    assert by_agent["design"]["calls"] == 5 and by_agent["design"]["cost_usd"] == pytest.approx(5 * 0.04)
    assert by_agent["video"]["cost_usd"] == pytest.approx(8 * 0.4)
    assert by_agent["spec"]["tokens_in"] == 1712 and by_agent["coder"]["tokens_out"] == 1402 + 2966
    assert result.usage.cost_usd == pytest.approx(sum(a["cost_usd"] for a in by_agent.values()), abs=1e-6)
    assert result.usage.cost_usd < 10.0
    usage_updates = [e for e in events if isinstance(e, ProgressUpdate) and e.usage]
    assert usage_updates, "usage travels in progress updates"
    assert len(sent_requests) == 11 and all("aiplatform.googleapis.com" in r.uri for r in sent_requests)
