"""Nothing lost on the server: the build-worker process killed with SIGKILL while it runs a revision is replaced,
and the revision resumes from its checkpoint to the next version (scripted providers: the building branches wait
1.5 s, so the kill lands while the revision's code is being written)."""

from __future__ import annotations

import json
import os
import signal

import httpx
import pytest
import websockets

from nexusforge_agents.versions import history, record_version
from tests.server.live import ServerProcess, ws_messages

pytestmark = pytest.mark.slow

API = "/api/nexus-forge/build"
REQUEST = "add a due date to notes"


@pytest.fixture
def server(tmp_path):
    process = ServerProcess(tmp_path / "home", scripted=True)
    live = process.start()
    yield process, live
    process.stop()


async def test_a_revision_whose_build_worker_is_killed_resumes_to_the_next_version(server) -> None:
    process, live = server
    async with live.client() as client:
        sid = (await client.post(API, json={"prompt": "Build a note app"})).json()["session_id"]
        built = await ws_messages(live.ws_url(sid), timeout_s=120)
        assert built[-1]["type"] == "build_completed", built[-3:]

        started = (await client.post(f"{API}/{sid}/revise", json={"prompt": REQUEST})).json()
        last_seq = int(started["websocket_url"].rsplit("last_seq=", 1)[1])
        seen = []
        async with websockets.connect(live.ws_url(sid, last_seq=last_seq)) as ws:
            async for raw in ws:
                seen.append(json.loads(raw))
                if seen[-1].get("phase") == "building" and seen[-1].get("agent"):
                    break
        async with httpx.AsyncClient() as plain:
            worker = (await plain.get(live.base_url + "/health")).json()["checks"]["builds"]["engine"]
        os.kill(worker["pid"], signal.SIGKILL)

        rest = await ws_messages(live.ws_url(sid, last_seq=seen[-1]["seq"]), timeout_s=120)
        assert rest[-1]["type"] == "build_completed", rest[-3:]
        assert (await client.get(f"{API}/{sid}")).json()["status"] == "completed"
        async with httpx.AsyncClient() as plain:
            second = (await plain.get(live.base_url + "/health")).json()["checks"]["builds"]["engine"]
        assert second["pid"] != worker["pid"] and second["restarts"] == 1  # the killed worker ran the revision
        versions = (await client.get(f"{API}/{sid}/versions")).json()
        assert [(v["tag"], v["message"]) for v in versions] == [("v1", "Build a note app"), ("v2", REQUEST)]
    folder = process.home / "builds" / sid
    assert [v.tag for v in history(folder)] == ["v1", "v2"]
    spec = json.loads((folder / "spec.json").read_text())
    assert "due_date" in [f["name"] for f in spec["entities"][0]["fields"]]
    assert record_version(folder, "nothing changed").number == 2  # the folder is exactly v2's tree
