"""The review gate through the library: stream_build stops at spec_ready; approve (edited), reject, restart."""

import json
from pathlib import Path

import pytest

from nexusforge_agents import BuildCancelled, PhaseCompleted, stream_build
from nexusforge_agents.builds.library import get_build_state, resume_build, stream_resume
from nexusforge_agents.builds.review import approve_spec, reject_spec
from nexusforge_agents.errors import ConflictError, InvalidInputError
from nexusforge_agents.events import SpecReady
from nexusforge_agents.versions import history
from tests.scripted import Script, install, scripted_settings

PROMPT = "Build a note app"
REVIEW = {"reviewSpec": True, "enableVideoDemo": False}


async def until_review(settings, output_dir):
    events = [e async for e in stream_build(PROMPT, REVIEW, settings=settings, output_dir=output_dir)]
    assert isinstance(events[-1], SpecReady), [e.type for e in events]
    return events


async def test_an_edited_plan_is_what_gets_built(tmp_path):
    script = install(Script())
    settings = scripted_settings(tmp_path)
    events = await until_review(settings, tmp_path / "app")
    sid, ready = events[-1].session_id, events[-1]
    spec_done = next(e for e in events if isinstance(e, PhaseCompleted) and e.phase == "generating_spec")
    assert spec_done.next_phase == "awaiting_review" and ready.phase == "awaiting_review"
    assert ready.spec["name"] == "Tiny Notes" and script.coder_calls == 0, "no code before the plan is approved"
    assert (await get_build_state(sid, settings=settings)).status == "awaiting_review"

    bad = dict(ready.spec, entities=[{"name": "Note", "plural": "notes", "fields": [{"name": "x", "type": "?"}]}])
    with pytest.raises(InvalidInputError) as refused:
        await approve_spec(sid, bad, settings=settings)
    assert refused.value.details["field"] == "entities.0.fields.0.type"
    assert (await get_build_state(sid, settings=settings)).spec.name == "Tiny Notes", "a bad edit changes nothing"

    approved = await approve_spec(sid, dict(ready.spec, name="Edited Notes"), settings=settings)
    assert approved.name == "Edited Notes"
    result = await resume_build(sid, settings=settings)
    assert result.specification.name == "Edited Notes" and result.tests.passed
    assert json.loads(Path(tmp_path, "app", "spec.json").read_text())["name"] == "Edited Notes"
    assert [v.message for v in history(tmp_path / "app")] == [PROMPT]
    with pytest.raises(ConflictError, match="is completed, not waiting"):
        await approve_spec(sid, settings=settings)


async def test_a_rejected_plan_ends_the_build_cancelled(tmp_path):
    script = install(Script())
    settings = scripted_settings(tmp_path)
    sid = (await until_review(settings, tmp_path / "app"))[-1].session_id
    last = await reject_spec(sid, settings=settings)
    assert isinstance(last, BuildCancelled) and last.message == "Plan rejected: build cancelled"
    assert (await get_build_state(sid, settings=settings)).status == "cancelled"
    assert script.coder_calls == 0


async def test_a_plan_waiting_for_review_survives_a_restart_and_waits_again(tmp_path):
    install(Script())
    settings = scripted_settings(tmp_path)
    sid = (await until_review(settings, tmp_path / "app"))[-1].session_id
    # Each library call opens and closes its own service: the build is picked up again as after a restart.
    again = [e async for e in stream_resume(sid, settings=settings)]
    assert [e.type for e in again][-1] == "spec_ready" and again[-1].spec["name"] == "Tiny Notes"
    assert (await get_build_state(sid, settings=settings)).status == "awaiting_review"
    await approve_spec(sid, settings=settings)
    assert (await resume_build(sid, settings=settings)).specification.name == "Tiny Notes"
