"""Alembic migrations: an empty database (SQLite and PostgreSQL) migrates to exactly the models' schema, twice is a
no-op, concurrent start-ups migrate once, and a database made by create_all before migrations is adopted."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import create_async_engine

import nexusforge_agents.server.auth.models  # noqa: F401  (the accounts tables live on the same metadata)
from nexusforge_agents.builds.db import Base
from nexusforge_agents.builds.schema import current_revision, head_revision, upgrade_database

ROOT = Path(__file__).resolve().parents[2]


def _differences(connection) -> list:  # noqa: ANN001
    return compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata)


_UPGRADE = (
    "import asyncio, sys\n"
    "from sqlalchemy.ext.asyncio import create_async_engine\n"
    "from nexusforge_agents.builds.schema import upgrade_database\n"
    "asyncio.run(upgrade_database(create_async_engine(sys.argv[1])))\n"
)


async def _assert_migrates_to_the_models(url: str) -> None:
    starting = [  # two processes starting at once (Alembic runs one migration per process at a time)
        await asyncio.create_subprocess_exec(sys.executable, "-c", _UPGRADE, url, cwd=ROOT) for _ in range(2)
    ]
    assert [await process.wait() for process in starting] == [0, 0]
    engine = create_async_engine(url)
    try:
        await upgrade_database(engine)  # and a restart
        assert await current_revision(engine) == head_revision()
        async with engine.connect() as conn:
            assert await conn.run_sync(_differences) == []  # a model changed without a migration fails here
    finally:
        await engine.dispose()


async def test_sqlite_migrates_to_the_models(tmp_path: Path) -> None:
    await _assert_migrates_to_the_models(f"sqlite+aiosqlite:///{tmp_path / 'server.sqlite'}")


async def test_postgres_migrates_to_the_models(postgres_url: str) -> None:
    await _assert_migrates_to_the_models(postgres_url)


async def test_a_database_made_before_migrations_is_adopted(tmp_path: Path) -> None:
    engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'old.sqlite'}")
    try:
        async with engine.begin() as conn:
            await conn.run_sync(lambda c: Base.metadata.tables["builds"].create(c))  # an older create_all
        await upgrade_database(engine)
        async with engine.connect() as conn:
            tables = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
            assert {"builds", "build_events", "users", "alembic_version"} <= tables
            assert await conn.run_sync(_differences) == []
    finally:
        await engine.dispose()
