"""Two queue workers in their own processes on the real PostgreSQL and Redis; builds submitted through the library's
BuildService with the queue runner (what an --api-only API does). kill -9 of a worker mid-build: every build still
completes, every event log is contiguous, and no spec is written twice."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from nexusforge_agents.builds.process_settings import ProcessSettings
from nexusforge_agents.builds.queue_settings import QueueSettings
from nexusforge_agents.builds.scaleout import open_queue_runner
from nexusforge_agents.builds.service import open_build_service
from nexusforge_agents.config import Settings
from nexusforge_agents.schemas import BuildStatus
from tests.scale.cluster import Cluster, install_provider

pytestmark = pytest.mark.slow
AFTER_SPEC = {BuildStatus.BUILDING, BuildStatus.OPTIMIZING, BuildStatus.DEPLOYING, BuildStatus.COMPLETED}


@pytest.fixture(scope="module")
def plugins(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tinywait plugin, installed for the subprocesses and visible to this process too (which validates a build's
    models before queueing it, as an API does), for this module only: a later module on the same xdist worker (e.g.
    the model catalogue's tests) must not see it."""
    from nexusforge_agents.providers import registry

    target = install_provider(tmp_path_factory.mktemp("plugins"))
    sys.path.insert(0, str(target))
    registry._entry_points.cache_clear()
    yield target
    sys.path.remove(str(target))
    registry._entry_points.cache_clear()


@pytest.fixture
def cluster(tmp_path: Path, postgres_url: str, redis_url: str, redis_prefix: str, plugins: Path):  # noqa: ANN201
    running = Cluster(tmp_path / "home", postgres_url, redis_url, redis_prefix, plugins)
    yield running
    running.stop()


def _library_env(cluster: Cluster) -> tuple[Settings, ProcessSettings, QueueSettings]:
    env = cluster.env()
    settings = Settings(
        home=cluster.home,
        **{
            f"model_{a}": env[f"NEXUSFORGE_MODEL_{a.upper()}"]
            for a in ("spec", "design", "video", "coder", "optimizer")
        },
    )
    queue = QueueSettings(redis_url=cluster.redis_url, redis_prefix=cluster.redis_prefix)
    return settings, ProcessSettings(database_url=cluster.database_url), queue


async def _wait_until(condition, timeout_s: float, what: str) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout_s
    while not await condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.2)


async def test_kill_9_of_a_worker_mid_build_loses_nothing(cluster: Cluster) -> None:
    settings, process, queue_settings = _library_env(cluster)
    victim = cluster.worker("a")
    cluster.worker("b")
    async with (
        open_queue_runner(queue_settings) as side,
        open_build_service(settings, runner=side.runner, bus=side.bus, database_url=process.database_url) as service,
    ):
        # the coder waits 3 s: each build stays past its spec long enough to be caught there and killed (with the
        # usual 300 ms a whole tiny build takes about 1.5 s, and the poller missed every one)
        config = {"enableVideoDemo": False, "models": {"coder": "tinywait:3000"}}
        records = [await service.start(f"A tiny note keeper number {n}", config) for n in range(6)]
        ids = [r.session_id for r in records]
        worker_keys = f"{queue_settings.redis_prefix}worker:*"

        async def victim_is_building() -> bool:  # the victim holds a running build past its spec
            for key in [k async for k in side.runner.queue.redis.scan_iter(match=worker_keys)]:
                if f"-{victim.pid}-" not in key.decode():
                    continue
                running = (await side.runner.queue.redis.get(key) or b"").decode()
                for sid in filter(None, running.split(",")):
                    # building, optimizing or deploying: past its spec and still running (the building phase
                    # alone lasts well under a second with tinywait, too short for a poller on a loaded machine)
                    status = (await service.status(sid, with_result=False)).status
                    if status in AFTER_SPEC and not BuildStatus(status).is_terminal:
                        return True
            return False

        await _wait_until(victim_is_building, 120, "worker a to be building")
        os.kill(victim.pid, signal.SIGKILL)
        past_spec = {  # their spec is in a checkpoint: a resume must not write it again
            sid for sid in ids if (await service.status(sid, with_result=False)).status in AFTER_SPEC
        }
        assert past_spec

        async def all_ended() -> bool:
            statuses = [(await service.status(sid, with_result=False)).status for sid in ids]
            return all(BuildStatus(status).is_terminal for status in statuses)

        await _wait_until(all_ended, 240, "all six builds to end")
        for sid in ids:
            assert (await service.status(sid, with_result=False)).status == BuildStatus.COMPLETED, sid
            seqs = [w["seq"] for w in await service.store.events_after(sid, 0)]
            assert seqs == list(range(1, len(seqs) + 1)), (sid, seqs)
        spec_calls = cluster.spec_calls()
        assert {sid: spec_calls.get(sid) for sid in past_spec} == {sid: 1 for sid in past_spec}
        # a build killed while its spec call was in flight writes it once more; none more than that
        assert all(spec_calls.get(sid) in (1, 2) for sid in ids), spec_calls


async def test_a_build_that_kills_every_worker_ends_failed_after_its_attempts(cluster: Cluster) -> None:
    """Its spec model SIGKILLs the worker process on its first call (as running out of memory would): with
    NEXUSFORGE_MAX_BUILD_ATTEMPTS=2, two workers die with it, the third ends it failed, visibly."""
    cluster.max_build_attempts, cluster.lease_ttl_s = 2, 3.0  # a killed worker's lease is handed on in ~3 s
    settings, process, queue_settings = _library_env(cluster)
    workers = [cluster.worker(name, concurrency=1) for name in ("a", "b", "c")]
    async with (
        open_queue_runner(queue_settings) as side,
        open_build_service(settings, runner=side.runner, bus=side.bus, database_url=process.database_url) as service,
    ):
        config = {"enableVideoDemo": False, "models": {"spec": "tinywait:crash"}}
        record = await service.start("A tiny note keeper", config)
        sid = record.session_id

        async def ended() -> bool:
            return BuildStatus((await service.status(sid, with_result=False)).status).is_terminal

        await _wait_until(ended, 180, "the build to end")
        final = await service.status(sid)
        events = await service.store.events_after(sid, 0)
    assert final.status == BuildStatus.FAILED
    assert final.error is not None and final.error["error_code"] == "BUILD_FAILED", final.error
    assert "after 2 attempts" in final.error["message"] and final.error["details"]["attempts"] == 2
    assert [w["seq"] for w in events] == list(range(1, len(events) + 1))
    assert events[-1]["type"] == "error" and events[-1]["error_code"] == "BUILD_FAILED"  # what clients see
    assert cluster.spec_calls() == {sid: 2}  # two attempts ran its spec (and died in it); none ran after the limit
    exits = [worker.poll() for worker in workers]
    assert exits.count(-signal.SIGKILL) == 2 and exits.count(None) == 1, (exits, cluster.all_logs())
