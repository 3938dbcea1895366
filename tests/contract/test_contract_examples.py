"""The contract's own examples replayed against the real server running the offline engine.

Request bodies and cURL calls are read from the contract document itself (``nexus-forge-api.md``), sent as
they are (base URL and the example session id swapped for the live ones), and every answer and WebSocket
message is held against the documented example, field for field.
"""

from __future__ import annotations

import os

import httpx
import pytest

from nexusforge_agents.config import Settings
from tests.contract.contract_doc import EXAMPLE_SESSION, assert_shape, curl_calls, examples
from tests.server.live import thread_server, ws_messages
from tests.server.test_build_flow import check_log, check_message

DOC = examples()
RESULT_MAPS = ("$.result.mockups", "$.result.code_files")


@pytest.fixture
def offline_live(tmp_path, monkeypatch):
    for name in [n for n in os.environ if n.startswith("NEXUSFORGE_GCP_")]:
        monkeypatch.delenv(name)  # Cloud Run is not configured here: the deployer must say so
    with thread_server(Settings(home=tmp_path / "home")) as live:
        yield live


async def follow(live, session_id: str) -> list[dict]:
    messages = await ws_messages(live.ws_url(session_id), timeout_s=240)
    for message in messages:
        check_message(message)
    check_log(messages[1:], session_id)
    return messages


async def test_curl_examples_then_deploy_and_delete_bodies(offline_live):
    live = offline_live
    (post, get_one, get_list) = curl_calls()
    async with live.client() as client:
        method, path, body = post
        started = await client.request(method, path, json=body)
        assert started.status_code == 200, started.text
        assert_shape(DOC[("POST /api/nexus-forge/build", "response")], started.json())
        sid = started.json()["session_id"]
        messages = await follow(live, sid)
        final = messages[-1]
        assert final["type"] == "build_completed", final
        assert final["summary"]["demo_video"] == "Created" and final["summary"]["specification"] == "Generated"

        method, path, _ = get_one
        status = await client.request(method, path.replace(EXAMPLE_SESSION, sid))
        assert status.status_code == 200
        assert_shape(DOC[("GET /api/nexus-forge/build/{session_id}", "response")], status.json(), maps=RESULT_MAPS)
        result = status.json()["result"]
        assert result["specification"]["name"] and result["specification"]["api_endpoints"]
        files = set(result["code_files"])
        assert {"backend/main.py", "requirements.txt"} <= files and any(f.endswith("package.json") for f in files)
        assert (await client.get(result["demo_video"])).headers["content-type"] == "video/mp4"

        method, path, _ = get_list
        listed = await client.request(method, path)
        assert listed.status_code == 200 and [b["session_id"] for b in listed.json()] == [sid]
        assert_shape(DOC[("GET /api/nexus-forge/builds", "response")][0], listed.json()[0])

        deploy_body = DOC[("POST /api/nexus-forge/deploy/{session_id}", "request")]
        deployed = await client.post(f"/api/nexus-forge/deploy/{sid}", json=deploy_body)
        assert deployed.status_code == 200, deployed.text
        assert_shape(DOC[("POST /api/nexus-forge/deploy/{session_id}", "response")], deployed.json())
        url = deployed.json()["deployment_url"]
        assert deployed.json()["status"] == "deployed" and url.startswith("http://127.0.0.1:")
        assert "my-app.example.com" in deployed.json()["message"], "says the custom domain is not mapped"
        async with httpx.AsyncClient() as outside:
            assert (await outside.get(url + "/api/health")).status_code == 200, "the deployed app answers"
        again = (await client.get(f"/api/nexus-forge/build/{sid}")).json()
        assert again["result"]["deployment_url"] == url

        deleted = await client.delete(f"/api/nexus-forge/build/{sid}")
        assert_shape(DOC[("DELETE /api/nexus-forge/build/{session_id}", "response")], deleted.json())
        async with httpx.AsyncClient() as outside:
            with pytest.raises(httpx.TransportError):
                await outside.get(url + "/api/health")  # deleting the build stopped its deployment


async def test_build_request_body_with_cloud_run_fails_with_the_contract_error(offline_live):
    live = offline_live
    body = DOC[("POST /api/nexus-forge/build", "request")]
    assert body["config"]["deployToCloudRun"] is True
    async with live.client() as client:
        started = await client.post("/api/nexus-forge/build", json=body)
        assert started.status_code == 200, started.text
        assert_shape(DOC[("POST /api/nexus-forge/build", "response")], started.json())
        messages = await follow(live, started.json()["session_id"])
        error = messages[-1]
        assert_shape(DOC[("Error Notifications", "message")], error)
        assert error["type"] == "error" and error["error_code"] == "DEPLOYMENT_FAILED"
        assert error["phase"] == "deploying" and "NEXUSFORGE_GCP_PROJECT" in error["message"]
        building = next(m for m in messages if m["type"] == "phase_completed" and m["phase"] == "building")
        assert_shape(DOC[("Phase Completion", "message")], building)
        assert building["results"]["video_created"] is True and building["results"]["mockups_generated"] > 0


async def test_templates_and_the_from_template_body(offline_live):
    live = offline_live
    async with live.client() as client:
        templates = (await client.get("/api/nexus-forge/templates")).json()
        documented = DOC[("GET /api/nexus-forge/templates", "response")]
        by_id = {t["id"]: t for t in templates}
        for example in documented:
            assert_shape(example, by_id[example["id"]])
            for key in ("name", "description", "category", "example_prompt", "features"):
                assert by_id[example["id"]][key] == example[key], key
        preview = await client.get(by_id["analytics_dashboard"]["preview_image"])
        assert preview.status_code == 200 and preview.content.startswith(b"\x89PNG\r\n\x1a\n")
        assert len(preview.content) > 10_000, "a rendered wireframe, not a placeholder"
        cached = await client.get(by_id["analytics_dashboard"]["preview_image"])
        assert cached.content == preview.content

        body = DOC[("POST /api/nexus-forge/build/from-template", "request")]
        started = await client.post("/api/nexus-forge/build/from-template", json=body)
        assert started.status_code == 200, started.text
        assert_shape(DOC[("POST /api/nexus-forge/build", "response")], started.json())
        sid = started.json()["session_id"]
        assert (await follow(live, sid))[-1]["type"] == "build_completed"
        result = (await client.get(f"/api/nexus-forge/build/{sid}")).json()["result"]
        assert result["specification"]["name"] == "Sales Analytics Pro"
        listed = (await client.get("/api/nexus-forge/builds?search=sales%20analytics")).json()
        assert [b["session_id"] for b in listed] == [sid]
        assert listed[0]["prompt"].startswith(by_id["analytics_dashboard"]["example_prompt"])
