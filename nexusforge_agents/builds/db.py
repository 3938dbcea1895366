"""The server's tables (SQLAlchemy 2, async). SQLite through aiosqlite by default; any async URL works.

``Base.metadata`` is shared: other server modules (accounts, keys) declare their tables on the same ``Base``
and ``Database.create_all`` creates them with these.
"""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    create_engine,
    event,
    make_url,
    text,
)
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from ..private_paths import PRIVATE_DIR_MODE, private_file
from .drivers import psycopg_url, require_database_driver


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime | None) -> datetime | None:
    """Values come back naive from SQLite; every stored time is UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


class BuildRow(Base):
    __tablename__ = "builds"

    session_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    owner_id: Mapped[str | None] = mapped_column(String(64), index=True, nullable=True)
    prompt: Mapped[str] = mapped_column(Text)
    config: Mapped[dict[str, Any]] = mapped_column(JSON)
    template_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    status: Mapped[str] = mapped_column(String(32), index=True)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    current_phase: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    duration_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    app_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    app_description: Mapped[str | None] = mapped_column(Text, nullable=True)
    deployment_url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    output_dir: Mapped[str] = mapped_column(Text)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    error: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class EventRow(Base):
    __tablename__ = "build_events"

    session_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("builds.session_id", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    type: Mapped[str] = mapped_column(String(32))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    stored_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DeploymentRow(Base):
    __tablename__ = "deployments"

    deployment_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    session_id: Mapped[str] = mapped_column(String(64), ForeignKey("builds.session_id", ondelete="CASCADE"), index=True)
    owner_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    target: Mapped[str] = mapped_column(String(32))
    environment: Mapped[str] = mapped_column(String(32))
    domain: Mapped[str | None] = mapped_column(String(253), nullable=True)
    options: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(32))
    url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Database:
    """One async engine and session factory for the process."""

    def __init__(self, url: str) -> None:
        require_database_driver(url)  # a missing driver: one clear message naming what to install
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        connect_args: dict[str, Any] = {"timeout": 30} if self.is_sqlite else {}
        if self.is_sqlite and ":///" in url and not url.endswith(":memory:"):
            # It holds password hashes: a new folder is 0700 and the file 0600, before SQLite first opens it.
            path = Path(url.split(":///", 1)[1].split("?", 1)[0])
            path.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
            private_file(path)
        # A pool big enough for concurrent polls and sockets: an overflow connection is opened and closed per use,
        # and with aiosqlite each opening starts a thread, which stalls the event loop under load.
        self.engine: AsyncEngine = create_async_engine(
            url, connect_args=connect_args, pool_size=20, max_overflow=40, pool_recycle=3600
        )
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self.reads = read_only_sessions(self.sessions)
        self.sync_engine: Engine | None = None
        sync_driver = _SYNC_DRIVERS.get(make_url(url).drivername)
        if sync_driver is not None and importlib.util.find_spec(_DRIVER_MODULES.get(sync_driver, "sqlite3")):
            # The event log's writer thread commits a batch in one hop with this engine (same database; asyncpg's
            # ?ssl= is libpq's ?sslmode=).
            source = psycopg_url(url) if sync_driver == "postgresql+psycopg" else url
            self.sync_engine = create_engine(make_url(source).set(drivername=sync_driver), connect_args=connect_args)
            if self.is_sqlite:
                event.listen(self.sync_engine, "connect", _sqlite_pragmas)

    def session(self) -> AsyncSession:
        return self.sessions()

    def read_session(self) -> AsyncSession:
        """A session for queries that write nothing (see ``read_only_sessions``)."""
        return self.reads()

    async def create_all(self) -> None:
        async with self.engine.begin() as conn:
            await conn.run_sync(Base.metadata.create_all)

    async def ping(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()
        if self.sync_engine is not None:
            self.sync_engine.dispose()


def read_only_sessions(sessions: async_sessionmaker[AsyncSession]) -> async_sessionmaker[AsyncSession]:
    """Sessions for reads alone. On a server database each query runs on its own (autocommit): a status poll or an
    access check then costs one round trip instead of three (no BEGIN before it, no ROLLBACK when the session
    closes), which under load is most of its time. SQLite (no round trips) keeps the sessions it was given."""
    bind = sessions.kw.get("bind")
    if not isinstance(bind, AsyncEngine) or bind.dialect.name == "sqlite":
        return sessions
    return async_sessionmaker(bind.execution_options(isolation_level="AUTOCOMMIT"), expire_on_commit=False)


_SYNC_DRIVERS = {
    "sqlite+aiosqlite": "sqlite+pysqlite",
    "postgresql+psycopg": "postgresql+psycopg",
    # psycopg 3 comes with the postgres extra (the checkpoints use it). On asyncpg a batch of events costs a BEGIN,
    # the INSERT, an UPDATE per build and the COMMIT, each a trip through a worker's busy event loop; in the writer
    # thread it is one hop.
    "postgresql+asyncpg": "postgresql+psycopg",
}
"""Async drivers with a synchronous twin (when its driver is installed); other URLs keep the event log on the async
engine."""
_DRIVER_MODULES = {"postgresql+psycopg": "psycopg"}


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # WAL lets status reads proceed while the event writer commits; foreign keys make deletes cascade.
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
