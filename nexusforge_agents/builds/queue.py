"""Builds through a job queue on Redis: ``QueueRunner`` (what an ``--api-only`` API submits with) and ``JobQueue``
(the transport the API and the workers share).

The transport is taskiq-redis's ``RedisStreamBroker``: a Redis Stream read through one consumer group, so each job
goes to one worker, and a delivered job stays pending until that worker acknowledges it (at-least-once). A worker
acknowledges a job as soon as it holds the build's lease (``lease.py``); from then on the lease, not the stream,
guards the build. A job delivered to a worker that died before taking the lease is re-queued by any worker's
reaper once it has been pending ``delivery_idle_s`` (``requeue_stale``; the broker's own reclaim only runs when new
jobs arrive). Each job is a ``BuildJob`` as JSON; jobs are idempotent, so a duplicate costs one lease check.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

from pydantic import ValidationError

from .jobs import BuildJob
from .ports import EventBus

log = logging.getLogger(__name__)
TASK_NAME = "nexusforge.build"
WORKER_KEY = "worker:"


def _queue_extra_missing(exc: ImportError) -> ImportError:
    return ImportError(f'builds through a job queue need taskiq-redis: pip install "nexusforge-agents[queue]" ({exc})')


class ReceivedJob:
    """One delivery: the job (None if unreadable) and how to acknowledge it."""

    def __init__(self, job: BuildJob | None, ack: Any) -> None:
        self.job = job
        self._ack = ack

    async def ack(self) -> None:
        await self._ack()


class JobQueue:
    def __init__(self, redis_url: str, *, prefix: str, delivery_idle_s: float = 30.0) -> None:
        try:
            from taskiq_redis import RedisStreamBroker
        except ImportError as exc:
            raise _queue_extra_missing(exc) from exc
        self.stream = f"{prefix}jobs"
        self.group = f"{prefix}workers"
        self.prefix = prefix
        self.delivery_idle_ms = int(delivery_idle_s * 1000)
        self.broker = RedisStreamBroker(
            redis_url,
            queue_name=self.stream,
            consumer_group_name=self.group,
            consumer_id="0",  # the group starts at the stream's beginning: jobs sent before any worker ran count
            xread_block=1000,
            xread_count=1,  # one job per read: a worker takes only what it has a free slot for
            idle_timeout=self.delivery_idle_ms,
            unacknowledged_batch_size=1,
        )
        import redis.asyncio as aioredis

        self.redis = aioredis.Redis.from_url(redis_url)

    async def open(self) -> None:
        await self.broker.startup()  # creates the stream and the consumer group if missing

    async def close(self) -> None:
        await self.broker.shutdown()
        await self.redis.aclose()

    async def enqueue(self, job: BuildJob) -> None:
        from taskiq.message import BrokerMessage

        message = BrokerMessage(
            task_id=uuid.uuid4().hex, task_name=TASK_NAME, message=job.model_dump_json().encode(), labels={}
        )
        await self.broker.kick(message)

    async def receive(self) -> AsyncIterator[ReceivedJob]:
        """Deliveries for this worker, one per ``anext`` (the next read waits until the caller asks)."""
        async for message in self.broker.listen():
            try:
                job: BuildJob | None = BuildJob.model_validate_json(message.data)
            except ValidationError:
                log.error("dropping an unreadable job: %r", message.data[:200])
                job = None
            yield ReceivedJob(job, message.ack)

    async def requeue_stale(self, consumer: str) -> int:
        """Jobs delivered but never acknowledged for ``delivery_idle_s`` (their worker died before taking the
        lease): claimed by ``consumer``, put back at the end of the stream and acknowledged. Returns how many."""
        _cursor, claimed, *_ = await self.redis.xautoclaim(
            self.stream, self.group, consumer, min_idle_time=self.delivery_idle_ms, start_id="0-0", count=100
        )
        for message_id, fields in claimed:
            await self.redis.xadd(self.stream, fields)
            await self.redis.xack(self.stream, self.group, message_id)
        return len(claimed)

    async def waiting(self) -> int:
        """Jobs not yet delivered to any worker."""
        groups = await self.redis.xinfo_groups(self.stream)
        for group in groups:
            if _text(group.get("name")) == self.group:
                return int(group.get("lag") or 0)
        return 0

    async def live_workers(self) -> int:
        return sum([1 async for _ in self.redis.scan_iter(match=f"{self.prefix}{WORKER_KEY}*", count=500)])


class QueueRunner:
    """The ``Runner`` of an API that runs no builds: submit puts the job on the queue; cancel is a message on the bus
    to whichever worker runs the build (the service records the cancellation itself if no worker does)."""

    def __init__(self, queue: JobQueue, bus: EventBus) -> None:
        self.queue = queue
        self.bus = bus
        self._described_at = 0.0
        self._description: dict[str, Any] = {"runner": "queue"}

    async def open(self) -> None:
        await self.queue.open()

    async def close(self) -> None:
        await self.queue.close()

    async def submit(self, job: BuildJob) -> None:
        await self.queue.enqueue(job)

    async def cancel(self, session_id: str) -> None:
        await self.bus.publish_cancel(session_id)

    async def refresh_description(self) -> dict[str, Any]:
        """What ``describe`` shows, read from Redis (cached by the caller's polling, at most once a second)."""
        if time.monotonic() - self._described_at > 1.0:
            self._described_at = time.monotonic()
            self._description = {
                "runner": "queue",
                "queue": self.queue.stream,
                "waiting": await self.queue.waiting(),
                "workers": await self.queue.live_workers(),
            }
        return self._description

    def describe(self) -> dict[str, Any]:
        return dict(self._description)


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
