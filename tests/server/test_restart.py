"""Kill the server mid-build (SIGKILL) or stop it (SIGINT), start it again on the same home: the build resumes
from its checkpoint and completes, its reconnecting client sees it finish, and nothing stored was lost."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import websockets

from tests.server.live import ServerProcess, ws_messages


def stored_events(home: Path, session_id: str) -> list[tuple[int, dict]]:
    with sqlite3.connect(home / "server.sqlite") as db:
        rows = db.execute(
            "select seq, data from build_events where session_id = ? order by seq", (session_id,)
        ).fetchall()
    return [(seq, json.loads(data)) for seq, data in rows]


def build_status(home: Path, session_id: str) -> str:
    with sqlite3.connect(home / "server.sqlite") as db:
        return db.execute("select status from builds where session_id = ?", (session_id,)).fetchone()[0]


async def start_and_follow_into_building(live) -> tuple[str, list[dict]]:
    async with live.client() as client:
        answer = await client.post("/api/nexus-forge/build", json={"prompt": "Build a note app"})
        sid = answer.json()["session_id"]
    seen = []
    async with websockets.connect(live.ws_url(sid)) as ws:
        async for raw in ws:
            seen.append(json.loads(raw))
            if seen[-1].get("phase") == "building" and seen[-1].get("agent"):
                break
    return sid, seen[1:]


@pytest.mark.parametrize("stop", ["kill", "graceful"])
async def test_a_build_survives_a_server_restart(tmp_path, stop):
    home = tmp_path / "home"
    first = ServerProcess(home, scripted=True)
    live = first.start()
    try:
        sid, seen = await start_and_follow_into_building(live)
    finally:
        first.kill() if stop == "kill" else first.stop()
    before = stored_events(home, sid)
    assert build_status(home, sid) == "building", "a stopped server does not mark its builds failed or cancelled"
    assert [m["seq"] for m in seen] == [seq for seq, _ in before[: len(seen)]]
    assert [m for m in seen] == [data for _, data in before[: len(seen)]], "every event a client saw was stored"

    second = ServerProcess(home, scripted=True, port=first.port)
    live = second.start()
    try:
        rest = await ws_messages(live.ws_url(sid, last_seq=seen[-1]["seq"]), timeout_s=90)
        async with live.client() as client:
            status = (await client.get(f"/api/nexus-forge/build/{sid}")).json()
            listed = (await client.get("/api/nexus-forge/builds")).json()
            code_zip = await client.get(status["result"]["code_zip"])
    finally:
        second.stop()

    assert rest[0]["type"] == "connected" and rest[-1]["type"] == "build_completed"
    after = stored_events(home, sid)
    assert after[: len(before)] == before, "nothing stored before the restart was lost or rewritten"
    assert [seq for seq, _ in after] == list(range(1, len(after) + 1))
    assert [m["seq"] for m in rest[1:]] == list(range(seen[-1]["seq"] + 1, len(after) + 1))
    phases_done = [data["phase"] for _, data in after if data["type"] == "phase_completed"]
    assert phases_done == ["analyzing", "generating_spec", "building", "optimizing", "deploying"]
    assert status["status"] == "completed" and status["progress"] == 100
    assert status["result"]["specification"]["name"] == "Tiny Notes"
    assert [b["session_id"] for b in listed] == [sid]
    assert code_zip.status_code == 200 and code_zip.headers["content-type"] == "application/zip"
