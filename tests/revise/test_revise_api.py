"""POST /api/nexus-forge/build/{id}/revise on a real server (uvicorn on 127.0.0.1, the offline engine): the
revision's events come on the build's own WebSocket after its last seq, and GET shows the new version's spec."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from nexusforge_agents.config import Settings
from nexusforge_agents.server import ServerSettings
from tests.server.live import thread_server, ws_messages

from .conftest import BASE_PROMPT

pytestmark = pytest.mark.slow


async def _completed(client: httpx.AsyncClient, session_id: str) -> dict:
    async with asyncio.timeout(600):
        while True:
            body = (await client.get(f"/api/nexus-forge/build/{session_id}")).json()
            if body["status"] in ("completed", "failed", "cancelled"):
                return body
            await asyncio.sleep(0.5)


async def test_a_revision_over_the_api(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEXUSFORGE_CHROMIUM", "/usr/bin/chromium")
    with thread_server(Settings(home=tmp_path / "home"), ServerSettings(build_runner="inline")) as live:
        async with live.client() as client:
            started = await client.post(
                "/api/nexus-forge/build", json={"prompt": BASE_PROMPT, "config": {"enableVideoDemo": False}}
            )
            session_id = started.json()["session_id"]
            assert (await _completed(client, session_id))["status"] == "completed"
            before = await client.get(f"/api/nexus-forge/build/{session_id}/versions")

            revised = await client.post(
                f"/api/nexus-forge/build/{session_id}/revise", json={"prompt": "add a due date to tasks"}
            )
            assert revised.status_code == 200, revised.text
            follow = revised.json()["websocket_url"]
            assert revised.json()["session_id"] == session_id and "last_seq=" in follow
            last_seq = int(follow.rsplit("last_seq=", 1)[1])
            assert follow.endswith(f"/ws/nexus-forge/{session_id}?last_seq={last_seq}")
            messages = await ws_messages(live.ws_url(session_id, last_seq=last_seq), timeout_s=600)
            events = [m for m in messages if m["type"] != "connected"]
            assert events[0]["seq"] == last_seq + 1 and events[-1]["type"] == "build_completed"
            assert [m["seq"] for m in events] == list(range(last_seq + 1, last_seq + 1 + len(events)))
            body = await _completed(client, session_id)
            assert body["status"] == "completed"
            folder = tmp_path / "home" / "builds" / session_id
            assert "due_date" in (folder / "backend/models.py").read_text()
            assert '"add_field"' in (folder / "spec_delta.json").read_text()

            running = await client.post(f"/api/nexus-forge/build/{session_id}/revise", json={"prompt": "   "})
            assert running.status_code == 400 and running.json()["error_code"] == "INVALID_INPUT"
            unknown = await client.post("/api/nexus-forge/build/nope/revise", json={"prompt": "add a due date"})
            assert unknown.status_code == 404
            if before.status_code == 200:  # the versions routes are served: the revision is the next version
                after = (await client.get(f"/api/nexus-forge/build/{session_id}/versions")).json()
                assert len(after) == len(before.json()) + 1
