"""The versions routes on a real uvicorn server: list, diff, rollback, with their errors and access rules."""

import asyncio
import io
import json
import zipfile

import httpx
import pytest

from nexusforge_agents.server import ServerSettings
from tests.scripted import Script, install, scripted_settings
from tests.server.live import thread_server

PROMPT = "Build a note app"
API = "/api/nexus-forge/build"


@pytest.fixture
def live(tmp_path):
    install(Script())
    settings = scripted_settings(tmp_path)
    with thread_server(settings, ServerSettings(build_runner="inline")) as server:
        server.settings = settings
        yield server


async def completed_build(client: httpx.AsyncClient) -> str:
    started = await client.post(API, json={"prompt": PROMPT, "config": {"enableVideoDemo": False}})
    assert started.status_code == 200, started.text
    session_id = started.json()["session_id"]
    for _ in range(600):
        status = (await client.get(f"{API}/{session_id}")).json()["status"]
        if status == "completed":
            return session_id
        assert status not in ("failed", "cancelled")
        await asyncio.sleep(0.05)
    raise AssertionError("the build did not complete")


async def test_versions_diff_and_rollback_over_http(live):
    async with live.client() as client:
        session_id = await completed_build(client)

        listed = await client.get(f"{API}/{session_id}/versions")
        assert listed.status_code == 200, listed.text
        (v1,) = listed.json()
        assert (v1["number"], v1["tag"], v1["message"]) == (1, "v1", PROMPT)
        assert {"path": "backend/main.py", "change": "added"} in v1["files_changed"]

        main = live.settings.workspaces_dir / session_id / "backend" / "main.py"
        built = main.read_text()
        main.write_text(built + "\n# edited by hand\n")
        rolled = await client.post(f"{API}/{session_id}/rollback", json={"version": 1})
        assert rolled.status_code == 200, rolled.text
        assert (rolled.json()["number"], rolled.json()["message"]) == (3, f"Roll back to v1: {PROMPT}")
        assert main.read_text() == built

        tags = [v["tag"] for v in (await client.get(f"{API}/{session_id}/versions")).json()]
        assert tags == ["v1", "v2", "v3"]
        saved = (await client.get(f"{API}/{session_id}/versions/2/diff")).json()
        assert saved["from_version"] == 1 and saved["files"] == [{"path": "backend/main.py", "change": "modified"}]
        assert "+# edited by hand" in saved["unified"]
        same = (await client.get(f"{API}/{session_id}/versions/3/diff", params={"base": 1})).json()
        assert (same["from_version"], same["to_version"], same["files"]) == (1, 3, [])

        for body, status, code in [
            ({"version": 9}, 404, "VERSION_NOT_FOUND"),
            ({"version": 0}, 400, "INVALID_INPUT"),
            ({"version": "v1"}, 400, "INVALID_INPUT"),
            ({}, 400, "INVALID_INPUT"),
            ({"version": 1, "force": True}, 400, "INVALID_INPUT"),
        ]:
            answer = await client.post(f"{API}/{session_id}/rollback", json=body)
            assert (answer.status_code, answer.json()["error_code"]) == (status, code), body
        missing = await client.get(f"{API}/{session_id}/versions/9/diff")
        assert (missing.status_code, missing.json()["error_code"]) == (404, "VERSION_NOT_FOUND")
        assert "v1 to v3" in missing.json()["detail"]
        unknown = await client.get(f"{API}/no-such-build/versions")
        assert (unknown.status_code, unknown.json()["error_code"]) == (404, "SESSION_NOT_FOUND")

        key = (await client.post("/api/keys", json={"name": "reader", "permissions": ["read"]})).json()["key"]
    async with httpx.AsyncClient(base_url=live.base_url, headers={"X-API-Key": key}) as reader:
        assert (await reader.get(f"{API}/{session_id}/versions")).status_code == 200
        refused = await reader.post(f"{API}/{session_id}/rollback", json={"version": 1})
        assert (refused.status_code, refused.json()["error_code"]) == (403, "FORBIDDEN")
    async with httpx.AsyncClient(base_url=live.base_url) as anonymous:
        assert (await anonymous.get(f"{API}/{session_id}/versions")).status_code == 401


async def stored_app(client: httpx.AsyncClient, session_id: str) -> tuple[str, set[str], set[str]]:
    """The app name, code file paths and code-zip entries the build's stored result answers with."""
    result = (await client.get(f"{API}/{session_id}")).json()["result"]
    archive = await client.get(result["code_zip"])
    assert archive.status_code == 200, archive.text
    with zipfile.ZipFile(io.BytesIO(archive.content)) as opened:
        entries = {name.split("/", 1)[1] for name in opened.namelist()}
    return result["specification"]["name"], set(result["code_files"]), entries


async def test_rollback_stores_the_restored_versions_result(live):
    async with live.client() as client:
        session_id = await completed_build(client)
        folder = live.settings.workspaces_dir / session_id
        v1_name, v1_files, v1_zip = await stored_app(client, session_id)
        assert v1_files == v1_zip and "backend/main.py" in v1_files and "spec.json" not in v1_files

        spec = json.loads((folder / "spec.json").read_text())
        (folder / "spec.json").write_text(json.dumps({**spec, "name": "Renamed Notes"}))
        (folder / "backend" / "extra.py").write_text("EXTRA = 1\n")
        assert (await client.post(f"{API}/{session_id}/rollback", json={"version": 1})).status_code == 200
        assert await stored_app(client, session_id) == (v1_name, v1_files, v1_zip)  # v2 saved the edits, v3 = v1

        assert (await client.post(f"{API}/{session_id}/rollback", json={"version": 2})).status_code == 200
        name, files, entries = await stored_app(client, session_id)
        assert (name, files, entries) == ("Renamed Notes", v1_files | {"backend/extra.py"}, files)
        assert (await client.get(f"{API}/{session_id}")).json()["result"]["code_files"]["backend/extra.py"] == (
            "EXTRA = 1\n"
        )
        listed = (await client.get("/api/nexus-forge/builds", params={"search": "Renamed"})).json()
        assert [b["session_id"] for b in listed] == [session_id]  # the row's app name follows

        assert (await client.post(f"{API}/{session_id}/rollback", json={"version": 1})).status_code == 200
        assert await stored_app(client, session_id) == (v1_name, v1_files, v1_zip)
        assert v1_name != "Renamed Notes" and not (folder / "backend" / "extra.py").exists()

        (folder / "spec.json").write_text("{not a spec")  # saved as a version of its own by the next rollback
        saved = (await client.post(f"{API}/{session_id}/rollback", json={"version": 1})).json()["number"] - 1
        restored = await client.post(f"{API}/{session_id}/rollback", json={"version": saved})
        assert restored.status_code == 200, restored.text
        assert (folder / "spec.json").read_text() == "{not a spec"
        assert await stored_app(client, session_id) == (v1_name, v1_files, v1_zip)  # the spec of its build.json
