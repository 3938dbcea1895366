"""A build's versions through the lifecycle service: the app folder's history, a version's diff, a rollback.

The folder is the build's ``output_dir``; the versions themselves are ``nexusforge_agents.versions``. What the
lifecycle adds is the rule that a build which is still running (a build or a revision writing the folder) is
not rolled back under its feet, and that a rollback makes the restored version the build's result: its
checkpoint takes that version's spec, code files, mockups and tests (``GraphDriver.restore_version``), so
``BuildService.result`` answers it, and the stored row (the API's status, the code zip) is made from that.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from ..agents.design import MOCKUP_DIR
from ..appspec import AppSpec
from ..errors import ConflictError, SessionNotFoundError
from ..schemas import BuildResult, BuildStatus
from ..spec_conventions import SPEC_FILE
from ..versions import Version, VersionDiff, diff, files_of, history, rollback
from .artifacts import store_result
from .db import BuildRow
from .graph_driver import RESULT_FILE
from .service import BuildService

BUILD_OUTPUTS = (RESULT_FILE, SPEC_FILE)
"""Files of a version that the build wrote about the app (with the mockups), not the app's code."""


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
    version = await asyncio.to_thread(rollback, Path(row.output_dir), number)
    restored = await asyncio.to_thread(folder_result, session_id, Path(row.output_dir), version.number)
    restored.deployment_url = row.deployment_url  # a running deployment is untouched until the app is redeployed
    await service.parts.driver.restore_version(session_id, restored)
    if row.status == BuildStatus.COMPLETED:  # what every caller now gets: the library and the API alike
        restored = await service.result(session_id)
    stored = await asyncio.to_thread(store_result, restored, service.artifacts)
    await service.store.update(session_id, **stored)
    service.store.forget(session_id)
    return version


def folder_spec(folder: Path) -> AppSpec | None:
    """The spec of the app version checked out in ``folder`` (its ``spec.json``), if it has one."""
    path = folder / SPEC_FILE
    return AppSpec.model_validate_json(path.read_text(encoding="utf-8")) if path.is_file() else None


def folder_result(session_id: str, folder: Path, number: int) -> BuildResult:
    """The result of version ``number``, checked out in ``folder``: the ``build.json`` that version holds (a
    hand-edited version keeps the one before it), with the spec of its ``spec.json`` (unless that is no valid
    spec) and its text files as the code (the build's own outputs and the mockups left out)."""
    try:
        result = BuildResult.model_validate_json((folder / RESULT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):  # missing, or edited by hand into something else: the rest still counts
        result = BuildResult(session_id=session_id, status=BuildStatus.COMPLETED)
    try:
        spec = folder_spec(folder) or result.specification
    except ValueError:  # a spec.json edited by hand into an invalid spec: the version's build.json has its spec
        spec = result.specification
    code_files = {}
    for rel in files_of(folder, number):
        if rel in BUILD_OUTPUTS or rel.startswith(f"{MOCKUP_DIR}/"):
            continue
        try:
            code_files[rel] = (folder / rel).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # an image or other binary file: not code to show or zip as text
    return result.model_copy(
        update={
            "session_id": session_id,
            "specification": spec,
            "code_files": code_files,
            "output_dir": str(folder),
        }
    )


async def _row(service: BuildService, session_id: str) -> BuildRow:
    row = await service.store.get(session_id, with_result=False)
    if row is None:
        raise SessionNotFoundError(f"Build session {session_id} not found")
    return row
