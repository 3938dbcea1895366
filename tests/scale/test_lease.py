"""Leases on a real Redis: one holder at a time, compare-and-refresh/release, and the reaper's hand-on."""

from __future__ import annotations

import asyncio

import pytest

from nexusforge_agents.builds.lease import Leases


@pytest.fixture
async def leases(redis_url: str, redis_prefix: str):  # noqa: ANN201
    import redis.asyncio as aioredis

    client = aioredis.Redis.from_url(redis_url)
    yield Leases(client, prefix=redis_prefix, ttl_s=0.6, heartbeat_s=0.2)
    await client.aclose()


async def test_one_holder_at_a_time_and_only_the_holder_releases(leases: Leases) -> None:
    first = await leases.acquire("b1", "worker-a")
    assert first is not None
    assert await leases.acquire("b1", "worker-b") is None
    assert (await leases.holder("b1")).startswith("worker-a:")
    assert await leases.reap() == []  # held: nothing to hand on
    assert await first.release()
    assert not await first.release()  # a second release finds nothing of its own
    second = await leases.acquire("b1", "worker-b")
    assert second is not None
    assert not await first.refresh()  # the old holder can no longer extend the new holder's lease
    assert await second.release()
    assert await leases.reap() == []  # released: no longer leased, never handed on


async def test_an_expired_lease_is_reaped_once(leases: Leases) -> None:
    lease = await leases.acquire("b2", "worker-a")
    assert lease is not None  # and its worker dies: no heartbeat
    await asyncio.sleep(0.8)
    assert await leases.holder("b2") is None
    results = await asyncio.gather(leases.reap(), leases.reap(), leases.reap())
    assert sorted(sum(results, [])) == ["b2"]  # exactly one reaper gets it
    assert not await lease.refresh()


async def test_the_heartbeat_keeps_a_lease_and_reports_its_loss(leases: Leases) -> None:
    lease = await leases.acquire("b3", "worker-a")
    assert lease is not None
    lost = asyncio.Event()
    lease.keep_alive(lost.set)
    await asyncio.sleep(1.0)  # longer than the time-to-live: only the heartbeat keeps it
    assert await leases.holder("b3") == lease.token
    await leases.redis.delete(leases.key("b3"))  # taken away (e.g. expired during a long pause)
    await asyncio.wait_for(lost.wait(), 2)
    await lease.release()


async def test_a_handed_back_build_is_reaped_by_the_next_reaper(leases: Leases) -> None:
    lease = await leases.acquire("b4", "worker-a")
    assert lease is not None
    lease.keep_alive(lambda: None)
    assert await lease.hand_back()
    assert await leases.reap() == ["b4"]


def test_the_heartbeat_must_fit_twice_in_the_lease() -> None:
    with pytest.raises(ValueError, match="at most half"):
        Leases(object(), prefix="x:", ttl_s=1, heartbeat_s=0.8)
