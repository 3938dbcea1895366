"""The shared parts of a build process, opened once: database, event log store, recorder, bus, graph driver.

An API process (``BuildService``) and a queue worker open the same parts; each then adds its runner.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from ..config import Settings
from .artifact_store import ArtifactStore, FolderArtifacts
from .checkpointers import open_checkpointer
from .db import Database
from .graph_driver import GraphDriver
from .memory_bus import process_bus
from .ports import EventBus
from .recorder import Recorder
from .schema import upgrade_database
from .store import BuildStore


def default_database_url(settings: Settings) -> str:
    """The library's own build log when no URL is given: one SQLite file under the home (the server has its own,
    ``server.sqlite``, so a CLI build never shows up as a server build to resume)."""
    return f"sqlite+aiosqlite:///{settings.home / 'builds.sqlite'}"


@dataclass
class BuildParts:
    settings: Settings
    db: Database
    store: BuildStore
    recorder: Recorder
    bus: EventBus
    driver: GraphDriver
    artifacts: ArtifactStore


@contextlib.asynccontextmanager
async def open_build_parts(
    settings: Settings,
    *,
    database: Database | None = None,
    database_url: str | None = None,
    artifacts_dir: Path | None = None,
    artifacts: ArtifactStore | None = None,
    bus: EventBus | None = None,
) -> AsyncIterator[BuildParts]:
    """Open the parts; ``database`` (already created, e.g. shared with accounts) wins over ``database_url``, and
    ``artifacts`` (e.g. Cloud Storage) over a folder store at ``artifacts_dir`` (default ``<home>/artifacts``).
    The caller keeps ownership of a ``database`` or ``bus`` it passes (they are not closed here)."""
    own_db = database is None
    db = database or Database(database_url or default_database_url(settings))
    artifacts = artifacts or FolderArtifacts(artifacts_dir or settings.home / "artifacts")
    artifacts.root.mkdir(parents=True, exist_ok=True)
    settings.workspaces_dir.mkdir(parents=True, exist_ok=True)
    try:
        await upgrade_database(db.engine)  # Alembic migrations (builds/schema.py): every table, once per database
        store = BuildStore(db)
        event_bus = bus or process_bus()
        recorder = Recorder(store, event_bus, artifacts)
        async with open_checkpointer(settings, db.url) as saver:
            recorder.start()
            try:
                yield BuildParts(settings, db, store, recorder, event_bus, GraphDriver(settings, saver), artifacts)
            finally:
                await recorder.stop()
    finally:
        if own_db:
            await db.dispose()
