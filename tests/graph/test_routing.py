from nexusforge_agents import ErrorEvent, stream_build
from nexusforge_agents.errors import ModelUnavailableError
from tests.scripted import Script, install, scripted_settings


async def collect(gen):
    return [event async for event in gen]


async def test_building_branches_run_at_the_same_time(tmp_path):
    script = install(Script(wait_s={"design": 0.3, "video": 0.3, "coder": 0.3}))
    await collect(stream_build("Build a note app", settings=scripted_settings(tmp_path)))
    spans = [script.intervals[c] for c in ("design", "video", "coder")]
    latest_start = max(start for start, _ in spans)
    earliest_end = min(end for _, end in spans)
    assert latest_start < earliest_end, f"branches did not overlap: {spans}"


async def test_a_failing_branch_fails_the_build_with_its_own_error(tmp_path):
    install(Script(fail={"video": ModelUnavailableError("veo is down")}))
    events = await collect(stream_build("Build a note app", settings=scripted_settings(tmp_path)))
    error = events[-1]
    assert isinstance(error, ErrorEvent)
    assert (error.error_code, error.phase, error.retry_possible) == ("MODEL_UNAVAILABLE", "building", True)
    assert error.details["agent"] == "video"


async def test_an_unexpected_crash_is_reported_not_raised(tmp_path):
    install(Script(fail={"spec": RuntimeError("boom")}))
    events = await collect(stream_build("Build a note app", settings=scripted_settings(tmp_path)))
    assert events[-1].error_code == "BUILD_FAILED"
    assert "spec agent failed: RuntimeError: boom" in events[-1].message


async def test_an_unknown_model_provider_is_rejected_before_anything_runs(tmp_path):
    import pytest

    from nexusforge_agents.errors import InvalidInputError

    install(Script())
    with pytest.raises(InvalidInputError, match="Unknown model provider 'nope'"):
        await collect(
            stream_build("Build a note app", {"models": {"coder": "nope:x"}}, settings=scripted_settings(tmp_path))
        )
    builds = tmp_path / "home" / "builds"  # the build service may open its stores; no build folder is made
    assert not builds.exists() or not any(builds.iterdir())
