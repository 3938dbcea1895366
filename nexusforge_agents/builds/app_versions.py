"""A build's versions through the lifecycle service: the app folder's history, a version's diff, a rollback.

The folder is the build's ``output_dir``; the versions themselves are ``nexusforge_agents.versions``. What the
lifecycle adds is the rule that a build which is still running (a build or a revision writing the folder) is
not rolled back under its feet.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from ..errors import ConflictError, SessionNotFoundError
from ..schemas import BuildStatus
from ..versions import Version, VersionDiff, diff, history, rollback
from .db import BuildRow
from .service import BuildService


async def build_versions(service: BuildService, session_id: str) -> list[Version]:
    """The build's versions, oldest first (none until the build completes)."""
    folder = Path((await _row(service, session_id)).output_dir)
    return await asyncio.to_thread(history, folder) if folder.is_dir() else []


async def build_version_diff(
    service: BuildService, session_id: str, number: int, base: int | None = None
) -> VersionDiff:
    """What version ``number`` changed against the one before it (or against ``base``)."""
    folder = Path((await _row(service, session_id)).output_dir)
    return await asyncio.to_thread(diff, folder, base, number)


async def rollback_build(service: BuildService, session_id: str, number: int) -> Version:
    """A new version of the build's app whose files are exactly those of version ``number``."""
    row = await _row(service, session_id)
    if not BuildStatus(row.status).is_terminal:
        raise ConflictError(f"Build {session_id} is {row.status}; roll back once it has ended.")
    return await asyncio.to_thread(rollback, Path(row.output_dir), number)


async def _row(service: BuildService, session_id: str) -> BuildRow:
    row = await service.store.get(session_id, with_result=False)
    if row is None:
        raise SessionNotFoundError(f"Build session {session_id} not found")
    return row
