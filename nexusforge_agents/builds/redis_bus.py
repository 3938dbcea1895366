"""``EventBus`` over Redis pub/sub: events of a build running on any worker reach subscribers on any API replica.

Up to two pub/sub connections per process, each made on first need and read by one task that dispatches to this
process's local subscribers (a WebSocket costs a queue, not a Redis connection): the cancel channel (every process
that runs builds or cancels them) and a pattern subscription to every build's event channel (only a process with
event subscribers, an API: a worker that only publishes never receives, and parses, every build's events). Pub/sub
is fire-and-forget by design: the event log is the record (every event is stored with its seq before it is
published) and a subscriber replays the log, then follows the bus, dropping duplicates by seq
(``BuildService.events`` does that). A subscription made here is live before ``subscribe`` returns, so nothing
published after the replay read can slip between the two.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Sequence
from typing import Any, Literal

from .fanout import LocalFanout
from .ports import WireEvent
from .queue_settings import DEFAULT_REDIS_PREFIX

log = logging.getLogger(__name__)


class RedisEventBus:
    def __init__(self, redis_url: str, *, prefix: str = DEFAULT_REDIS_PREFIX) -> None:
        import redis.asyncio as aioredis

        self._url = redis_url
        self._redis = aioredis.Redis.from_url(redis_url)
        self._blocking: Any = None  # the recorder thread's connection (publish_many_blocking), made on first use
        self._events_prefix = f"{prefix}events:"
        self._cancel_channel = f"{prefix}cancel"
        self._local = LocalFanout()
        self._listening: dict[str, tuple[Any, asyncio.Task[None]]] = {}  # "events"/"cancel" -> (pubsub, its reader)
        self._starting = asyncio.Lock()

    async def publish(self, session_id: str, event_wire: WireEvent) -> None:
        await self._redis.publish(*self._messages([(session_id, event_wire)])[0])

    async def publish_many(self, events: Sequence[tuple[str, WireEvent]]) -> None:
        """One pipelined round trip for the batch: a worker's loop, busy with its builds, is not waited on once per
        event (the last event of a batch of 30 used to wait for 30 turns of it)."""
        async with self._redis.pipeline(transaction=False) as pipe:
            for channel, message in self._messages(events):
                pipe.publish(channel, message)
            await pipe.execute()

    def publish_many_blocking(self, events: Sequence[tuple[str, WireEvent]]) -> None:
        """``publish_many`` for the recorder's writer thread, on a connection of its own: a batch goes out as soon as
        its COMMIT returns, without waiting for a turn of the worker's event loop (busy with its builds' steps)."""
        import redis

        if self._blocking is None:
            self._blocking = redis.Redis.from_url(self._url)
        with self._blocking.pipeline(transaction=False) as pipe:
            for channel, message in self._messages(events):
                pipe.publish(channel, message)
            pipe.execute()

    def _messages(self, events: Sequence[tuple[str, WireEvent]]) -> list[tuple[str, str]]:
        """Each (session id, stored event) as the (channel, JSON text) it is published as."""
        return [(self._events_prefix + sid, json.dumps(wire, ensure_ascii=False)) for sid, wire in events]

    @contextlib.asynccontextmanager
    async def subscribe(self, session_id: str) -> AsyncIterator[AsyncIterator[WireEvent]]:
        await self._listen("events")
        with self._local.subscription(session_id) as events:
            yield events

    async def publish_cancel(self, session_id: str) -> None:
        await self._redis.publish(self._cancel_channel, session_id)

    async def cancellations(self) -> AsyncIterator[str]:
        await self._listen("cancel")
        async for session_id in self._local.cancellations():
            yield session_id

    def subscriber_count(self, session_id: str) -> int:
        return self._local.subscriber_count(session_id)

    async def ping(self) -> None:
        await self._redis.ping()

    async def close(self) -> None:
        listening, self._listening = self._listening, {}
        for pubsub, reader in listening.values():
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await reader
            with contextlib.suppress(Exception):
                await pubsub.aclose()
        await self._redis.aclose()
        if self._blocking is not None:
            self._blocking.close()
            self._blocking = None

    async def _listen(self, what: Literal["events", "cancel"]) -> None:
        """Subscribe this process to ``what`` ("events": every build's channel; "cancel") once, confirmed by the
        server before this returns, with a task reading it."""
        if what in self._listening:
            return
        async with self._starting:
            if what in self._listening:
                return
            pubsub = self._redis.pubsub()
            if what == "events":
                await pubsub.psubscribe(self._events_prefix + "*")
            else:
                await pubsub.subscribe(self._cancel_channel)
            message = await pubsub.get_message(timeout=5)
            if message is None or message["type"] not in ("psubscribe", "subscribe"):
                await pubsub.aclose()
                raise ConnectionError(f"Redis did not confirm the {what} subscription within 5 s")
            self._listening[what] = (pubsub, asyncio.create_task(self._read(pubsub), name=f"nexusforge-bus-{what}"))

    async def _read(self, pubsub: Any) -> None:
        while True:
            try:
                message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
            except asyncio.CancelledError:
                raise
            except Exception:  # the connection dropped: redis-py reconnects and re-subscribes on the next read
                log.warning("Redis event bus read failed; retrying", exc_info=True)
                await asyncio.sleep(0.5)
                continue
            if message is not None:
                self._dispatch(message)

    def _dispatch(self, message: dict[str, Any]) -> None:
        channel = _text(message["channel"])
        data = _text(message["data"])
        if channel == self._cancel_channel:
            self._local.deliver_cancel(data)
            return
        session_id = channel.removeprefix(self._events_prefix)
        if not self._local.subscriber_count(session_id):
            return
        try:
            wire = json.loads(data)
        except ValueError:
            log.warning("dropped an unreadable event on %s", channel)
            return
        self._local.deliver(session_id, wire)


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
