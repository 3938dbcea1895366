"""The contract's rate-limit table with the ``limits`` library: in memory by default, in Redis when
``NEXUSFORGE_REDIS_URL`` is set (so several server processes share one count)."""

from __future__ import annotations

import asyncio
import math
import time
from typing import Any

from limits import RateLimitItem, parse
from limits.aio.storage import Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string

from ...errors import RateLimitExceededError
from .principal import Bucket
from .settings import AuthSettings

MESSAGES: dict[Bucket, str] = {
    "build": "Rate limit exceeded. Please wait before starting another build.",
    "build_status": "Rate limit exceeded for build status requests. Please slow down.",
    "builds_list": "Rate limit exceeded for listing builds. Please slow down.",
    "auth": "Too many authentication requests. Please wait before trying again.",
    "default": "Rate limit exceeded. Please wait before retrying.",
}
KEY_MESSAGE = "This API key's rate limit is exceeded. Please wait before retrying."


def storage_uri(settings: AuthSettings) -> str:
    if not settings.redis_url:
        return "async+memory://"
    scheme, sep, rest = settings.redis_url.partition("://")
    if not sep or scheme not in ("redis", "rediss", "unix"):
        raise ValueError("NEXUSFORGE_REDIS_URL must start with redis://, rediss:// or unix://")
    return f"async+{settings.redis_url}"


class RateLimiter:
    """Moving-window counters per (row, caller). ``hit`` raises ``RateLimitExceededError`` over the limit."""

    def __init__(self, settings: AuthSettings, storage: Storage | None = None) -> None:
        uri = storage_uri(settings)
        self.shared = bool(settings.redis_url)
        """Whether the counters live in Redis (NEXUSFORGE_REDIS_URL), which /health then checks."""
        # Redis through redis-py (the server extra's client) rather than limits' default, coredis; the counters under
        # the deployment's prefix, so deployments sharing one Redis do not share counts.
        options = (
            {"implementation": "redispy", "key_prefix": f"{settings.redis_prefix}limits"} if settings.redis_url else {}
        )
        self.storage = storage or storage_from_string(uri, **options)
        self._limiter = MovingWindowRateLimiter(self.storage)
        self.rows: dict[Bucket, RateLimitItem] = {
            "build": parse(settings.rate_limit_build),
            "build_status": parse(settings.rate_limit_build_status),
            "builds_list": parse(settings.rate_limit_builds_list),
            "auth": parse(settings.rate_limit_auth),
            "default": parse(settings.rate_limit_default),
        }
        self._key_window = settings.api_key_rate_window

    async def check_redis(self) -> tuple[str, dict[str, Any]]:
        """For /health: ``not_configured`` when the counters are in memory, else a PING through their pool."""
        if not self.shared:
            return "not_configured", {}
        start = time.perf_counter()
        try:
            answered = await asyncio.wait_for(self.storage.check(), timeout=5)
        except Exception as exc:
            return "unhealthy", {"error": f"{type(exc).__name__}: {exc}"}
        if not answered:
            return "unhealthy", {"error": "Redis did not answer PING"}
        return "healthy", {"latency_ms": round((time.perf_counter() - start) * 1000, 2)}

    async def hit(self, bucket: Bucket, caller: str) -> None:
        await self._hit(self.rows[bucket], MESSAGES[bucket], bucket, caller)

    async def hit_key(self, key_id: str, per_window: int) -> None:
        """An API key's own ``rate_limit``, over all endpoints, on top of the table's rows."""
        await self._hit(parse(f"{per_window}/{self._key_window}"), KEY_MESSAGE, "api_key", key_id)

    async def _hit(self, item: RateLimitItem, message: str, *identifiers: str) -> None:
        if await self._limiter.hit(item, *identifiers):
            return
        reset_at, _remaining = await self._limiter.get_window_stats(item, *identifiers)
        retry_after = max(1, math.ceil(reset_at - time.time()))
        raise RateLimitExceededError(message, retry_after=retry_after)
