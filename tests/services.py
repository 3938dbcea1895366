"""The local services some tests use for real (PostgreSQL 127.0.0.1:5432 with trust auth, Redis 127.0.0.1:6379):
whether they run here, and a new PostgreSQL database for one test. The ``postgres_url`` fixture (tests/conftest.py)
is built on ``new_postgres_database``."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import socket
from collections.abc import Iterator

import pytest

REDIS = ("127.0.0.1", 6379)
POSTGRES = ("127.0.0.1", 5432)


def reachable(address: tuple[str, int]) -> bool:
    try:
        with socket.create_connection(address, timeout=1):
            return True
    except OSError:
        return False


@contextlib.contextmanager
def new_postgres_database(prefix: str = "nf_test") -> Iterator[str]:
    """A new, empty PostgreSQL database (SQLAlchemy asyncpg URL), dropped afterwards; the test is skipped, saying
    why, when PostgreSQL or asyncpg is not there."""
    if not reachable(POSTGRES):
        pytest.skip(f"no PostgreSQL server on {POSTGRES[0]}:{POSTGRES[1]}")
    asyncpg = pytest.importorskip("asyncpg")
    name = f"{prefix}_{secrets.token_hex(6)}"

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
