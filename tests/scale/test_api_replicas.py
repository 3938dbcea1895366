"""Two `nexusforge serve --api-only` processes and two `nexusforge worker` processes on the real PostgreSQL and Redis:
a WebSocket on API B follows, in order, a build submitted to API A and running on some worker; a cancel sent through
B stops a build within 1 s; SIGTERM on a worker hands its build back and another worker finishes it from its
checkpoint (the spec is not written again)."""

from __future__ import annotations

import asyncio
import json
import signal
import time
from pathlib import Path

import httpx
import pytest
import websockets

from tests.scale.cluster import ADMIN_EMAIL, ADMIN_PASSWORD, Cluster, install_provider

pytestmark = pytest.mark.slow
PROMPT = "A tiny note keeper"
CONFIG = {"enableVideoDemo": False}


@pytest.fixture(scope="module")
def plugins(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return install_provider(tmp_path_factory.mktemp("plugins"))


@pytest.fixture
def cluster(tmp_path: Path, postgres_url: str, redis_url: str, redis_prefix: str, plugins: Path):  # noqa: ANN201
    running = Cluster(tmp_path / "home", postgres_url, redis_url, redis_prefix, plugins)
    yield running
    running.stop()


def _sign_in(base: str) -> str:
    answer = httpx.post(base + "/auth/login", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}, timeout=30)
    assert answer.status_code == 200, answer.text
    return answer.json()["access_token"]


def _start(base: str, token: str) -> str:
    answer = httpx.post(
        base + "/api/nexus-forge/build",
        json={"prompt": PROMPT, "config": CONFIG},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["session_id"]


def _status(base: str, token: str, session_id: str) -> dict:
    answer = httpx.get(
        f"{base}/api/nexus-forge/build/{session_id}", headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def _wait_status(cluster: Cluster, base: str, token: str, session_id: str, wanted: set[str], timeout_s: float) -> dict:
    deadline = time.monotonic() + timeout_s
    while (status := _status(base, token, session_id))["status"] not in wanted:
        cluster.assert_running()
        assert time.monotonic() < deadline, f"{session_id} still {status['status']}\n{cluster.all_logs()}"
        time.sleep(0.2)
    return status


async def _follow(base: str, token: str, session_id: str, *, on_event=None) -> list[dict]:  # noqa: ANN001
    url = base.replace("http://", "ws://") + f"/ws/nexus-forge/{session_id}?token={token}"
    events: list[dict] = []
    async with websockets.connect(url, open_timeout=30) as socket:
        async with asyncio.timeout(300):
            async for raw in socket:
                message = json.loads(raw)
                if message["type"] == "connected":
                    continue
                events.append(message)
                if on_event is not None:
                    await on_event(message)
                if (
                    message["type"] == "build_completed"
                    or message["type"] == "error"
                    or (message["type"] == "progress_update" and message.get("phase") == "cancelled")
                ):
                    return events
    return events


def test_replicas_share_builds_events_and_cancels(cluster: Cluster) -> None:
    api_a = cluster.api("a")  # first: it creates the first admin account
    api_b = cluster.api("b")
    cluster.worker("a")
    cluster.worker("b")
    token = _sign_in(api_a)

    followed = _start(api_a, token)
    _wait_status(
        cluster, api_b, token, followed, {"analyzing", "generating_spec", "building", "optimizing", "completed"}, 240
    )
    events = asyncio.run(_follow(api_b, token, followed))
    assert events[-1]["type"] == "build_completed", events[-1]
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    assert _status(api_a, token, followed)["status"] == "completed"

    doomed = _start(api_a, token)
    _wait_status(cluster, api_b, token, doomed, {"building", "optimizing"}, 120)
    timing: dict[str, float] = {}

    async def cancel_through_b() -> list[dict]:
        async def note(event: dict) -> None:
            if event.get("phase") == "cancelled":
                timing["cancelled_event"] = time.perf_counter()

        follower = asyncio.create_task(_follow(api_a, token, doomed, on_event=note))
        await asyncio.sleep(0.5)  # the follower has replayed the log and is live
        timing["sent"] = time.perf_counter()
        async with httpx.AsyncClient(timeout=30) as client:
            answer = await client.delete(
                f"{api_b}/api/nexus-forge/build/{doomed}", headers={"Authorization": f"Bearer {token}"}
            )
        timing["answered"] = time.perf_counter()
        assert answer.status_code == 200 and answer.json()["status"] == "cancelled", answer.text
        return await follower

    cancelled_events = asyncio.run(cancel_through_b())
    assert cancelled_events[-1]["phase"] == "cancelled"
    assert cancelled_events[-1]["message"] == "Build cancelled by user"
    assert timing["answered"] - timing["sent"] < 1.0, timing
    assert timing["cancelled_event"] - timing["sent"] < 1.0, timing
    assert _status(api_b, token, doomed)["status"] == "cancelled"


def test_sigterm_on_a_worker_hands_its_build_back(cluster: Cluster) -> None:
    api = cluster.api("a")
    leaving = cluster.worker("a")
    token = _sign_in(api)
    session_id = _start(api, token)
    _wait_status(cluster, api, token, session_id, {"building", "optimizing"}, 120)
    leaving.send_signal(signal.SIGTERM)
    assert leaving.wait(60) == 0, cluster.log_tail("worker-a.log")
    cluster.processes.remove(leaving)
    assert "handing back 1 build(s)" in cluster.log_tail("worker-a.log")
    assert _status(api, token, session_id)["status"] in {"building", "optimizing"}  # not marked: handed back
    cluster.worker("b")
    final = _wait_status(cluster, api, token, session_id, {"completed", "failed", "cancelled"}, 180)
    assert final["status"] == "completed", final
    assert cluster.spec_calls() == {session_id: 1}
