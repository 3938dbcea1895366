import asyncio

import pytest

from nexusforge_agents import BuildCancelled, BuildCompleted, ErrorEvent, PhaseCompleted, stream_build
from nexusforge_agents.builds.library import build_app, cancel_build, get_build_state
from nexusforge_agents.errors import BuildFailedError, InvalidInputError
from tests.scripted import Script, install, scripted_settings


async def collect(gen):
    return [event async for event in gen]


async def test_build_walks_every_phase_in_order(tmp_path):
    install(Script())
    settings = scripted_settings(tmp_path)
    events = await collect(stream_build("Build a note app", settings=settings, output_dir=tmp_path / "out"))
    done = [e.phase for e in events if isinstance(e, PhaseCompleted)]
    assert done == ["analyzing", "generating_spec", "building", "optimizing", "deploying"]
    progress = [e.progress for e in events]
    assert progress == sorted(progress), "overall progress never goes backwards"
    final = events[-1]
    assert isinstance(final, BuildCompleted)
    result = final.result
    assert result.status == "completed" and result.tests.passed
    assert result.models_by_agent == {a: f"scripted-{a}" for a in ("spec", "design", "video", "coder")} | {
        "optimizer": "scripted-optimizer"
    }
    assert set(result.mockups) == {"NoteList", "NoteForm"}
    assert "backend/main.py" in result.code_files
    assert result.usage.cost_usd == pytest.approx(0.001)
    building = next(e for e in events if isinstance(e, PhaseCompleted) and e.phase == "building")
    assert building.results == {"mockups_generated": 2, "video_created": True, "code_files": 5}


async def test_video_branch_is_skipped_when_disabled(tmp_path):
    install(Script())
    result = await build_app("Build a note app", {"enableVideoDemo": False}, settings=scripted_settings(tmp_path))
    assert result.demo_video is None and "video" not in result.models_by_agent


async def test_failing_tests_go_back_to_the_coder_with_the_output(tmp_path):
    script = install(Script(failing_coder_rounds=1))
    result = await build_app("Build a note app", settings=scripted_settings(tmp_path))
    assert result.repair_rounds == 1 and result.tests.passed
    assert script.feedback_seen[0] is None
    assert "broken" in script.feedback_seen[1], "the coder sees the failing assertion"


async def test_build_fails_with_test_output_after_the_repair_limit(tmp_path):
    install(Script(failing_coder_rounds=99))
    events = await collect(
        stream_build("Build a note app", {"maxRepairRounds": 1}, settings=scripted_settings(tmp_path))
    )
    error = events[-1]
    assert isinstance(error, ErrorEvent) and error.error_code == "BUILD_FAILED"
    assert "broken" in error.details["test_output"]
    with pytest.raises(BuildFailedError):
        await build_app("Build a note app", {"maxRepairRounds": 0}, settings=scripted_settings(tmp_path))


async def test_empty_prompt_is_invalid_input(tmp_path):
    with pytest.raises(InvalidInputError, match="App description is required"):
        await collect(stream_build("   ", settings=scripted_settings(tmp_path)))


async def test_cancel_stops_a_running_build_within_a_second(tmp_path):
    script = install(Script(gate=asyncio.Event()))
    settings = scripted_settings(tmp_path)
    events: list = []

    async def consume():
        async for event in stream_build("Build a note app", session_id="cancel-me", settings=settings):
            events.append(event)

    consumer = asyncio.create_task(consume())
    while not any(e.phase == "building" for e in events):
        await asyncio.sleep(0.01)
    loop = asyncio.get_running_loop()
    start = loop.time()
    assert await cancel_build("cancel-me", settings=settings)
    await asyncio.wait_for(consumer, 1.0)
    assert loop.time() - start < 1.0
    assert isinstance(events[-1], BuildCancelled) and events[-1].is_terminal and events[-1].phase == "cancelled"
    state = await get_build_state("cancel-me", settings=settings)
    assert state.status == "cancelled"
    assert script.coder_calls == 0
