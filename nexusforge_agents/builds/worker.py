"""``QueueWorker``: takes build jobs from the queue and runs them, one lease per build.

For each job: take the build's lease (or drop the job: another worker runs the build), acknowledge the job, run
the build in this process through the ``InProcessRunner`` (which records every event and obeys cancel requests
from the bus), keep the lease alive while it runs, release it at the end. A lease lost while running stops the
build here at once without recording anything (it may already be running elsewhere).

Every ``reap_interval_s`` the worker hands on the builds of dead workers (expired leases: re-queued as ``resume``
jobs, which continue from the build's last LangGraph checkpoint) and re-queues jobs a dead worker received but never
acknowledged. ``stop`` (SIGTERM) hands this worker's builds back: they stop without being marked, their leases are
dropped, and they go back on the queue through the same reaper path.

Each hand-on of a dead worker's build counts an attempt (``<prefix>attempts:<session>``, carried by the job); a job
past ``max_attempts`` is not run: the worker holding its lease ends the build failed (a build that kills every
worker running it, e.g. by running out of memory, would otherwise go round forever). A SIGTERM hand-back is not a
failed attempt and is not counted.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from typing import Protocol

from ..errors import BuildFailedError, NexusForgeError
from .jobs import BuildJob
from .lease import Lease, Leases
from .queue import WORKER_KEY, JobQueue, ReceivedJob

log = logging.getLogger(__name__)


class BuildRunner(Protocol):
    """What the worker needs from the in-process runner."""

    async def submit(self, job: BuildJob) -> None: ...

    async def wait(self, session_id: str) -> None: ...

    async def release(self, session_id: str) -> None: ...

    async def fail(self, session_id: str, error: NexusForgeError) -> None: ...

    async def close(self) -> None: ...


def new_worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


def attempts_exhausted(attempts: int, max_attempts: int) -> BuildFailedError:
    return BuildFailedError(
        f"The build was given up after {attempts} attempts: each time, the worker running it stopped before the "
        "build ended (it crashed, was killed, e.g. for running out of memory, or lost its lease). "
        f"NEXUSFORGE_MAX_BUILD_ATTEMPTS={max_attempts} sets how many attempts a build gets.",
        retry_possible=False,
        details={"attempts": attempts, "max_attempts": max_attempts},
    )


class QueueWorker:
    def __init__(
        self,
        *,
        queue: JobQueue,
        leases: Leases,
        runner: BuildRunner,
        concurrency: int,
        reap_interval_s: float,
        max_attempts: int,
        worker_id: str | None = None,
    ) -> None:
        self.queue = queue
        self.leases = leases
        self.runner = runner
        self.concurrency = concurrency
        self.reap_interval_s = reap_interval_s
        self.max_attempts = max_attempts
        self.worker_id = worker_id or new_worker_id()
        self._slots = asyncio.Semaphore(concurrency)
        self._handlers: set[asyncio.Task[None]] = set()
        self._leases: dict[str, Lease] = {}
        self._handing_back = False

    @property
    def running(self) -> list[str]:
        return sorted(self._leases)

    async def run(self, stop: asyncio.Event) -> None:
        """Work until ``stop`` is set, then hand running builds back and return."""
        background = [
            asyncio.create_task(self._consume(), name="nexusforge-worker-consume"),
            asyncio.create_task(self._reap_forever(), name="nexusforge-worker-reap"),
            asyncio.create_task(self._announce_forever(), name="nexusforge-worker-announce"),
        ]
        log.info("worker %s takes up to %d builds at once", self.worker_id, self.concurrency)
        try:
            await stop.wait()
        finally:
            for task in background:
                task.cancel()
            await asyncio.gather(*background, return_exceptions=True)
            await self._hand_back()
            await self.queue.redis.delete(self._worker_key)

    @property
    def _worker_key(self) -> str:
        return f"{self.queue.prefix}{WORKER_KEY}{self.worker_id}"

    def _attempts_key(self, session_id: str) -> str:
        return f"{self.queue.prefix}attempts:{session_id}"

    async def _consume(self) -> None:
        deliveries = self.queue.receive()
        async with contextlib.aclosing(deliveries):
            while True:
                await self._slots.acquire()
                try:
                    delivery = await anext(deliveries)
                except BaseException:
                    self._slots.release()
                    raise
                task = asyncio.create_task(self._handle(delivery))
                self._handlers.add(task)
                task.add_done_callback(self._handler_done)

    def _handler_done(self, task: asyncio.Task[None]) -> None:
        self._handlers.discard(task)
        self._slots.release()
        if not task.cancelled() and (exc := task.exception()) is not None:
            log.error("a job handler failed", exc_info=exc)

    async def _handle(self, delivery: ReceivedJob) -> None:
        job = delivery.job
        if job is None:
            await delivery.ack()
            return
        lease = await self.leases.acquire(job.session_id, self.worker_id)
        await delivery.ack()  # from here on the lease guards the build (or another worker's lease does)
        if lease is None:
            log.info("build %s already runs on another worker; dropping %s", job.session_id, job)
            return
        sid = job.session_id
        if job.attempt > self.max_attempts:
            log.error("build %s failed %d attempts; ending it failed", sid, job.attempt - 1)
            try:
                await self.runner.fail(sid, attempts_exhausted(job.attempt - 1, self.max_attempts))
            finally:
                await self._end(lease)
            return
        self._leases[sid] = lease
        lease.keep_alive(lambda: asyncio.get_running_loop().create_task(self.runner.release(sid)))
        try:
            await self.runner.submit(job)
            await self.runner.wait(sid)
        finally:
            self._leases.pop(sid, None)
            if self._handing_back:
                await lease.hand_back()
            else:
                await self._end(lease)

    async def _end(self, lease: Lease) -> None:
        """This worker's run of the build is over: a next run (a revision, a resumed review) starts at attempt 1."""
        if await lease.release():
            await self.queue.redis.delete(self._attempts_key(lease.session_id))

    async def _hand_back(self) -> None:
        """SIGTERM: stop consuming, stop this worker's builds unmarked, hand them on through the reaper path."""
        self._handing_back = True
        handed = self.running
        await self.runner.close()  # stops every build here without recording an end: they stay resumable
        if self._handlers:
            await asyncio.wait(set(self._handlers), timeout=30)
        if handed:
            log.info("handing back %d build(s): %s", len(handed), ", ".join(handed))
        await self.reap_once(handed_back=frozenset(handed))

    async def reap_once(self, *, handed_back: frozenset[str] = frozenset()) -> list[str]:
        """Re-queue the builds whose lease expired (or was handed back) and jobs lost before their lease. An expired
        lease counts a failed attempt; a build in ``handed_back`` (this worker's, on SIGTERM) keeps its count."""
        handed_on = await self.leases.reap()
        for session_id in handed_on:
            key = self._attempts_key(session_id)
            if session_id in handed_back:
                failed = int(await self.queue.redis.get(key) or 0)
            else:
                failed = int(await self.queue.redis.incr(key))
            attempt = failed + 1
            await self.queue.enqueue(BuildJob(session_id=session_id, kind="resume", attempt=attempt))
            log.warning("build %s handed on (its worker stopped or died); re-queued, attempt %d", session_id, attempt)
        if requeued := await self.queue.requeue_stale(self.worker_id):
            log.warning("re-queued %d job(s) a worker received but never started", requeued)
        return handed_on

    async def _reap_forever(self) -> None:
        while True:
            try:
                await self.reap_once()
            except Exception:
                log.warning("reaping failed; trying again", exc_info=True)
            await asyncio.sleep(self.reap_interval_s)

    async def _announce_forever(self) -> None:
        """A key per live worker (for ``/health``), expiring soon after the worker stops announcing."""
        ttl_ms = int(self.leases.ttl_ms)
        while True:
            with contextlib.suppress(Exception):
                await self.queue.redis.set(self._worker_key, ",".join(self.running), px=ttl_ms)
            await asyncio.sleep(self.leases.heartbeat_s)
