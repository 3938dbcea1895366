"""The two halves of a scaled-out deployment, opened from settings: what an ``--api-only`` API submits builds with
(``open_queue_runner``), and a queue worker process (``run_worker``). Both meet in NEXUSFORGE_REDIS_URL (queue,
leases, live events) and NEXUSFORGE_DATABASE_URL (builds, event logs, checkpoints)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass

from ..config import Settings
from .executors import LocalExecutor, warm_up
from .heap import freeze_startup_heap
from .inprocess import InProcessRunner
from .lease import Leases
from .parts import open_build_parts
from .process_settings import ProcessSettings
from .queue import JobQueue, QueueRunner
from .queue_settings import QueueSettings
from .redis_bus import RedisEventBus
from .worker import QueueWorker

log = logging.getLogger(__name__)


@dataclass
class QueueSide:
    """What an API that runs no builds hands to ``open_build_service``: the bus and the queue runner."""

    bus: RedisEventBus
    runner: QueueRunner


def _job_queue(queue_settings: QueueSettings, command: str) -> JobQueue:
    return JobQueue(
        queue_settings.require_redis_url(command),
        prefix=queue_settings.redis_prefix,
        delivery_idle_s=queue_settings.delivery_idle_s,
    )


@contextlib.asynccontextmanager
async def open_queue_runner(queue_settings: QueueSettings | None = None) -> AsyncIterator[QueueSide]:
    """The runner is opened and closed by ``open_build_service``; the bus is closed here."""
    queue_settings = queue_settings or QueueSettings()
    bus = RedisEventBus(
        queue_settings.require_redis_url("nexusforge serve --api-only"), prefix=queue_settings.redis_prefix
    )
    try:
        yield QueueSide(bus, QueueRunner(_job_queue(queue_settings, "nexusforge serve --api-only"), bus))
    finally:
        await bus.close()


async def run_worker(
    stop: asyncio.Event,
    *,
    settings: Settings | None = None,
    process: ProcessSettings | None = None,
    queue_settings: QueueSettings | None = None,
    concurrency: int | None = None,
) -> None:
    """Run builds from the queue until ``stop`` is set, then hand the running ones back."""
    settings = settings or Settings()
    process = process or ProcessSettings()
    queue_settings = queue_settings or QueueSettings()
    slots = concurrency or queue_settings.worker_concurrency
    # What the first build would import inside the event loop: seconds in which no lease could be refreshed.
    await asyncio.to_thread(warm_up, settings)
    queue = _job_queue(queue_settings, "nexusforge worker")
    bus = RedisEventBus(queue_settings.require_redis_url("nexusforge worker"), prefix=queue_settings.redis_prefix)
    await queue.open()
    try:
        async with open_build_parts(
            settings,
            database_url=process.resolved_database_url(settings),
            artifacts=await asyncio.to_thread(process.artifact_store, settings),
            bus=bus,
        ) as parts:
            runner = InProcessRunner(
                store=parts.store,
                recorder=parts.recorder,
                bus=bus,
                executor=LocalExecutor(parts.driver),
                max_concurrent=slots,
            )
            await runner.open()
            leases = Leases(
                queue.redis,
                prefix=queue_settings.redis_prefix,
                ttl_s=queue_settings.lease_ttl_s,
                heartbeat_s=queue_settings.lease_heartbeat_s,
            )
            worker = QueueWorker(
                queue=queue,
                leases=leases,
                runner=runner,
                concurrency=slots,
                reap_interval_s=queue_settings.reap_interval_s,
                max_attempts=queue_settings.max_build_attempts,
            )
            freeze_startup_heap()
            await worker.run(stop)  # closes the runner when it hands builds back
    finally:
        await queue.close()
        await bus.close()
