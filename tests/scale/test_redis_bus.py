"""RedisEventBus on a real Redis: events and cancellations cross between two bus instances (two processes)."""

from __future__ import annotations

import asyncio
import time

from nexusforge_agents.builds.ports import EventBus
from nexusforge_agents.builds.redis_bus import RedisEventBus


async def test_events_published_anywhere_reach_subscribers_elsewhere(redis_url: str, redis_prefix: str) -> None:
    api, worker = RedisEventBus(redis_url, prefix=redis_prefix), RedisEventBus(redis_url, prefix=redis_prefix)
    assert isinstance(api, EventBus)
    try:
        async with api.subscribe("b1") as events, api.subscribe("b1") as second:
            assert api.subscriber_count("b1") == 2
            await worker.publish("other", {"type": "progress_update", "seq": 1})  # not this build's
            sent = time.perf_counter()
            for seq in (1, 2, 3):
                await worker.publish("b1", {"type": "progress_update", "seq": seq, "message": "é"})
            got = [await asyncio.wait_for(anext(events), 2) for _ in range(3)]
            delay = time.perf_counter() - sent
            assert [e["seq"] for e in got] == [1, 2, 3] and got[0]["message"] == "é"
            assert (await asyncio.wait_for(anext(second), 2))["seq"] == 1
            assert delay < 0.5
        assert api.subscriber_count("b1") == 0
    finally:
        await api.close()
        await worker.close()


async def test_a_cancel_from_one_replica_reaches_the_runner(redis_url: str, redis_prefix: str) -> None:
    api, worker = RedisEventBus(redis_url, prefix=redis_prefix), RedisEventBus(redis_url, prefix=redis_prefix)
    try:
        cancellations = worker.cancellations()
        first = asyncio.ensure_future(anext(cancellations))
        await asyncio.sleep(0.2)  # the worker's subscription is live
        await api.publish_cancel("b7")
        assert await asyncio.wait_for(first, 2) == "b7"
        await cancellations.aclose()
    finally:
        await api.close()
        await worker.close()
