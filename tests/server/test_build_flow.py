"""A whole build through the real server: REST to start, WebSocket and SSE to follow, REST for the result.

Every message is held against the contract's own examples (docs/contract/nexus-forge-api.md).
"""

from __future__ import annotations

import asyncio
import io
import re
import zipfile
from datetime import datetime

import httpx
import pytest

from tests.contract.contract_doc import assert_shape, examples
from tests.scripted import Script, install
from tests.server.live import ws_messages
from tests.server.sse_client import read_sse

DOC = examples()
MESSAGE_EXAMPLES = {
    "connected": DOC[("Connection Confirmation", "message")],
    "progress_update": DOC[("Progress Updates", "message")],
    "phase_completed": DOC[("Phase Completion", "message")],
    "build_completed": DOC[("Build Completion", "message")],
    "error": DOC[("Error Notifications", "message")],
}
PHASES = ["analyzing", "generating_spec", "building", "optimizing", "deploying"]
PNG = b"\x89PNG\r\n\x1a\n"


def check_message(message: dict) -> None:
    documented = MESSAGE_EXAMPLES[message["type"]]
    if message["type"] == "phase_completed" and message["phase"] != "building":
        documented = {k: v for k, v in documented.items() if k != "results"}  # results differ by phase
        assert isinstance(message["results"], dict)
    assert_shape(documented, message, message["type"])
    if "timestamp" in message:
        datetime.strptime(message["timestamp"], "%Y-%m-%dT%H:%M:%S.%fZ")


def check_log(messages: list[dict], session_id: str) -> None:
    """The events after ``connected``: contiguous seqs from 1, one session, progress never going back."""
    assert [m["seq"] for m in messages] == list(range(1, len(messages) + 1))
    assert {m["session_id"] for m in messages} == {session_id}
    progress = [m["progress"] for m in messages if "progress" in m]
    assert progress == sorted(progress)


async def start(client: httpx.AsyncClient, prompt: str = "Build a note app", **config) -> dict:
    response = await client.post("/api/nexus-forge/build", json={"prompt": prompt, "config": config})
    assert response.status_code == 200, response.text
    return response.json()


async def test_whole_build_over_websocket_matches_the_contract(live):
    async with live.client() as client:
        started = await start(client, enableVideoDemo=True)
        assert_shape(DOC[("POST /api/nexus-forge/build", "response")], started, "build")
        sid = started["session_id"]
        assert started["status"] == "build_started"
        assert started["websocket_url"] == f"/ws/nexus-forge/{sid}"
        assert re.fullmatch(r"\d+(-\d+)? (seconds|minutes?)", started["estimated_duration"])

        messages = await ws_messages(live.ws_url(sid))
        connected, events = messages[0], messages[1:]
        assert connected == {**connected, "type": "connected", "session_id": sid}
        for message in messages:
            check_message(message)
        check_log(events, sid)
        assert {m["type"] for m in events} == {"progress_update", "phase_completed", "build_completed"}
        assert [m["phase"] for m in events if m["type"] == "phase_completed"] == PHASES
        building = next(m for m in events if m["type"] == "phase_completed" and m["phase"] == "building")
        assert building["results"] == {"mockups_generated": 2, "video_created": True, "code_files": 5}
        assert building["next_phase"] == "optimizing"
        final = events[-1]
        assert final["type"] == "build_completed" and final["deployment_url"] is None
        assert final["summary"]["mockups"] == 2 and final["summary"]["demo_video"] == "Created"

        status = (await client.get(f"/api/nexus-forge/build/{sid}")).json()
        documented = DOC[("GET /api/nexus-forge/build/{session_id}", "response")]
        assert_shape(documented, status, "status", maps=("status.result.mockups", "status.result.code_files"))
        assert status["status"] == "completed" and status["progress"] == 100
        result = status["result"]
        assert result["orchestrator"] == "Starri" and result["models_used"][0] == "scripted-spec"
        assert result["specification"]["name"] == "Tiny Notes"
        # The scripted coder writes no features.json: every feature is honestly not built, saying why.
        claims = result["features"]
        assert [c["name"] for c in claims] == result["specification"]["features"]
        assert all(c["status"] == "not_built" and "no claims" in c["reason"] for c in claims)
        assert set(result["mockups"]) == {"NoteList", "NoteForm"}
        for url in result["mockups"].values():
            image = await client.get(url)
            assert image.status_code == 200 and image.headers["content-type"] == "image/png"
            assert image.content.startswith(PNG)
        video = await client.get(result["demo_video"])
        assert video.status_code == 200 and video.headers["content-type"] == "video/mp4"
        archive = zipfile.ZipFile(io.BytesIO((await client.get(result["code_zip"])).content))
        unpacked = {name.split("/", 1)[1]: archive.read(name).decode() for name in archive.namelist()}
        assert unpacked == result["code_files"]


async def test_a_failed_build_sends_the_contract_error_message(live, settings):
    install(Script(failing_coder_rounds=99))
    async with live.client() as client:
        sid = (await start(client, maxRepairRounds=0))["session_id"]
        messages = await ws_messages(live.ws_url(sid))
        for message in messages:
            check_message(message)
        error = messages[-1]
        assert error["type"] == "error" and error["error_code"] == "BUILD_FAILED"
        assert error["phase"] == "optimizing" and error["retry_possible"] is True
        status = (await client.get(f"/api/nexus-forge/build/{sid}")).json()
        assert status["status"] == "failed" and status["result"] is None and status["completed_at"]
        assert status["error"]["error_code"] == "BUILD_FAILED"


async def test_late_reconnecting_and_concurrent_clients_all_get_every_event_in_order(live):
    install(Script(wait_s={"design": 1.0, "video": 1.0, "coder": 1.0}))
    async with live.client() as client:
        sid = (await start(client))["session_id"]
        early = [asyncio.create_task(ws_messages(live.ws_url(sid))) for _ in range(3)]
        # a client that drops out mid-build and reconnects with the seq it last saw
        first_part = await ws_messages(live.ws_url(sid), stop_after=6)
        last_seen = first_part[-1]["seq"]
        await asyncio.sleep(0.5)
        rest = await ws_messages(live.ws_url(sid, last_seq=last_seen))
        full = [m[1:] for m in await asyncio.gather(*early)]
        assert full[0] == full[1] == full[2], "every client gets every event"
        check_log(full[0], sid)
        assert full[0][-1]["type"] == "build_completed"
        assert rest[0]["type"] == "connected"
        assert first_part[1:] + rest[1:] == full[0], "missed events first, in order, then live"
        late = await ws_messages(live.ws_url(sid))
        assert late[1:] == full[0], "a client joining after the end gets the whole log"


async def test_sse_stream_resumes_after_last_event_id(live):
    install(Script(wait_s={"design": 0.8, "video": 0.8, "coder": 0.8}))
    async with live.client() as client:
        sid = (await start(client))["session_id"]
        url = f"/api/nexus-forge/build/{sid}/events"
        status, head = await read_sse(client, url, stop_after=5)
        assert status == 200 and head[0]["event"] == "connected" and "id" not in head[0]
        resume_from = head[-1]["id"]
        status, tail = await read_sse(client, url, last_event_id=resume_from)
        assert status == 200 and tail[0]["event"] == "connected"
        ws_log = (await ws_messages(live.ws_url(sid)))[1:]
        sse_log = head[1:] + tail[1:]
        assert [e["data"] for e in sse_log] == ws_log, "SSE carries exactly the WebSocket's events"
        assert [int(e["id"]) for e in sse_log] == [m["seq"] for m in ws_log]
        assert [e["event"] for e in sse_log] == [m["type"] for m in ws_log]
        assert sse_log[-1]["event"] == "build_completed"
        status, again = await read_sse(client, url, last_event_id=str(ws_log[-1]["seq"]))
        assert status == 204 and again == [], "nothing left: 204 stops the browser reconnecting"
        status, middle = await read_sse(client, url, last_event_id="3")
        assert [int(e["id"]) for e in middle[1:]] == list(range(4, len(ws_log) + 1))
        bad = await client.get(url, headers={"Last-Event-ID": "abc"})
        assert bad.status_code == 400 and bad.json()["error_code"] == "INVALID_INPUT"


@pytest.mark.parametrize("path", ["/ws/nexus-forge/no-such-build"])
async def test_websocket_for_an_unknown_session_says_so_and_closes(live, path):
    import websockets

    async with websockets.connect(live.ws_base + path + f"?token={live.token}") as ws:
        message = await ws.recv()
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await ws.recv()
    error = httpx.Response(200, content=message).json()
    assert error["type"] == "error" and error["error_code"] == "SESSION_NOT_FOUND"
    assert closed.value.rcvd.code == 4404
