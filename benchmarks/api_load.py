"""Load on the hosted API: N concurrent offline builds, each with a status poller and a WebSocket client.

    python benchmarks/api_load.py --builds 20            # starts `nexusforge serve` on a free port, fresh home
    python benchmarks/api_load.py --builds 50 --no-video
    python benchmarks/api_load.py --url http://127.0.0.1:8000 --email ... --password ...   # an existing server

Prints how many builds completed, the latency of GET /api/nexus-forge/build/{id} (p50/p95/max over every poll),
and the WebSocket event delay: receipt time minus the event's own ``timestamp`` (set when the server created
the event), for live events only (events replayed to a client that connected after they happened are counted
apart). Goals: every build completes; p95 status latency < 50 ms; p95 event delay < 20 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import websockets

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.serve_process: the one server start-and-wait
from tests.serve_process import serve_subprocess  # noqa: E402

PROMPTS = [
    "Build a real-time analytics dashboard with charts and user authentication",
    "Create an online store for selling handmade jewelry with product catalog and shopping cart",
    "Build a project management tool with task tracking, due dates, priorities and team members",
    "Build a recipe sharing site where users post recipes with ingredients, cooking time and ratings",
    "Create an appointment booking system for a hair salon with services, stylists and bookings",
]
ADMIN = ("bench@example.com", secrets.token_urlsafe(16))  # the benchmark server's own admin, new each run
TERMINAL = {"completed", "failed", "cancelled"}


@dataclass
class BuildRun:
    session_id: str = ""
    status: str = "not_started"
    wall_s: float = 0.0
    status_ms: list[float] = field(default_factory=list)
    event_delay_ms: list[float] = field(default_factory=list)
    received: dict[int, float] = field(default_factory=dict)  # seq -> time.time() of receipt, live events only
    replayed: int = 0
    events: int = 0
    reconnects: int = 0
    transport_retries: int = 0
    last_seq: int = 0
    error: str | None = None


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def event_time(timestamp: str) -> float:
    return datetime.strptime(timestamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC).timestamp()


async def watch(ws_url: str, run: BuildRun) -> None:
    """Follow the build to its end; on a dropped connection, reconnect with ?last_seq= as a real client would."""
    while True:
        try:
            async with websockets.connect(f"{ws_url}&last_seq={run.last_seq}", max_size=None) as ws:
                connected_at = time.time()
                async for raw in ws:
                    received = time.time()
                    message = json.loads(raw)
                    if message.get("type") == "connected" or "timestamp" not in message:
                        continue
                    run.events += 1
                    run.last_seq = message["seq"]
                    emitted = event_time(message["timestamp"])
                    if emitted < connected_at:
                        run.replayed += 1  # happened before this client connected: not a live delay
                    else:
                        run.event_delay_ms.append((received - emitted) * 1000)
                        run.received[message["seq"]] = received
            return
        except (OSError, websockets.ConnectionClosedError):
            run.reconnects += 1
            if run.reconnects > 10:
                raise


async def poll(client: aiohttp.ClientSession, run: BuildRun, interval_s: float) -> None:
    while True:
        start = time.perf_counter()
        try:
            async with client.get(f"/api/nexus-forge/build/{run.session_id}") as answer:
                answer.raise_for_status()
                body = await answer.json()
        except aiohttp.ClientConnectionError:  # e.g. a keep-alive connection the server closed as it was reused
            run.transport_retries += 1
            if run.transport_retries > 20:
                raise
            continue
        run.status_ms.append((time.perf_counter() - start) * 1000)
        run.status = body["status"]
        if run.status in TERMINAL:
            return
        await asyncio.sleep(interval_s)


def load_client(base: str, builds: int, token: str | None = None) -> aiohttp.ClientSession:
    """The load's HTTP client. aiohttp, not httpx: with 50 pollers httpx's pool cost the clients' process 3-4.5 ms of
    CPU per request (aiohttp 0.2-0.3 ms), as much as the API's own, on the machine being measured."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return aiohttp.ClientSession(
        base_url=base,
        headers=headers,
        timeout=aiohttp.ClientTimeout(total=120),
        connector=aiohttp.TCPConnector(limit=4 * builds),
    )


async def one_build(
    client: aiohttp.ClientSession, ws_base: str, token: str, index: int, video: bool, interval_s: float
) -> BuildRun:
    run = BuildRun()
    start = time.perf_counter()
    try:
        body = {"prompt": PROMPTS[index % len(PROMPTS)], "config": {"enableVideoDemo": video}}
        async with client.post("/api/nexus-forge/build", json=body) as answer:
            answer.raise_for_status()
            started = await answer.json()
        run.session_id = started["session_id"]
        ws_url = f"{ws_base}{started['websocket_url']}?token={token}"
        await asyncio.gather(watch(ws_url, run), poll(client, run, interval_s))
    except Exception as exc:  # a benchmark reports failures instead of stopping at the first one
        run.error = f"{type(exc).__name__}: {exc}"
    run.wall_s = time.perf_counter() - start
    return run


@contextlib.contextmanager
def local_server(max_concurrent: int | None) -> tuple[str, subprocess.Popen[bytes]]:
    home = Path(tempfile.mkdtemp(prefix="nexusforge-bench-"))
    env = {
        **os.environ,
        "NEXUSFORGE_HOME": str(home),
        "NEXUSFORGE_ADMIN_EMAIL": ADMIN[0],
        "NEXUSFORGE_ADMIN_PASSWORD": ADMIN[1],
        "NEXUSFORGE_RATE_LIMIT_BUILD": "100000/hour",
        "NEXUSFORGE_RATE_LIMIT_BUILD_STATUS": "1000000/minute",
        "NEXUSFORGE_RATE_LIMIT_DEFAULT": "1000000/hour",
    }
    if max_concurrent:
        env["NEXUSFORGE_MAX_CONCURRENT_BUILDS"] = str(max_concurrent)
    with serve_subprocess(env, home / "server.log", timeout_s=60) as (base, proc):
        print(f"server: {base} (home {home})", file=sys.stderr)
        yield base, proc


async def run_load(base: str, email: str, password: str, builds: int, video: bool, interval_s: float) -> dict:
    credentials = {"email": email, "password": password}
    async with load_client(base, builds) as c, c.post("/auth/login", json=credentials) as login:
        login.raise_for_status()
        token = (await login.json())["access_token"]
    async with load_client(base, builds, token) as c:
        ws_base = base.replace("http://", "ws://").replace("https://", "wss://")
        start = time.perf_counter()
        runs = await asyncio.gather(*(one_build(c, ws_base, token, i, video, interval_s) for i in range(builds)))
        total_s = time.perf_counter() - start
    status_ms = [ms for run in runs for ms in run.status_ms]
    delays = [ms for run in runs for ms in run.event_delay_ms]
    walls = [run.wall_s for run in runs if run.status == "completed"]
    return {
        "builds": builds,
        "video": video,
        "completed": sum(run.status == "completed" for run in runs),
        "failed": {run.session_id or "?": run.error or run.status for run in runs if run.status != "completed"},
        "total_s": round(total_s, 1),
        "build_wall_s": {"p50": round(pct(walls, 0.5), 1), "p95": round(pct(walls, 0.95), 1)},
        "status_polls": len(status_ms),
        "status_ms": {k: round(pct(status_ms, q), 1) for k, q in (("p50", 0.5), ("p95", 0.95), ("max", 1.0))},
        "ws_reconnects": sum(run.reconnects for run in runs),
        "status_transport_retries": sum(run.transport_retries for run in runs),
        "events": sum(run.events for run in runs),
        "replayed_events": sum(run.replayed for run in runs),
        "event_delay_ms": {k: round(pct(delays, q), 1) for k, q in (("p50", 0.5), ("p95", 0.95), ("max", 1.0))},
        "event_delay_mean_ms": round(statistics.fmean(delays), 1) if delays else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--builds", "-n", type=int, default=20, help="concurrent builds (e.g. 20 or 50)")
    parser.add_argument("--no-video", action="store_true", help="builds without the demo video")
    parser.add_argument("--poll-interval", type=float, default=0.5, help="seconds between status polls per build")
    parser.add_argument("--max-concurrent", type=int, help="server's NEXUSFORGE_MAX_CONCURRENT_BUILDS")
    parser.add_argument("--url", help="an already running server instead of starting one")
    parser.add_argument("--email", default=ADMIN[0])
    parser.add_argument("--password", default=ADMIN[1])
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    args = parser.parse_args()

    def go(base: str) -> dict:
        return asyncio.run(
            run_load(base, args.email, args.password, args.builds, not args.no_video, args.poll_interval)
        )

    load_before = os.getloadavg()[0]
    if args.url:
        report = go(args.url.rstrip("/"))
    else:
        with local_server(args.max_concurrent) as (base, _):
            report = go(base)
    report["cpus"] = os.cpu_count()
    report["loadavg_1min_before"] = round(load_before, 2)  # other work on the machine skews every number
    print(json.dumps(report, indent=2))
    goals = {
        "all builds completed": report["completed"] == report["builds"],
        "p95 status latency < 50 ms": report["status_ms"]["p95"] < 50,
        "p95 event delay < 20 ms": report["event_delay_ms"]["p95"] < 20,
    }
    for goal, met in goals.items():
        print(f"{'MET ' if met else 'MISSED'}  {goal}")
    if args.json:
        args.json.write_text(json.dumps({**report, "goals": goals}, indent=2))


if __name__ == "__main__":
    main()
