"""BuildService on its own parts (SQLite event log, real checkpointer, scripted providers): replay from a seq,
cancel of a build nobody runs, and the build-worker subprocess protocol's typed messages."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import ValidationError

from nexusforge_agents.builds.service import open_build_service
from nexusforge_agents.builds.subprocess_protocol import REPLIES, REQUESTS, BuildEventMessage, RunBuild, encode
from nexusforge_agents.config import BuildConfig
from nexusforge_agents.events import BuildCancelled, BuildCompleted, parse_event, wire_is_terminal
from nexusforge_agents.schemas import BuildResult
from tests.scripted import Script, install, scripted_settings


async def test_events_replay_from_a_seq_then_end_after_the_terminal_event(tmp_path):
    install(Script())
    settings = scripted_settings(tmp_path)
    async with open_build_service(settings) as service:
        record = await service.start("Build a note app", output_dir=tmp_path / "out")
        everything = [wire async for wire in service.wire_events(record.session_id)]
        assert [w["seq"] for w in everything] == list(range(1, len(everything) + 1)), "a contiguous log"
        assert wire_is_terminal(everything[-1]) and everything[-1]["type"] == "build_completed"
        assert not any(wire_is_terminal(w) for w in everything[:-1])
        tail = [wire async for wire in service.wire_events(record.session_id, after_seq=3)]
        assert tail == everything[3:]
        status = await service.status(record.session_id)
        assert status.status == "completed" and status.last_seq == len(everything) and status.result
        result = await service.result(record.session_id)
        assert result.status == "completed" and "backend/main.py" in result.code_files


async def test_cancel_of_a_build_nobody_runs_ends_it_here(tmp_path):
    install(Script(wait_s={"design": 30.0, "video": 30.0, "coder": 30.0}))
    settings = scripted_settings(tmp_path)
    async with open_build_service(settings) as service:
        record = await service.start("Build a note app")
        async for wire in service.wire_events(record.session_id):
            if wire.get("phase") == "building" and wire.get("agent"):
                break
    # The service (and its runner) closed: the build stays unfinished, as after a server stop.
    async with open_build_service(settings) as service:
        stopped = await service.status(record.session_id, with_result=False)
        assert stopped.status == "building"
        loop = asyncio.get_running_loop()
        started = loop.time()
        assert await service.cancel(record.session_id) is True
        assert loop.time() - started < 5
        after = await service.status(record.session_id, with_result=False)
        assert after.status == "cancelled"
        log = [parse_event(w) async for w in service.wire_events(record.session_id)]
        assert isinstance(log[-1], BuildCancelled) and log[-1].seq == stopped.last_seq + 1
        assert (await service.parts.driver.state(record.session_id)).status == "cancelled", "nothing resumes it"
        assert await service.cancel(record.session_id) is False, "an ended build is not cancelled again"


def test_the_worker_protocol_is_typed_both_ways():
    request = RunBuild(session_id="s", prompt="Build a note app", config=BuildConfig(), output_dir="/tmp/x")
    assert REQUESTS.validate_json(encode(request)) == request
    with pytest.raises(ValidationError):
        REQUESTS.validate_json(b'{"op": "start", "session_id": "s"}')  # the old string op is refused
    result = BuildResult(session_id="s", status="completed", output_dir="/tmp/x", build_time="1 second")
    done = BuildCompleted(session_id="s", total_time="1 second", summary={}, result=result)
    reply = REPLIES.validate_json(encode(BuildEventMessage(session_id="s", event=done)))
    assert isinstance(reply, BuildEventMessage) and isinstance(reply.event, BuildCompleted)
    assert reply.event.result == result and reply.event.is_terminal
    cancelled = REPLIES.validate_json(encode(BuildEventMessage(session_id="s", event=BuildCancelled(session_id="s"))))
    assert isinstance(cancelled.event, BuildCancelled)
