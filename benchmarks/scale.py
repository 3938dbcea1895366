"""Scale-out benchmark: `nexusforge serve --api-only` + `nexusforge worker` processes on PostgreSQL and Redis.

    python benchmarks/scale.py                       # 40 builds with 1, 2, 4 workers; then 50 concurrent builds
    python benchmarks/scale.py --builds 20 --workers 1,4 --concurrent 0

Every model call goes to the ``tinywait`` plugin provider (benchmarks/scale_provider): it waits 300 ms (no CPU)
and returns a tiny fixed app, so the figures measure the system (queue, leases, database, event fan-out), not the
models. A build still does its own small CPU work: QA runs the app's one test, the optimizer runs ruff.

1. Throughput: for each worker count N, N workers with ``--per-worker`` slots each take 40 builds submitted at once
   through the API; builds per second from the first submit to the last completion. Goal: 4 workers >= 3.5x one.
2. Latency: ``--concurrent`` builds at once running in 4 workers (enough slots for all), each followed by a status
   poller and a WebSocket client (benchmarks/api_load.py's clients). Goals: p95 GET /build/{id} < 50 ms, p95
   WebSocket event delay (receipt minus the event's own timestamp, live events only) < 20 ms.

Needs PostgreSQL (NEXUSFORGE_BENCH_POSTGRES, default postgresql://postgres@127.0.0.1:5432) and Redis
(NEXUSFORGE_BENCH_REDIS, default redis://127.0.0.1:6379/12); creates its own database and key prefix and drops them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import secrets
import signal
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from api_load import one_build, pct  # noqa: E402

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


async def _latency(base: str, token: str, builds: int) -> dict[str, float | int]:
    ws_base = base.replace("http://", "ws://")
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=120) as client:
        runs = await asyncio.gather(*(one_build(client, ws_base, token, i, False, 0.5) for i in range(builds)))
    status_ms = [v for r in runs for v in r.status_ms]
    delay_ms = [v for r in runs for v in r.event_delay_ms]
    return {
        "builds": builds,
        "completed": sum(1 for r in runs if r.status == "completed"),
        "errors": [r.error for r in runs if r.error][:3],
        "status_polls": len(status_ms),
        "status_p50_ms": round(pct(status_ms, 0.5), 1),
        "status_p95_ms": round(pct(status_ms, 0.95), 1),
        "live_events": len(delay_ms),
        "event_delay_p50_ms": round(pct(delay_ms, 0.5), 1),
        "event_delay_p95_ms": round(pct(delay_ms, 0.95), 1),
        "median_build_s": round(sorted(r.wall_s for r in runs)[len(runs) // 2], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--builds", type=int, default=40, help="builds per throughput run (0: skip those runs)")
    parser.add_argument("--workers", default="1,2,4", help="worker counts for the throughput runs")
    parser.add_argument("--per-worker", type=int, default=2, help="build slots per worker in the throughput runs")
    parser.add_argument("--concurrent", type=int, default=50, help="concurrent builds for the latency run (0: skip)")
    parser.add_argument("--wait-ms", type=int, default=300)
    parser.add_argument(
        "--nice-workers",
        type=int,
        default=0,
        help="run the latency run's workers at this lower CPU priority (one machine standing in for several)",
    )
    parser.add_argument("--out", type=Path, help="also write the results as JSON here")
    args = parser.parse_args()
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
    }
    try:
        base = cluster.api("bench")
        token = _token(base)
        throughput: dict[int, dict[str, float | int]] = {}
        for count in [int(n) for n in args.workers.split(",")] if args.builds else []:
            workers = _start_workers(cluster, count, args.per_worker, f"t{count}")
            throughput[count] = asyncio.run(_throughput(base, token, args.builds))
            throughput[count]["load_average"] = round(os.getloadavg()[0], 1)
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
            workers = _start_workers(cluster, 4, math.ceil(args.concurrent / 4), "lat", nice=args.nice_workers)
            results["latency"] = asyncio.run(_latency(base, token, args.concurrent))
            results["latency"]["load_average"] = round(os.getloadavg()[0], 1)
            print(f"{args.concurrent} concurrent builds in 4 workers: {results['latency']}", flush=True)
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
