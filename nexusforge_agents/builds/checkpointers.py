"""The LangGraph checkpointer a process uses: one SQLite file (embedded default) or PostgreSQL (scaled out).

``NEXUSFORGE_DATABASE_URL=postgresql+asyncpg://...`` puts the checkpoints in the same PostgreSQL database as the
builds and their event logs, so any worker can resume any build from its last checkpoint. The URL is SQLAlchemy's
(asyncpg driver); langgraph-checkpoint-postgres speaks psycopg 3, so ``psycopg_url`` rewrites it for libpq.
Open one checkpointer per process (it holds a connection pool) inside the running event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy.engine import make_url

from ..config import Settings
from ..graph.state import checkpoint_serde
from ..private_paths import private_dir, private_file
from .drivers import psycopg_url

POSTGRES_EXTRA_HINT = 'pip install "nexusforge-agents[postgres]"'
_SETUP_LOCK_KEY = 0x6E786667  # pg_advisory_lock key ("nxfg"): one process at a time creates the checkpoint tables


def is_postgres_url(database_url: str | None) -> bool:
    return bool(database_url) and make_url(database_url).get_backend_name() == "postgresql"


@contextlib.asynccontextmanager
async def open_checkpointer(
    settings: Settings, database_url: str | None = None, *, serde: Any = None, pool_size: int = 10
) -> AsyncIterator[Any]:
    """The process's checkpointer: ``AsyncPostgresSaver`` on a connection pool when ``database_url`` is
    PostgreSQL, else ``AsyncSqliteSaver`` on ``settings.checkpoint_path``. Tables are created on first use.
    ``serde`` defaults to ``checkpoint_serde()``: only the build state's own types are rebuilt from a checkpoint."""
    serde = serde or checkpoint_serde()
    if is_postgres_url(database_url):
        assert database_url is not None
        async with _postgres_saver(psycopg_url(database_url), serde=serde, pool_size=pool_size) as saver:
            yield saver
        return
    from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

    private_dir(settings.checkpoint_path.parent)  # the home: checkpoints hold every build's prompt and state
    private_file(settings.checkpoint_path)
    async with AsyncSqliteSaver.from_conn_string(str(settings.checkpoint_path)) as saver:
        saver.serde = serde
        yield saver


@contextlib.asynccontextmanager
async def _postgres_saver(conninfo: str, *, serde: Any, pool_size: int) -> AsyncIterator[Any]:
    try:
        from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
        from psycopg import AsyncConnection
        from psycopg.rows import dict_row
        from psycopg_pool import AsyncConnectionPool
    except ImportError as exc:
        raise ImportError(
            f"NEXUSFORGE_DATABASE_URL is PostgreSQL, which needs langgraph-checkpoint-postgres: {POSTGRES_EXTRA_HINT}"
        ) from exc

    # The saver's documented requirements for a caller-owned pool: autocommit, dict rows, no prepared statements.
    kwargs = {"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row}
    async with AsyncConnectionPool(conninfo, min_size=1, max_size=pool_size, kwargs=kwargs, open=False) as pool:
        await pool.open(wait=True, timeout=30)
        saver = AsyncPostgresSaver(pool, serde=serde)  # type: ignore[arg-type]
        # Several workers may start at once: setup() is not safe to race (it inserts migration versions).
        async with await AsyncConnection.connect(conninfo, autocommit=True) as lock_conn:
            await _advisory_lock(lock_conn, _SETUP_LOCK_KEY)
            try:
                await saver.setup()
            finally:
                await lock_conn.execute("SELECT pg_advisory_unlock(%s)", (_SETUP_LOCK_KEY,))
        yield saver


async def _advisory_lock(conn: Any, key: int) -> None:
    """Take a session advisory lock by polling ``pg_try_advisory_lock``. A blocking ``pg_advisory_lock`` would keep
    a statement (and its snapshot) open while waiting, and the holder's ``setup()`` runs ``CREATE INDEX
    CONCURRENTLY``, which waits for every such snapshot to end: two processes starting on a new database hung
    each other (seen with a worker and an eval --queue process; PostgreSQL cannot see that cycle)."""
    while not (await (await conn.execute("SELECT pg_try_advisory_lock(%s)", (key,))).fetchone())[0]:
        await asyncio.sleep(0.1)
