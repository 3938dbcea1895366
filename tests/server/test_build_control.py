"""Cancel, delete, list, deploy: the build lifecycle endpoints against the real server."""

from __future__ import annotations

import asyncio
import json
import time

import websockets

from nexusforge_agents.builds.inprocess import runner_of
from nexusforge_agents.builds.library import get_build_state
from tests.contract.contract_doc import assert_shape, examples
from tests.scripted import NOT_DEPLOYABLE_APP, Script, install
from tests.server.live import thread_server, ws_messages
from tests.server.test_build_flow import start

DOC = examples()
SLOW = {"design": 8.0, "video": 8.0, "coder": 8.0}


async def wait_for_building(ws) -> list[dict]:
    """Messages up to the first agent progress inside ``building`` (the parallel branches have started)."""
    seen = []
    async for raw in ws:
        seen.append(json.loads(raw))
        if seen[-1].get("phase") == "building" and seen[-1].get("agent"):
            return seen
    raise AssertionError(f"the build never reached building: {seen}")


async def test_delete_during_building_stops_the_graph_within_a_second(live, settings):
    script = install(Script(wait_s=SLOW))
    async with live.client() as client:
        sid = (await start(client))["session_id"]
        async with websockets.connect(live.ws_url(sid)) as ws:
            before = await wait_for_building(ws)
            assert runner_of(sid) is not None
            t0 = time.perf_counter()
            answer = await client.delete(f"/api/nexus-forge/build/{sid}")
            elapsed = time.perf_counter() - t0
            assert answer.status_code == 200, answer.text
            assert_shape(DOC[("DELETE /api/nexus-forge/build/{session_id}", "response")], answer.json())
            assert answer.json() == {"message": "Build session cancelled successfully", "status": "cancelled"}
            assert elapsed < 1.0, f"cancel took {elapsed:.2f} s"
            after = [json.loads(raw) async for raw in ws]  # the server closes the socket after the final event
        assert runner_of(sid) is None, "the build task is gone"
        assert after[-1]["type"] == "progress_update" and after[-1]["phase"] == "cancelled"
        assert after[-1]["message"] == "Build cancelled by user"
        status = (await client.get(f"/api/nexus-forge/build/{sid}")).json()
        assert status["status"] == "cancelled" and status["result"] is None and status["completed_at"]
        await asyncio.sleep(1.5)
        log = await ws_messages(live.ws_url(sid))
        assert log[1:] == before[1:] + after, "nothing happened after the cancel"
        assert script.coder_calls == 0, "the coder never finished its (8 s) work"
        state = await get_build_state(sid, settings=settings)
        assert state.status == "cancelled", "the checkpoint says cancelled, so nothing resumes it"
        again = await client.delete(f"/api/nexus-forge/build/{sid}")
        assert again.json() == {"message": "Build session deleted successfully", "status": "deleted"}


async def test_a_build_waiting_for_a_slot_can_be_cancelled(settings, tmp_path):
    from nexusforge_agents.server import ServerSettings

    install(Script(wait_s=SLOW))
    with thread_server(settings, ServerSettings(build_runner="inline", max_concurrent_builds=1)) as live:
        async with live.client() as client:
            first = (await start(client))["session_id"]
            queued = (await start(client))["session_id"]
            messages = await ws_messages(live.ws_url(queued), stop_after=2)
            assert messages[1]["phase"] == "initializing" and "slot" in messages[1]["message"]
            assert (await client.delete(f"/api/nexus-forge/build/{queued}")).json()["status"] == "cancelled"
            log = await ws_messages(live.ws_url(queued))
            assert [m["phase"] for m in log[1:]] == ["initializing", "cancelled"]
            still = (await client.get(f"/api/nexus-forge/build/{first}")).json()["status"]
            assert still not in ("completed", "failed", "cancelled"), "the running build is untouched"
            assert (await client.delete(f"/api/nexus-forge/build/{first}")).json()["status"] == "cancelled"


async def test_deleting_a_finished_build_removes_it_and_its_files(live, settings):
    async with live.client() as client:
        sid = (await start(client))["session_id"]
        await ws_messages(live.ws_url(sid))
        result = (await client.get(f"/api/nexus-forge/build/{sid}")).json()["result"]
        folder = settings.workspaces_dir / sid
        assert (folder / "mockups").is_dir()
        answer = await client.delete(f"/api/nexus-forge/build/{sid}")
        assert answer.json() == {"message": "Build session deleted successfully", "status": "deleted"}
        assert not folder.exists()
        gone = await client.get(f"/api/nexus-forge/build/{sid}")
        assert gone.status_code == 404 and gone.json()["error_code"] == "SESSION_NOT_FOUND"
        assert (await client.get(result["code_zip"])).status_code == 404
        assert (await client.delete(f"/api/nexus-forge/build/{sid}")).status_code == 404


async def test_list_builds_newest_first_with_skip_limit_status_and_search(live):
    async with live.client() as client:
        notes = (await start(client, "Build a note app"))["session_id"]
        await ws_messages(live.ws_url(notes))
        recipes = (await start(client, "Build a recipe book for grandma"))["session_id"]
        await ws_messages(live.ws_url(recipes))
        install(Script(wait_s=SLOW))
        running = (await start(client, "Build a habit tracker"))["session_id"]

        async def listed(query: str = "") -> list[dict]:
            answer = await client.get(f"/api/nexus-forge/builds{query}")
            assert answer.status_code == 200, answer.text
            return answer.json()

        everything = await listed()
        assert [b["session_id"] for b in everything] == [running, recipes, notes]
        documented = DOC[("GET /api/nexus-forge/builds", "response")]
        for item in everything:
            assert_shape(documented[0] if item["status"] == "completed" else documented[1], item)
        assert everything[1]["app_name"] == "Tiny Notes" and everything[1]["completed_at"]
        assert [b["session_id"] for b in await listed("?status=completed")] == [recipes, notes]
        assert [b["session_id"] for b in await listed("?skip=1&limit=1")] == [recipes]
        assert [b["session_id"] for b in await listed("?search=GRANDMA")] == [recipes]
        assert [b["session_id"] for b in await listed("?search=tiny%20notes&status=completed")] == [recipes, notes]
        assert await listed("?search=100%25") == [], "LIKE wildcards in the search are literal"
        bad = await client.get("/api/nexus-forge/builds?status=done")
        assert bad.status_code == 400 and bad.json()["error_code"] == "INVALID_INPUT"
        await client.delete(f"/api/nexus-forge/build/{running}")


async def test_deploy_needs_a_completed_build_and_reports_deployer_failures(live):
    body = DOC[("POST /api/nexus-forge/deploy/{session_id}", "request")]
    async with live.client() as client:
        install(Script(wait_s=SLOW))
        running = (await start(client))["session_id"]
        early = await client.post(f"/api/nexus-forge/deploy/{running}", json=body)
        assert early.status_code == 409 and early.json()["error_code"] == "INVALID_STATE"
        assert "only a completed build can be deployed" in early.json()["detail"]
        await client.delete(f"/api/nexus-forge/build/{running}")

        install(Script(wait_s={"coder": 0.1}, app=NOT_DEPLOYABLE_APP))
        done = (await start(client))["session_id"]
        await ws_messages(live.ws_url(done))
        # This app has no ASGI app, so the local deployer's uvicorn exits and the health check fails.
        failed = await client.post(f"/api/nexus-forge/deploy/{done}", json=body)
        assert failed.status_code == 502, failed.text
        assert failed.json()["error_code"] == "DEPLOYMENT_FAILED"
        assert "did not answer /api/health" in failed.json()["detail"]
        missing = await client.post("/api/nexus-forge/deploy/nope", json=body)
        assert missing.status_code == 404 and missing.json()["error_code"] == "SESSION_NOT_FOUND"
        invalid = await client.post(f"/api/nexus-forge/deploy/{done}", json={"scaling": {"memory": "lots"}})
        assert invalid.status_code == 400 and invalid.json()["error_code"] == "INVALID_INPUT"
