"""QueueWorker + JobQueue + Leases on the real Redis, with a runner that only waits (the build itself is the
multi-process test's business): each job runs once at a time, duplicates are dropped, SIGTERM hands builds back,
a dead worker's build is handed on (one attempt counted), a job past the attempt limit ends its build failed."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import pytest

from nexusforge_agents.builds.jobs import BuildJob
from nexusforge_agents.builds.lease import Leases
from nexusforge_agents.builds.queue import JobQueue
from nexusforge_agents.builds.worker import QueueWorker
from nexusforge_agents.errors import NexusForgeError


@dataclass
class WaitingRunner:
    """Runs a build by waiting ``build_s``; remembers who ran what and how far each got."""

    name: str
    log: list[tuple[str, str, str]]
    build_s: float = 0.3
    running: dict[str, asyncio.Task[None]] = field(default_factory=dict)
    jobs: list[BuildJob] = field(default_factory=list)
    failures: dict[str, NexusForgeError] = field(default_factory=dict)

    async def submit(self, job: BuildJob) -> None:
        self.jobs.append(job)
        self.log.append((self.name, job.session_id, job.kind))
        self.running[job.session_id] = asyncio.create_task(asyncio.sleep(self.build_s))

    async def wait(self, session_id: str) -> None:
        task = self.running.get(session_id)
        if task is not None:
            await asyncio.gather(task, return_exceptions=True)
            if not task.cancelled():
                self.log.append((self.name, session_id, "done"))
            self.running.pop(session_id, None)

    async def release(self, session_id: str) -> None:
        if (task := self.running.get(session_id)) is not None:
            task.cancel()

    async def fail(self, session_id: str, error: NexusForgeError) -> None:
        self.failures[session_id] = error
        self.log.append((self.name, session_id, "failed"))

    async def close(self) -> None:
        for task in self.running.values():
            task.cancel()


@pytest.fixture
async def parts(redis_url: str, redis_prefix: str):  # noqa: ANN201
    queue = JobQueue(redis_url, prefix=redis_prefix, delivery_idle_s=0.5)
    await queue.open()
    leases = Leases(queue.redis, prefix=redis_prefix, ttl_s=2.0, heartbeat_s=0.5)  # slack for a busy CI machine
    yield queue, leases
    await queue.close()


def _worker(
    queue: JobQueue, leases: Leases, runner: WaitingRunner, concurrency: int = 2, max_attempts: int = 3
) -> QueueWorker:
    return QueueWorker(
        queue=queue,
        leases=leases,
        runner=runner,
        concurrency=concurrency,
        reap_interval_s=0.2,
        max_attempts=max_attempts,
        worker_id=runner.name,
    )


async def _until(condition, timeout: float = 10) -> None:  # noqa: ANN001
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.05)


async def test_jobs_spread_over_workers_and_duplicates_run_once(parts) -> None:  # noqa: ANN001
    queue, leases = parts
    log: list[tuple[str, str, str]] = []
    runners = [WaitingRunner("a", log, build_s=1.5), WaitingRunner("b", log, build_s=1.5)]
    stop = asyncio.Event()
    workers = [asyncio.create_task(_worker(queue, leases, r, concurrency=3).run(stop)) for r in runners]
    for n in range(4):
        await queue.enqueue(BuildJob(session_id=f"s{n}"))
    await queue.enqueue(BuildJob(session_id="s0"))  # a duplicate delivery of a running build
    await _until(lambda: sum(1 for e in log if e[2] == "done") == 4)
    stop.set()
    await asyncio.gather(*workers)
    starts = [(who, sid) for who, sid, what in log if what == "start"]
    assert sorted(sid for _, sid in starts) == ["s0", "s1", "s2", "s3"]  # the duplicate was dropped
    assert {who for who, _ in starts} == {"a", "b"}  # both workers took jobs (one per read)
    assert await leases.reap() == []


async def test_sigterm_hands_a_build_back_to_another_worker(parts) -> None:  # noqa: ANN001
    queue, leases = parts
    log: list[tuple[str, str, str]] = []
    slow_a = WaitingRunner("a", log, build_s=30)
    stop_a, stop_b = asyncio.Event(), asyncio.Event()
    worker_a = asyncio.create_task(_worker(queue, leases, slow_a).run(stop_a))
    await queue.enqueue(BuildJob(session_id="long"))
    await _until(lambda: ("a", "long", "start") in log)
    stop_a.set()  # what SIGTERM does
    await worker_a
    runner_b = WaitingRunner("b", log)
    worker_b = asyncio.create_task(_worker(queue, leases, runner_b).run(stop_b))
    await _until(lambda: ("b", "long", "done") in log)
    stop_b.set()
    await worker_b
    assert ("b", "long", "resume") in log and ("a", "long", "done") not in log
    assert runner_b.jobs == [BuildJob(session_id="long", kind="resume", attempt=1)]  # a hand-back is no failed attempt


async def test_a_dead_workers_build_is_handed_on(parts) -> None:  # noqa: ANN001
    queue, leases = parts
    log: list[tuple[str, str, str]] = []
    stop = asyncio.Event()
    dead = await leases.acquire("orphan", "dead-worker")  # a worker took it, then died: no heartbeat follows
    assert dead is not None
    runner = WaitingRunner("b", log)
    worker = asyncio.create_task(_worker(queue, leases, runner).run(stop))
    await _until(lambda: ("b", "orphan", "done") in log)
    stop.set()
    await worker
    assert runner.jobs == [BuildJob(session_id="orphan", kind="resume", attempt=2)]
    assert await queue.redis.exists(f"{queue.prefix}attempts:orphan") == 0  # it ended: a later run starts afresh


async def test_a_build_whose_workers_keep_dying_is_failed_past_the_attempt_limit(parts) -> None:  # noqa: ANN001
    queue, leases = parts
    log: list[tuple[str, str, str]] = []
    runner = WaitingRunner("b", log)
    worker = _worker(queue, leases, runner, max_attempts=2)
    deliveries = queue.receive()
    jobs = []
    for dead_worker in ("dead-1", "dead-2"):  # two workers took the build in turn and died with it
        lease = await leases.acquire("doomed", dead_worker)
        assert lease is not None
        await lease.hand_back()  # what an expired lease leaves: no lease key, still in the leased set
        assert await worker.reap_once() == ["doomed"]
        delivery = await anext(deliveries)
        await delivery.ack()
        jobs.append(delivery.job)
    await deliveries.aclose()
    assert [job.attempt for job in jobs] == [2, 3]  # each death counts
    await queue.enqueue(jobs[-1])
    stop = asyncio.Event()
    running = asyncio.create_task(worker.run(stop))
    await _until(lambda: ("b", "doomed", "failed") in log)
    stop.set()
    await running
    assert runner.jobs == []  # attempt 3 of 2 is not run: the build is ended instead
    error = runner.failures["doomed"]
    assert error.error_code == "BUILD_FAILED" and not error.retry_possible
    assert "after 2 attempts" in error.message and "NEXUSFORGE_MAX_BUILD_ATTEMPTS=2" in error.message
    assert error.details == {"attempts": 2, "max_attempts": 2}
    assert await leases.holder("doomed") is None and await leases.reap() == []
    assert await queue.redis.exists(f"{queue.prefix}attempts:doomed") == 0


async def test_a_job_received_but_never_started_is_delivered_again(parts) -> None:  # noqa: ANN001
    queue, leases = parts
    log: list[tuple[str, str, str]] = []
    await queue.enqueue(BuildJob(session_id="dropped"))
    ghost = queue.receive()  # a worker reads the job, then dies before taking the lease: no ack
    delivery = await anext(ghost)
    assert delivery.job == BuildJob(session_id="dropped")
    await ghost.aclose()
    stop = asyncio.Event()
    worker = asyncio.create_task(_worker(queue, leases, WaitingRunner("b", log)).run(stop))
    await _until(lambda: ("b", "dropped", "done") in log)
    stop.set()
    await worker
