"""Real services for the scale-out tests: each test gets its own PostgreSQL database (``postgres_url``, from
tests/conftest.py) and its own Redis key prefix (dropped / deleted afterwards); a test whose service is not running
here is skipped, saying which."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest

from tests.services import REDIS, reachable

REDIS_DB = 12  # one database of the shared Redis for these tests; each test also has a key prefix of its own


@pytest.fixture
def redis_url() -> str:
    if not reachable(REDIS):
        pytest.skip("no Redis server on 127.0.0.1:6379")
    return f"redis://{REDIS[0]}:{REDIS[1]}/{REDIS_DB}"


@pytest.fixture
def redis_prefix(redis_url: str) -> Iterator[str]:
    """A key prefix of this test's own; every key under it is deleted afterwards."""
    import redis

    prefix = f"nftest:{secrets.token_hex(4)}:"
    yield prefix
    client = redis.Redis.from_url(redis_url)
    try:
        keys = list(client.scan_iter(match=prefix + "*", count=1000))
        if keys:
            client.delete(*keys)
    finally:
        client.close()
