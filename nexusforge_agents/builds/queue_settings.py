"""Settings of the scaled-out deployment: the Redis that carries the job queue, the leases and the live events."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_REDIS_PREFIX = "nexusforge:"
RedisPrefix = Annotated[
    str, Field(min_length=1, max_length=100, description="Prefix of every Redis key and channel we use.")
]
"""``NEXUSFORGE_REDIS_PREFIX``: read here and by the rate limiter (its counters live in the same Redis)."""


class QueueSettings(BaseSettings):
    """Env: ``NEXUSFORGE_*``. Only read when builds go through the queue (``serve --api-only``, ``worker``)."""

    model_config = SettingsConfigDict(env_prefix="NEXUSFORGE_", env_file=".env", extra="ignore")

    redis_url: str | None = Field(
        None, description="redis://host:port/db: the job queue, build leases, live event fan-out and rate limits."
    )
    redis_prefix: RedisPrefix = DEFAULT_REDIS_PREFIX
    worker_concurrency: int = Field(4, ge=1, le=1000, description="Builds one `nexusforge worker` runs at once.")
    lease_ttl_s: float = Field(
        15.0, gt=0, le=3600, description="A build whose worker stops heartbeating is handed on after this long."
    )
    lease_heartbeat_s: float = Field(5.0, gt=0, description="How often a worker refreshes its builds' leases.")
    reap_interval_s: float = Field(
        5.0, gt=0, description="How often each worker looks for builds whose lease expired (and for lost jobs)."
    )
    delivery_idle_s: float = Field(
        30.0,
        gt=0,
        description="A job delivered to a worker that died before taking its lease is delivered again after this long.",
    )
    max_build_attempts: int = Field(
        3,
        ge=1,
        le=100,
        description="Times a build is run before it is failed when every worker running it dies (crash, out of memory)"
        " or loses its lease; a SIGTERM hand-back does not count.",
    )

    @model_validator(mode="after")
    def _heartbeat_fits(self) -> QueueSettings:
        if self.lease_heartbeat_s * 2 > self.lease_ttl_s:
            raise ValueError("NEXUSFORGE_LEASE_HEARTBEAT_S must be at most half of NEXUSFORGE_LEASE_TTL_S")
        return self

    def require_redis_url(self, command: str) -> str:
        if not self.redis_url:
            raise ValueError(f"{command} needs NEXUSFORGE_REDIS_URL (redis://host:6379/0): the job queue lives there.")
        return self.redis_url
