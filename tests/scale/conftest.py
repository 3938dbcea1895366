"""Real services for the scale-out tests: each test gets its own PostgreSQL database and its own Redis key prefix
(dropped / deleted afterwards); a test whose service is not running here is skipped, saying which."""

from __future__ import annotations

import asyncio
import secrets
import socket
from collections.abc import Iterator

import pytest

REDIS = ("127.0.0.1", 6379)
POSTGRES = ("127.0.0.1", 5432)
REDIS_DB = 12  # one database of the shared Redis for these tests; each test also has a key prefix of its own


def reachable(address: tuple[str, int]) -> bool:
    try:
        with socket.create_connection(address, timeout=1):
            return True
    except OSError:
        return False


needs_redis = pytest.mark.skipif(not reachable(REDIS), reason="no Redis server on 127.0.0.1:6379")
needs_postgres = pytest.mark.skipif(not reachable(POSTGRES), reason="no PostgreSQL server on 127.0.0.1:5432")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A new, empty PostgreSQL database for one test (SQLAlchemy asyncpg URL), dropped afterwards."""
    if not reachable(POSTGRES):
        pytest.skip("no PostgreSQL server on 127.0.0.1:5432")
    asyncpg = pytest.importorskip("asyncpg")
    name = f"nf_scale_{secrets.token_hex(6)}"

    async def admin(statement: str) -> None:
        conn = await asyncpg.connect(host=POSTGRES[0], port=POSTGRES[1], user="postgres", database="postgres")
        try:
            await conn.execute(statement)
        finally:
            await conn.close()

    asyncio.run(admin(f"CREATE DATABASE {name}"))
    try:
        yield f"postgresql+asyncpg://postgres@{POSTGRES[0]}:{POSTGRES[1]}/{name}"
    finally:
        asyncio.run(admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


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
