"""The database schema, migrated with Alembic at start-up by every process that opens the database.

The revisions live in ``migrations/versions`` inside the package (so an installed wheel migrates too). SQLite (the
embedded default) runs the same migrations as PostgreSQL. On PostgreSQL the upgrade holds an advisory lock, so API
replicas and workers starting together migrate once; the others wait, then find nothing left to do.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_MIGRATION_LOCK_KEY = 0x6E786D67  # pg_advisory_xact_lock key ("nxmg")


def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def _upgrade(connection: Any) -> None:
    from alembic import command

    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY})
    command.upgrade(_alembic_config(connection), "head")


def _current(connection: Any) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


async def upgrade_database(engine: AsyncEngine) -> None:
    """Bring the database to the newest schema (creates it when empty)."""
    for attempt in range(3):
        try:
            async with engine.begin() as conn:
                await conn.run_sync(_upgrade)
            return
        except DBAPIError:
            # SQLite has no advisory lock (and pysqlite runs DDL outside transactions): two processes upgrading one
            # file at once collide on a CREATE; the loser retries and finds the rest done (the baseline only
            # creates the tables that are missing).
            if engine.dialect.name != "sqlite" or attempt == 2:
                raise
            await asyncio.sleep(0.2 * (attempt + 1))


async def current_revision(engine: AsyncEngine) -> str | None:
    async with engine.connect() as conn:
        return await conn.run_sync(_current)


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    config = _alembic_config(None)
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head
