"""Revisions through the lifecycle service: a follow-up request on a build that has ended makes the next version of
the same app, in the same session (its events follow the build's on the same stream).

``revise_build`` writes the revision into the build's checkpoint (``GraphDriver.begin_revision``: the build is
unfinished again, starting from the app's current spec), marks its row running and hands it to the runner like
any build to resume, so the in-process runner and the job queue run it alike and a revision interrupted anywhere
resumes from its last step. ``revise`` is the library's entry: the revision's events, like ``stream_build``.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..config import Settings
from ..errors import ConflictError, InvalidInputError, SessionNotFoundError
from ..events import BuildEvent
from ..schemas import BuildStatus
from ..spec_delta import Revision
from .app_versions import folder_spec
from .db import utcnow
from .graph_driver import RESULT_FILE
from .jobs import BuildJob
from .records import BuildRecord
from .service import BuildService, open_build_service
from .validation import validate_prompt


def _request_text(request: Any) -> str:
    try:
        return validate_prompt(request)
    except InvalidInputError as exc:
        raise InvalidInputError(
            exc.message.replace("App description", "The change request"), details={"field": "prompt"}
        ) from None


async def revise_build(service: BuildService, session_id: str, request: Any) -> BuildRecord:
    """Start a revision of an ended build; returns at once (follow it with ``service.events`` after the build's
    last seq). Refused while the build runs, and for a build that never got as far as an app."""
    text = _request_text(request)
    record = await service.status(session_id, with_result=False)
    if not BuildStatus(record.status).is_terminal:
        raise ConflictError(
            f"Build {session_id} is {record.status}; revise it once it has ended (one a crash interrupted goes on "
            f"from its last step with `nexusforge resume {session_id}`).",
            details={"status": record.status},
        )
    nothing = InvalidInputError(
        f"Build {session_id} ended before it made an app ({record.status}); there is nothing to revise."
    )
    try:
        state = await service.parts.driver.started_state(session_id)
    except SessionNotFoundError:
        state = None
    if state is None:  # no checkpoint, or only the status a cancel wrote before the build's first step
        raise nothing
    # The folder is the app's current version (a rollback changes only the folder; a failed revision was undone
    # there): its spec.json is the spec to revise, the checkpoint's the fallback.
    try:
        base = folder_spec(Path(state.output_dir)) or state.spec
    except ValidationError as exc:  # spec.json edited by hand into something that is no spec
        raise InvalidInputError(
            f"The app's spec.json is not a valid spec, so it cannot be revised: {exc.errors()[0]['msg']}",
            details={"field": "spec.json"},
        ) from None
    if base is None or not state.code_manifest:
        raise nothing
    revision = Revision(request=text, base_spec=base, base_manifest=state.code_manifest)
    await service.parts.driver.begin_revision(session_id, revision)
    running = BuildStatus.INITIALIZING.value
    await service.store.update(
        session_id, status=running, current_phase=running, progress=0, started_at=utcnow(), completed_at=None,
        duration_s=None, error=None,
    )  # fmt: skip
    service.store.forget(session_id)
    await service.runner.submit(BuildJob(session_id=session_id, kind="resume"))
    return await service.status(session_id, with_result=False)


def session_of(session_id_or_folder: str | Path) -> str:
    """The build session of an app folder (its ``build.json``), or the argument itself when it is a session id."""
    folder = Path(session_id_or_folder)
    if not folder.is_dir():
        return str(session_id_or_folder)
    result = folder / RESULT_FILE
    try:
        return str(json.loads(result.read_text(encoding="utf-8"))["session_id"])
    except (OSError, ValueError, KeyError):
        raise SessionNotFoundError(
            f"{folder} holds no completed build ({RESULT_FILE} is missing or unreadable); revise a folder a build "
            "completed in, or pass its session id."
        ) from None


async def revise(
    session_id_or_folder: str | Path, request: str, *, settings: Settings | None = None
) -> AsyncIterator[BuildEvent]:
    """Revise a built app (by session id or app folder) and yield the revision's events until it completes, fails
    or is cancelled; the completed event carries the new version's ``BuildResult``."""
    session_id = session_of(session_id_or_folder)
    async with open_build_service(settings) as service:
        before = await service.status(session_id, with_result=False)
        await revise_build(service, session_id, request)
        async for event in service.events(session_id, after_seq=before.last_seq):
            yield event
