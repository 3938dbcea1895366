"""Issue 10, rows 12 and 20: local deployments are recorded (pid, port) and stopped by whichever process must stop
them: a redeploy or delete from the API stops the one the build worker started, and a server restarted after
kill -9 stops the one its dead predecessor left running. The deployed app's /docs works offline."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import httpx
import pytest

from nexusforge_agents.tools.local_records import records_dir
from tests.docs_browser import CHROMIUM, rendered_dom
from tests.server.live import ServerProcess

pytestmark = pytest.mark.slow


def answers(url: str) -> bool:
    try:
        return httpx.get(url + "/api/health", timeout=3).status_code == 200
    except httpx.TransportError:
        return False


def wait_until(predicate, timeout_s: float = 30) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def records(home: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted(records_dir(home).glob("*.json"))]


def check_docs_offline(url: str, tmp_path: Path) -> None:
    page = httpx.get(url + "/docs", timeout=10)
    assert page.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert assets and all(a.startswith("/") and not a.startswith("//") for a in assets), assets
    for asset in assets:
        assert httpx.get(url + asset, timeout=10).status_code == 200, asset
    if CHROMIUM:  # a real browser: Swagger UI must render the app's operations from local files only
        dom = rendered_dom(url + "/docs", screenshot=str(tmp_path / "generated-docs.png"))
        assert "opblock-summary-path" in dom and "/api/health" in dom, dom[:2000]


def test_local_deployments_are_tracked_and_stopped_on_redeploy_restart_and_delete(tmp_path: Path) -> None:
    home = tmp_path / "home"
    server = ServerProcess(home, scripted=False)
    live = server.start()
    try:
        body = {"prompt": "Build a tiny note keeper", "config": {"enableVideoDemo": False, "deploy": "local"}}
        with httpx.Client(base_url=live.base_url, headers=live.headers, timeout=60) as api:
            started = api.post("/api/nexus-forge/build", json=body)
            assert started.status_code == 200, started.text
            session_id = started.json()["session_id"]
            assert wait_until(
                lambda: api.get(f"/api/nexus-forge/build/{session_id}").json()["status"] in ("completed", "failed"),
                600,
            )
            status = api.get(f"/api/nexus-forge/build/{session_id}").json()
            assert status["status"] == "completed", status
            by_worker = status["result"]["deployment_url"]
            assert answers(by_worker)
            [record] = records(home)  # pid and port recorded, owned by the build worker
            assert record["key"] == session_id and by_worker.endswith(f":{record['port']}")
            assert record["owner_pid"] != server.proc.pid

            # A redeploy from the API replaces the worker's app: another process's deployment is stopped.
            deployed = api.post(f"/api/nexus-forge/deploy/{session_id}", json={})
            assert deployed.status_code == 200, deployed.text
            by_server = deployed.json()["deployment_url"]
            assert by_server != by_worker and answers(by_server) and not answers(by_worker)
            [record] = records(home)
            assert record["owner_pid"] == server.proc.pid
            check_docs_offline(by_server, tmp_path)  # row 20, on the generated app

        server.kill()  # kill -9: nothing of the server runs its clean-up
        assert answers(by_server), "the orphaned app outlives its server until the next start"
        live = server.start()
        assert not answers(by_server), "the restarted server stopped the app its predecessor left running"
        assert records(home) == []
        with httpx.Client(base_url=live.base_url, headers=live.headers, timeout=60) as api:
            assert api.get(f"/api/nexus-forge/build/{session_id}").json()["result"]["deployment_url"] is None
            [listed] = api.get("/api/nexus-forge/builds").json()
            assert listed["deployment_url"] is None

            again = api.post(f"/api/nexus-forge/deploy/{session_id}", json={}).json()["deployment_url"]
            assert answers(again) and len(records(home)) == 1
            assert api.delete(f"/api/nexus-forge/build/{session_id}").status_code == 200
            assert wait_until(lambda: not answers(again), 10), "deleting the build stops its app"
            assert records(home) == []
    finally:
        server.stop()
