"""Leases in Redis: one build runs on one worker at a time, and a dead worker's builds are found and handed on.

A worker takes ``<prefix>lease:<session>`` with ``SET NX PX`` (and, in the same Lua call, adds the session to the
``<prefix>leased`` set) before it runs a build, and refreshes it every ``heartbeat_s`` while the build runs.
Refresh and release compare the holder's token first (Lua), so a worker whose lease expired can never extend or
drop another worker's. A worker that cannot refresh stops its build at once (``on_lost``): the build may already
be running elsewhere.

``reap`` is how a build whose worker died (kill -9, lost host) comes back: a session still in the ``leased`` set
whose lease key has expired is removed from the set atomically (one Lua call for the whole set), and only the
caller that removed it re-enqueues it, so two reapers never hand the same build on twice. A worker handing builds
back on SIGTERM drops its lease but leaves the session in the set, and reaps it itself: the same path, so a
handback interrupted half-way is finished by any other worker's reaper.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

_ACQUIRE = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  redis.call('SADD', KEYS[2], ARGV[3])
  return 1
end
return 0
"""
_REFRESH = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  if ARGV[2] == '1' then redis.call('SREM', KEYS[2], ARGV[3]) end
  return 1
end
return 0
"""
# One round trip for the whole set (it was one per leased build, each reaper, every interval). The lease keys are
# built from ARGV[1] (the key prefix): a standalone Redis, as the queue needs.
_REAP = """
local reaped = {}
for _, session in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('EXISTS', ARGV[1] .. session) == 0 then
    redis.call('SREM', KEYS[1], session)
    table.insert(reaped, session)
  end
end
return reaped
"""


class LeaseLostError(RuntimeError):
    """The lease expired or was taken while its build ran here."""


class Leases:
    """The lease operations on one Redis client, under one key prefix."""

    def __init__(self, redis: Any, *, prefix: str, ttl_s: float, heartbeat_s: float) -> None:
        if heartbeat_s * 2 > ttl_s:
            raise ValueError(f"lease heartbeat {heartbeat_s}s must be at most half its time-to-live {ttl_s}s")
        self.redis = redis
        self.prefix = prefix
        self.ttl_ms = int(ttl_s * 1000)
        self.heartbeat_s = heartbeat_s
        self.leased_key = f"{prefix}leased"
        self._acquire = redis.register_script(_ACQUIRE)
        self._refresh = redis.register_script(_REFRESH)
        self._release = redis.register_script(_RELEASE)
        self._reap = redis.register_script(_REAP)

    def key(self, session_id: str) -> str:
        return f"{self.prefix}lease:{session_id}"

    async def acquire(self, session_id: str, owner: str) -> Lease | None:
        """The build's lease for ``owner`` (a worker id), or None while another worker holds it."""
        token = f"{owner}:{uuid.uuid4().hex}"
        taken = await self._acquire(keys=[self.key(session_id), self.leased_key], args=[token, self.ttl_ms, session_id])
        return Lease(self, session_id, token) if taken else None

    async def holder(self, session_id: str) -> str | None:
        """The token of whoever holds the build's lease now (its worker id comes first), or None."""
        value = await self.redis.get(self.key(session_id))
        return value.decode() if isinstance(value, bytes) else value

    async def reap(self) -> list[str]:
        """Sessions whose lease expired while they were still leased: each returned to exactly one caller."""
        reaped = await self._reap(keys=[self.leased_key], args=[self.key("")])
        return [raw.decode() if isinstance(raw, bytes) else raw for raw in reaped]


class Lease:
    """A held lease: ``keep_alive`` refreshes it in the background; ``release`` or ``hand_back`` ends it."""

    def __init__(self, leases: Leases, session_id: str, token: str) -> None:
        self.leases = leases
        self.session_id = session_id
        self.token = token
        self._heartbeat: asyncio.Task[None] | None = None

    def keep_alive(self, on_lost: Callable[[], None]) -> None:
        self._heartbeat = asyncio.create_task(self._beat(on_lost), name=f"nexusforge-lease:{self.session_id}")

    async def refresh(self) -> bool:
        key = self.leases.key(self.session_id)
        return bool(await self.leases._refresh(keys=[key], args=[self.token, self.leases.ttl_ms]))

    async def release(self) -> bool:
        """The build is over (or was never ours to run): drop the lease and the session from the leased set."""
        return await self._drop(forget=True)

    async def hand_back(self) -> bool:
        """Give the build up unfinished: drop the lease but leave it leased, so a reaper hands it on."""
        return await self._drop(forget=False)

    async def _drop(self, *, forget: bool) -> bool:
        await self._stop_heartbeat()
        keys = [self.leases.key(self.session_id), self.leases.leased_key]
        args = [self.token, "1" if forget else "0", self.session_id]
        return bool(await self.leases._release(keys=keys, args=args))

    async def _stop_heartbeat(self) -> None:
        task, self._heartbeat = self._heartbeat, None
        if task is not None and task is not asyncio.current_task():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _beat(self, on_lost: Callable[[], None]) -> None:
        loop = asyncio.get_running_loop()
        refreshed_at = loop.time()
        while True:
            await asyncio.sleep(self.leases.heartbeat_s)
            try:
                alive = await self.refresh()
                refreshed_at = loop.time()
            except Exception:  # Redis unreachable: keep trying while the lease may still be ours
                log.warning("could not refresh the lease of build %s", self.session_id, exc_info=True)
                alive = loop.time() - refreshed_at < self.leases.ttl_ms / 1000
            if not alive:
                log.error("lost the lease of build %s: stopping it here", self.session_id)
                on_lost()
                return
