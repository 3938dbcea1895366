"""The default engine: builds in a build-worker process (scripted providers registered through worker_imports)."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time

import httpx
import pytest
import websockets

from nexusforge_agents.builds.library import get_build_state
from nexusforge_agents.config import Settings
from tests.server.live import ServerProcess, ws_messages
from tests.server.test_restart import start_and_follow_into_building, stored_events


@pytest.fixture
def server(tmp_path):
    process = ServerProcess(tmp_path / "home", scripted=True)
    live = process.start()
    yield process, live
    process.stop()


async def worker_info(live) -> dict:
    async with httpx.AsyncClient() as client:
        return (await client.get(live.base_url + "/health")).json()["checks"]["builds"]["engine"]


async def test_cancel_in_the_build_worker_stops_the_graph_within_a_second(server):
    process, live = server
    engine = await worker_info(live)
    assert engine["mode"] == "process" and engine["alive"] and engine["pid"] != process.proc.pid
    assert os.getpriority(os.PRIO_PROCESS, engine["pid"]) == 10, "the worker runs at a lower CPU priority"
    async with live.client() as client:
        sid = (await client.post("/api/nexus-forge/build", json={"prompt": "Build a note app"})).json()["session_id"]
        async with websockets.connect(live.ws_url(sid)) as ws:
            async for raw in ws:
                message = json.loads(raw)
                if message.get("phase") == "building" and message.get("agent"):
                    break
            t0 = time.perf_counter()
            answer = await client.delete(f"/api/nexus-forge/build/{sid}")
            elapsed = time.perf_counter() - t0
            rest = [json.loads(raw) async for raw in ws]
        assert answer.json() == {"message": "Build session cancelled successfully", "status": "cancelled"}
        assert elapsed < 1.0, f"cancel took {elapsed:.2f} s"
        assert rest[-1]["type"] == "progress_update" and rest[-1]["phase"] == "cancelled"
        await asyncio.sleep(2.0)  # longer than any scripted branch: a graph still running would have moved on
        log = stored_events(process.home, sid)
        assert log[-1][1]["phase"] == "cancelled" and len(log) == rest[-1]["seq"]
        state = await get_build_state(sid, settings=Settings(home=process.home))
        assert state.status == "cancelled"
        assert not state.code_manifest, "the coder never finished"


async def test_a_killed_build_worker_is_replaced_and_its_builds_resume(server):
    process, live = server
    sid, seen = await start_and_follow_into_building(live)
    first = await worker_info(live)
    os.kill(first["pid"], signal.SIGKILL)
    rest = await ws_messages(live.ws_url(sid, last_seq=seen[-1]["seq"]), timeout_s=90)
    assert rest[-1]["type"] == "build_completed", rest[-3:]
    second = await worker_info(live)
    assert second["alive"] and second["pid"] != first["pid"] and second["restarts"] == 1
    log = stored_events(process.home, sid)
    assert [seq for seq, _ in log] == list(range(1, len(log) + 1))
    phases = [data["phase"] for _, data in log if data["type"] == "phase_completed"]
    assert phases == ["analyzing", "generating_spec", "building", "optimizing", "deploying"]
    async with live.client() as client:
        assert (await client.get(f"/api/nexus-forge/build/{sid}")).json()["status"] == "completed"
