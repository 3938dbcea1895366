"""Scale-out benchmark: `nexusforge serve --api-only` + `nexusforge worker` processes on PostgreSQL and Redis.

    python benchmarks/scale.py                       # 40 builds with 1, 2, 4 workers; then 50 concurrent builds
    python benchmarks/scale.py --builds 20 --workers 1,4 --concurrent 0
    python benchmarks/scale.py --builds 0 --wait-ms 3000 --ramp-s 3   # 50 concurrent, the machine not saturated

Every model call goes to the ``tinywait`` plugin provider (benchmarks/scale_provider): it waits 300 ms (no CPU)
and returns a tiny fixed app, so the figures measure the system (queue, leases, database, event fan-out), not the
models. A build still does its own small CPU work: QA runs the app's one test, the optimizer runs ruff.

1. Throughput: for each worker count N, N workers with ``--per-worker`` slots each take 40 builds submitted at once
   through the API; builds per second from the first submit to the last completion. Goal: 4 workers >= 3.5x one.
   ``machine_cpu_s_per_build``: the whole machine's CPU over that time (Linux /proc/stat) per build.
2. Latency: ``--concurrent`` builds at once running in 4 workers (enough slots for all), each followed by a status
   poller and a WebSocket client (benchmarks/api_load.py's clients, in a process and session of their own). Goals:
   p95 GET /build/{id} < 50 ms, p95 WebSocket event delay < 20 ms. Two event delays are reported, live events only:
   ``event_delay`` = receipt minus the event's own timestamp (set when the worker's graph made it, so it includes
   the worker's own event-loop lag), ``delivery_delay`` = receipt minus the event's ``stored_at`` in the log (set by
   the worker's recorder as it writes the event's batch, before its COMMIT and publish). Same machine, same clock.
   ``api_cpu_cores`` / ``api_cpu_wait_per_s``: the API processes' CPU time and their time runnable but waiting for a
   CPU (Linux schedstat), per second of the run: a wait near or above the CPU time means the API is starved.
   ``--nice-workers N`` runs the workers in sessions of their own at nice N (process and autogroup), as workers on
   other machines would not take the API's CPU. ``machine_busy``: the share of the machine's CPU in use during the
   run (near 1: the figures measure the CPU queue); ``peak_concurrent``: the most builds running at once;
   ``--ramp-s`` spreads the submissions over that many seconds (0: all at once). ``--latency-workers`` and
   ``--api-replicas`` change how many workers run those builds and how many `serve --api-only` processes the
   clients are spread over (4 and 1).

Needs PostgreSQL (NEXUSFORGE_BENCH_POSTGRES, default postgresql://postgres@127.0.0.1:5432) and Redis
(NEXUSFORGE_BENCH_REDIS, default redis://127.0.0.1:6379/12); creates its own database and key prefix and drops them.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import aiohttp
import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from api_load import load_client, one_build, pct  # noqa: E402

from tests.scale.cluster import ADMIN_EMAIL, ADMIN_PASSWORD, Cluster, install_provider  # noqa: E402

TERMINAL = {"completed", "failed", "cancelled"}
PROMPT = "A tiny note keeper"


async def _admin(postgres: str, statement: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(postgres + "/postgres")
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


def _token(base: str) -> str:
    answer = httpx.post(base + "/auth/login", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}, timeout=60)
    answer.raise_for_status()
    return answer.json()["access_token"]


async def _live_workers(cluster: Cluster) -> int:
    import redis.asyncio as aioredis

    client = aioredis.Redis.from_url(cluster.redis_url)
    try:
        return len([k async for k in client.scan_iter(match=f"{cluster.redis_prefix}worker:*")])
    finally:
        await client.aclose()


def _start_workers(cluster: Cluster, count: int, slots: int, tag: str, nice: int = 0) -> list:
    workers = [cluster.worker(f"{tag}-{i}", concurrency=slots, nice=nice) for i in range(count)]
    deadline = time.monotonic() + 300
    while asyncio.run(_live_workers(cluster)) < count:
        cluster.assert_running()
        if time.monotonic() > deadline:
            raise TimeoutError(f"{count} workers did not start:\n{cluster.all_logs()}")
        time.sleep(0.5)
    return workers


def _stop_workers(cluster: Cluster, workers: list) -> None:
    for proc in workers:
        proc.send_signal(signal.SIGTERM)
    for proc in workers:
        proc.wait(120)
        cluster.processes.remove(proc)
    while asyncio.run(_live_workers(cluster)):
        time.sleep(0.2)


async def _throughput(base: str, token: str, builds: int) -> dict[str, float | int]:
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=120) as client:
        started = time.perf_counter()
        answers = await asyncio.gather(
            *(
                client.post("/api/nexus-forge/build", json={"prompt": PROMPT, "config": {"enableVideoDemo": False}})
                for _ in range(builds)
            )
        )
        ids = {a.raise_for_status().json()["session_id"] for a in answers}
        statuses: dict[str, str] = {}
        while True:
            listing = await client.get("/api/nexus-forge/builds", params={"limit": 100})
            statuses = {
                b["session_id"]: b["status"] for b in listing.raise_for_status().json() if b["session_id"] in ids
            }
            if all(statuses.get(s) in TERMINAL for s in ids):
                break
            await asyncio.sleep(0.25)
        elapsed = time.perf_counter() - started
    completed = sum(1 for s in statuses.values() if s == "completed")
    return {
        "builds": builds,
        "completed": completed,
        "seconds": round(elapsed, 2),
        "builds_per_s": round(completed / elapsed, 3),
    }


async def _follow_builds(bases: list[str], token: str, builds: int, ramp_s: float) -> list[dict[str, object]]:
    """The latency run's clients (in a process of their own, see ``_latency``): each build with a status poller and
    a WebSocket client, build ``i`` on API replica ``i % len(bases)``, submitted ``i * ramp_s / builds`` s in."""

    async def follow(clients: list[aiohttp.ClientSession], i: int) -> tuple[float, float, Any]:
        await asyncio.sleep(i * ramp_s / builds)
        began = time.time()
        replica = i % len(bases)
        run = await one_build(clients[replica], bases[replica].replace("http://", "ws://"), token, i, False, 0.5)
        return began, time.time(), run

    async with contextlib.AsyncExitStack() as stack:
        clients = [await stack.enter_async_context(load_client(base, builds, token)) for base in bases]
        runs = await asyncio.gather(*(follow(clients, i) for i in range(builds)))
    return [
        {
            "session_id": r.session_id,
            "status": r.status,
            "error": r.error,
            "wall_s": r.wall_s,
            "began": began,
            "ended": ended,
            "status_ms": r.status_ms,
            "event_delay_ms": r.event_delay_ms,
            "received": r.received,
        }
        for began, ended, r in runs
    ]


def _peak_concurrency(runs: list[dict[str, Any]]) -> int:
    """The most builds the clients had running at one time (submitted and not yet seen to end)."""
    edges = sorted([(r["began"], 1) for r in runs] + [(r["ended"], -1) for r in runs], key=lambda e: (e[0], e[1]))
    running = peak = 0
    for _, step in edges:
        running += step
        peak = max(peak, running)
    return peak


async def _stored_at(postgres: str, database: str) -> dict[tuple[str, int], float]:
    """When each event was stored: ``stored_at``, set by the worker's recorder as it writes the event's batch (before
    its COMMIT and its publish, so a delay measured from it includes both)."""
    import asyncpg

    conn = await asyncpg.connect(f"{postgres}/{database}")
    try:
        rows = await conn.fetch("SELECT session_id, seq, stored_at FROM build_events")
    finally:
        await conn.close()
    return {(r["session_id"], r["seq"]): r["stored_at"].timestamp() for r in rows}


def _schedstat(pid: int) -> tuple[float, float]:
    """Seconds the process's threads ran, and seconds they were runnable but waited for a CPU (Linux schedstat)."""
    ran = waited = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            fields = (task / "schedstat").read_text().split()
            ran, waited = ran + int(fields[0]), waited + int(fields[1])
    return ran / 1e9, waited / 1e9


def _schedstat_sum(pids: list[int]) -> tuple[float, float]:
    ran_waited = [_schedstat(pid) for pid in pids]
    return sum(r for r, _ in ran_waited), sum(w for _, w in ran_waited)


def _cpu_ticks() -> tuple[int, int]:
    """The machine's (busy, total) CPU ticks so far (Linux /proc/stat): the share of it in use during a run."""
    ticks = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = ticks[3] + ticks[4]  # idle + iowait
    return sum(ticks) - idle, sum(ticks)


class _BusWatch(threading.Thread):
    """When each event reached Redis: a pattern subscriber in this (otherwise idle) process, so a delay splits into
    the worker's part (stored -> published) and the API's and client's (published -> received)."""

    def __init__(self, cluster: Cluster) -> None:
        import redis

        super().__init__(daemon=True)
        self.seen: dict[tuple[str, int], float] = {}
        self._prefix = f"{cluster.redis_prefix}events:"
        self._client = redis.Redis.from_url(cluster.redis_url)
        self._pubsub = self._client.pubsub()
        self._pubsub.psubscribe(self._prefix + "*")
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            message = self._pubsub.get_message(ignore_subscribe_messages=True, timeout=0.5)
            if message is not None:
                at = time.time()
                session_id = message["channel"].decode().removeprefix(self._prefix)
                self.seen[(session_id, json.loads(message["data"])["seq"])] = at

    def close(self) -> None:
        self._done.set()
        self.join()
        self._pubsub.close()
        self._client.close()


def _delays(runs: list[dict[str, Any]], since: dict[tuple[str, int], float]) -> list[float]:
    """Receipt minus ``since`` (ms) for every live event received."""
    return [
        (received - since[(r["session_id"], int(seq))]) * 1000
        for r in runs
        for seq, received in r["received"].items()
        if (r["session_id"], int(seq)) in since
    ]


def _latency(
    cluster: Cluster, bases: list[str], token: str, builds: int, ramp_s: float, postgres: str, database: str
) -> dict[str, object]:
    """The clients run in a process and session of their own (Linux autogroups give a session its own CPU share), so
    their own event loop, busy with 100 connections, does not take the API's share; the API's and the clients' CPU
    time and time waiting for a CPU are recorded beside the figures."""
    api_pids = [p.pid for p in cluster.processes if "serve" in p.args]
    out = cluster.home.parent / "latency-clients.json"
    watch = _BusWatch(cluster)
    watch.start()
    api_before = _schedstat_sum(api_pids)
    machine_before = _cpu_ticks()
    started = time.monotonic()
    clients = subprocess.Popen(
        [sys.executable, __file__, "--clients-out", str(out), "--concurrent", str(builds), "--ramp-s", str(ramp_s)],
        env={**os.environ, "NEXUSFORGE_BENCH_BASE": ",".join(bases), "NEXUSFORGE_BENCH_TOKEN": token},
        start_new_session=True,
    )
    clients_cpu = (0.0, 0.0)
    while clients.poll() is None:
        with contextlib.suppress(OSError):
            clients_cpu = _schedstat(clients.pid)
        time.sleep(0.5)
    if clients.returncode:
        raise RuntimeError(f"the latency clients exited with {clients.returncode}")
    elapsed = time.monotonic() - started
    api_after = _schedstat_sum(api_pids)
    machine_after = _cpu_ticks()
    watch.close()
    runs = json.loads(out.read_text())
    stored = asyncio.run(_stored_at(postgres, database))
    status_ms = [v for r in runs for v in r["status_ms"]]
    delay_ms = [v for r in runs for v in r["event_delay_ms"]]
    delivery_ms = _delays(runs, stored)
    from_bus_ms = _delays(runs, watch.seen)
    to_bus_ms = [(watch.seen[key] - at) * 1000 for key, at in stored.items() if key in watch.seen]
    return {
        "builds": builds,
        "completed": sum(1 for r in runs if r["status"] == "completed"),
        "ramp_s": ramp_s,
        "peak_concurrent": _peak_concurrency(runs),
        "errors": [r["error"] for r in runs if r["error"]][:3],
        "status_polls": len(status_ms),
        "status_p50_ms": round(pct(status_ms, 0.5), 1),
        "status_p95_ms": round(pct(status_ms, 0.95), 1),
        "live_events": len(delay_ms),
        "event_delay_p50_ms": round(pct(delay_ms, 0.5), 1),
        "event_delay_p95_ms": round(pct(delay_ms, 0.95), 1),
        "delivery_delay_p50_ms": round(pct(delivery_ms, 0.5), 1),
        "delivery_delay_p95_ms": round(pct(delivery_ms, 0.95), 1),
        "stored_to_bus_p50_ms": round(pct(to_bus_ms, 0.5), 1),
        "stored_to_bus_p95_ms": round(pct(to_bus_ms, 0.95), 1),
        "bus_to_client_p50_ms": round(pct(from_bus_ms, 0.5), 1),
        "bus_to_client_p95_ms": round(pct(from_bus_ms, 0.95), 1),
        "median_build_s": round(sorted(r["wall_s"] for r in runs)[len(runs) // 2], 2),
        "api_cpu_cores": round((api_after[0] - api_before[0]) / elapsed, 3),
        "api_cpu_wait_per_s": round((api_after[1] - api_before[1]) / elapsed, 3),
        "clients_cpu_cores": round(clients_cpu[0] / elapsed, 3),
        "clients_cpu_wait_per_s": round(clients_cpu[1] / elapsed, 3),
        "machine_busy": round((machine_after[0] - machine_before[0]) / (machine_after[1] - machine_before[1]), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--builds", type=int, default=40, help="builds per throughput run (0: skip those runs)")
    parser.add_argument("--workers", default="1,2,4", help="worker counts for the throughput runs")
    parser.add_argument("--per-worker", type=int, default=2, help="build slots per worker in the throughput runs")
    parser.add_argument("--concurrent", type=int, default=50, help="concurrent builds for the latency run (0: skip)")
    parser.add_argument("--wait-ms", type=int, default=300, help="how long each model call waits (the provider)")
    parser.add_argument(
        "--ramp-s",
        type=float,
        default=0.0,
        help="latency run: spread the submissions over this many seconds (0: all at once, every build then doing "
        "its CPU work at the same instants)",
    )
    parser.add_argument(
        "--nice-workers",
        type=int,
        default=0,
        help="run the latency run's workers in their own sessions at this lower CPU priority, process and autogroup "
        "(one machine standing in for several)",
    )
    parser.add_argument(
        "--favour-api",
        type=int,
        default=0,
        help="run the API in its own session at this much higher CPU priority (root; an API on a machine of its own: "
        "the figures then show the system's own latency rather than the CPU contention of a shared machine)",
    )
    parser.add_argument(
        "--latency-workers", type=int, default=4, help="workers of the latency run (the builds split evenly)"
    )
    parser.add_argument(
        "--api-replicas",
        type=int,
        default=1,
        help="`serve --api-only` processes; the latency run's builds are spread over them (the throughput runs use "
        "the first)",
    )
    parser.add_argument("--out", type=Path, help="also write the results as JSON here")
    parser.add_argument("--clients-out", type=Path, help=argparse.SUPPRESS)  # the latency run's client process
    args = parser.parse_args()
    if args.clients_out:
        bases, token = os.environ["NEXUSFORGE_BENCH_BASE"].split(","), os.environ["NEXUSFORGE_BENCH_TOKEN"]
        runs = asyncio.run(_follow_builds(bases, token, args.concurrent, args.ramp_s))
        args.clients_out.write_text(json.dumps(runs))
        return
    postgres = os.environ.get("NEXUSFORGE_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
    redis_url = os.environ.get("NEXUSFORGE_BENCH_REDIS", "redis://127.0.0.1:6379/12")
    database = f"nf_bench_{secrets.token_hex(4)}"
    asyncio.run(_admin(postgres, f"CREATE DATABASE {database}"))
    work = Path(tempfile.mkdtemp(prefix="nf-scale-bench-"))
    cluster = Cluster(
        work / "home",
        f"{postgres.replace('postgresql://', 'postgresql+asyncpg://')}/{database}",
        redis_url,
        f"nfbench:{secrets.token_hex(4)}:",
        install_provider(work / "plugins"),
        wait_ms=args.wait_ms,
        lease_ttl_s=15.0,
    )
    results: dict[str, object] = {
        "load_average_at_start": os.getloadavg(),
        "cpus": os.cpu_count(),
        "per_worker": args.per_worker,
        "nice_workers": args.nice_workers,
        "favour_api": args.favour_api,
    }
    try:
        bases = [cluster.api(f"bench-{i}", nice=-args.favour_api) for i in range(args.api_replicas)]
        base = bases[0]
        token = _token(base)
        throughput: dict[int, dict[str, float | int]] = {}
        for count in [int(n) for n in args.workers.split(",")] if args.builds else []:
            workers = _start_workers(cluster, count, args.per_worker, f"t{count}")
            machine_before = _cpu_ticks()
            throughput[count] = asyncio.run(_throughput(base, token, args.builds))
            machine_after = _cpu_ticks()
            throughput[count]["load_average"] = round(os.getloadavg()[0], 1)
            # Everything the machine did per build (API, workers, their tools, PostgreSQL, Redis, this script), from
            # the first submit to the last completion: what a build costs the system whatever its model waits.
            busy_s = (machine_after[0] - machine_before[0]) / os.sysconf("SC_CLK_TCK")
            throughput[count]["machine_cpu_s_per_build"] = round(busy_s / args.builds, 3)
            print(f"{count} worker(s) x {args.per_worker} slots: {throughput[count]}", flush=True)
            _stop_workers(cluster, workers)
        results["throughput"] = throughput
        if len(throughput) > 1:
            low, high = min(throughput), max(throughput)
            results["speedup"] = round(
                float(throughput[high]["builds_per_s"]) / float(throughput[low]["builds_per_s"]), 2
            )
            print(f"speed-up {low} -> {high} workers: {results['speedup']}x (goal >= 3.5x for 1 -> 4)", flush=True)
        if args.concurrent:
            count = args.latency_workers
            workers = _start_workers(cluster, count, math.ceil(args.concurrent / count), "lat", nice=args.nice_workers)
            results["latency"] = _latency(cluster, bases, token, args.concurrent, args.ramp_s, postgres, database)
            results["latency"]["load_average"] = round(os.getloadavg()[0], 1)
            print(f"{args.concurrent} concurrent builds in {count} workers: {results['latency']}", flush=True)
            _stop_workers(cluster, workers)
    finally:
        cluster.stop()
        asyncio.run(_admin(postgres, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
        import redis

        client = redis.Redis.from_url(redis_url)
        keys = list(client.scan_iter(match=cluster.redis_prefix + "*", count=1000))
        if keys:
            client.delete(*keys)
        client.close()
    print(json.dumps(results, indent=2))
    if args.out:
        args.out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
