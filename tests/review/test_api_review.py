"""The review gate over HTTP on real servers: spec_ready on the WebSocket, GET/PUT spec, approve, reject, and a
build waiting for review across a server restart."""

import asyncio

import httpx
import pytest

from nexusforge_agents.server import ServerSettings
from tests.scripted import Script, install, scripted_settings
from tests.server.live import ServerProcess, thread_server, ws_messages

API = "/api/nexus-forge/build"
REVIEW = {"reviewSpec": True, "enableVideoDemo": False}


@pytest.fixture
def live(tmp_path):
    install(Script())
    with thread_server(scripted_settings(tmp_path), ServerSettings(build_runner="inline")) as server:
        yield server


async def wait_status(client: httpx.AsyncClient, session_id: str, *statuses: str) -> dict:
    for _ in range(1200):
        body = (await client.get(f"{API}/{session_id}")).json()
        if body["status"] in statuses:
            return body
        await asyncio.sleep(0.05)
    raise AssertionError(f"{session_id} never reached {statuses}: {body}")


async def test_edit_then_approve_builds_the_edited_plan(live):
    async with live.client() as client:
        started = await client.post(API, json={"prompt": "Build a note app", "config": REVIEW})
        sid = started.json()["session_id"]
        waiting = await wait_status(client, sid, "awaiting_review", "failed")
        assert waiting["status"] == "awaiting_review" and waiting["current_phase"] == "awaiting_review"
        spec = (await client.get(f"{API}/{sid}/spec")).json()
        assert spec["name"] == "Tiny Notes"

        bad = {**spec, "entities": [{**spec["entities"][0], "fields": [{"name": "title", "type": "colour"}]}]}
        refused = await client.put(f"{API}/{sid}/spec", json=bad)
        assert refused.status_code == 400, refused.text
        assert refused.json()["error_code"] == "INVALID_INPUT"
        assert refused.json()["details"]["field"] == "entities.0.fields.0.type"
        assert (await client.get(f"{API}/{sid}/spec")).json()["name"] == "Tiny Notes", "nothing is lost"

        edited = await client.put(f"{API}/{sid}/spec", json={**spec, "name": "Edited Notes"})
        assert edited.status_code == 200, edited.text
        assert (edited.json()["action"], edited.json()["spec"]["name"]) == ("edit", "Edited Notes")
        await asyncio.sleep(0.5)  # the edit goes back under review (a new spec_ready)
        assert (await wait_status(client, sid, "awaiting_review"))["status"] == "awaiting_review"

        approved = await client.post(f"{API}/{sid}/approve")
        assert approved.status_code == 200 and approved.json()["spec"]["name"] == "Edited Notes"
        done = await wait_status(client, sid, "completed", "failed", "cancelled")
        assert done["status"] == "completed" and done["result"]["specification"]["name"] == "Edited Notes"
        late = await client.post(f"{API}/{sid}/reject")
        assert (late.status_code, late.json()["error_code"]) == (409, "INVALID_STATE")

    events = await ws_messages(live.ws_url(sid))  # the whole log, replayed
    ready = [m for m in events if m["type"] == "spec_ready"]
    assert [m["spec"]["name"] for m in ready] == ["Tiny Notes", "Edited Notes"]
    assert all(m["phase"] == "awaiting_review" for m in ready) and events[-1]["type"] == "build_completed"


async def test_reject_ends_the_build_cancelled(live):
    async with live.client() as client:
        sid = (await client.post(API, json={"prompt": "Build a note app", "config": REVIEW})).json()["session_id"]
        await wait_status(client, sid, "awaiting_review")
        rejected = await client.post(f"{API}/{sid}/reject")
        assert rejected.status_code == 200 and rejected.json()["action"] == "reject"
        assert (await wait_status(client, sid, "cancelled", "completed", "failed"))["status"] == "cancelled"
        assert (await client.post(f"{API}/no-such-build/approve")).status_code == 404
        waiting = (await client.post(API, json={"prompt": "Build a note app", "config": REVIEW})).json()["session_id"]
        await wait_status(client, waiting, "awaiting_review")
        cancelled = await client.delete(f"{API}/{waiting}")  # cancelling a build that waits for review
        assert (cancelled.status_code, cancelled.json()["status"]) == (200, "cancelled"), cancelled.text
        assert (await client.post(f"{API}/{waiting}/approve")).status_code == 409
    async with httpx.AsyncClient(base_url=live.base_url) as anonymous:
        assert (await anonymous.get(f"{API}/{sid}/spec")).status_code == 401


def wait_status_sync(client: httpx.Client, session_id: str, *statuses: str) -> dict:
    return asyncio.run(_poll(client.base_url, client.headers, session_id, statuses))


async def _poll(base_url, headers, session_id: str, statuses) -> dict:
    async with httpx.AsyncClient(base_url=base_url, headers=headers) as client:
        return await wait_status(client, session_id, *statuses)


@pytest.mark.slow  # two server start-ups
def test_a_build_waiting_for_review_survives_a_server_restart(tmp_path):
    server = ServerProcess(tmp_path / "home", scripted=True)
    live = server.start()
    try:
        with httpx.Client(base_url=live.base_url, headers=live.headers, timeout=30) as client:
            sid = client.post(API, json={"prompt": "Build a note app", "config": REVIEW}).json()["session_id"]
            wait_status_sync(client, sid, "awaiting_review")
        server.stop()
        live = server.start()
        with httpx.Client(base_url=live.base_url, headers=live.headers, timeout=30) as client:
            assert client.get(f"{API}/{sid}").json()["status"] == "awaiting_review"
            assert client.get(f"{API}/{sid}/spec").json()["name"] == "Tiny Notes"
            assert client.post(f"{API}/{sid}/approve").status_code == 200
            assert wait_status_sync(client, sid, "completed", "failed")["status"] == "completed"
    finally:
        server.stop()
