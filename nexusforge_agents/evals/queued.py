"""``nexusforge eval DATASET --queue``: the cases' builds go to the job queue, ``nexusforge worker`` processes run
them, and the harness follows each build's events and scores the finished app as a local run does.

Which build session each case was submitted as is written to ``<out>/queue-sessions.json`` before the build is
submitted, so a re-run after an interruption follows the builds already submitted (running, queued or finished)
instead of submitting them again. The case folders must be on a folder the workers share (they write the app to
``<out>/cases/<case>/app``).
"""

from __future__ import annotations

import contextlib
import shutil
import uuid
from collections.abc import AsyncIterator, Iterable
from pathlib import Path

from pydantic import BaseModel, Field

from ..builds import library
from ..builds.process_settings import ProcessSettings
from ..builds.queue_settings import QueueSettings
from ..builds.scaleout import open_queue_runner
from ..builds.service import BuildService, open_build_service
from ..config import BuildConfig, Settings
from ..errors import InvalidInputError, SessionNotFoundError
from ..schemas import BuildResult
from .dataset import Case
from .results import APP_DIR, CASES_DIR, write_json

SESSIONS_FILE = "queue-sessions.json"


class QueuedSessions(BaseModel):
    """Case id -> the build session it was submitted as."""

    sessions: dict[str, str] = Field(default_factory=dict)

    @classmethod
    def load(cls, out: Path) -> QueuedSessions:
        path = out / SESSIONS_FILE
        return cls.model_validate_json(path.read_text()) if path.is_file() else cls()

    def save(self, out: Path) -> None:
        write_json(out / SESSIONS_FILE, self.model_dump_json(indent=2))


def queue_database_url(process: ProcessSettings, queue_settings: QueueSettings) -> str:
    """The database the workers record in; refuses, saying what is missing, when the queue is not configured."""
    if not queue_settings.redis_url:
        raise InvalidInputError(
            "--queue needs NEXUSFORGE_REDIS_URL (redis://host:6379/0): the job queue the `nexusforge worker` "
            "processes read."
        )
    if not process.database_url:
        raise InvalidInputError(
            "--queue needs NEXUSFORGE_DATABASE_URL: the database the `nexusforge worker` processes record builds in "
            "(e.g. postgresql+asyncpg://user@host:5432/nexusforge)."
        )
    return process.database_url


class QueuedCases:
    """Submits cases to the queue once each, and follows their builds."""

    def __init__(self, service: BuildService, out: Path, config: BuildConfig) -> None:
        self.service = service
        self.out = out
        self.config = config
        self.submitted = QueuedSessions.load(out)

    async def submit(self, cases: Iterable[Case]) -> None:
        """Queue every case not submitted before (a case whose session id is recorded but whose build was never
        stored, the run having stopped in between, is submitted under that id now)."""
        for case in cases:
            session_id = self.submitted.sessions.get(case.id)
            if session_id is not None and await self._stored(session_id):
                continue
            if session_id is None:
                session_id = f"eval-{case.folder_name}-{uuid.uuid4().hex[:8]}"
                self.submitted.sessions[case.id] = session_id
                self.submitted.save(self.out)  # before submitting: a re-run never submits the case twice
            folder = self.out / CASES_DIR / case.folder_name
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            await self.service.start(case.prompt, self.config, session_id=session_id, output_dir=folder / APP_DIR)

    async def follow(self, case: Case, folder: Path) -> BuildResult:
        """The case's build result once a worker finished it (``runner.CaseBuilder``); the folder is the worker's."""
        return await library.follow_build(self.service, self.submitted.sessions[case.id])

    async def _stored(self, session_id: str) -> bool:
        try:
            await self.service.status(session_id, with_result=False)
        except SessionNotFoundError:
            return False
        return True


@contextlib.asynccontextmanager
async def open_queued_cases(out: Path, settings: Settings, config: BuildConfig) -> AsyncIterator[QueuedCases]:
    """A ``BuildService`` on the queue runner and the workers' database (from NEXUSFORGE_* variables)."""
    process, queue_settings = ProcessSettings(), QueueSettings()
    database_url = queue_database_url(process, queue_settings)
    async with (
        open_queue_runner(queue_settings) as side,
        open_build_service(
            settings,
            runner=side.runner,
            bus=side.bus,
            database_url=database_url,
            artifacts_dir=process.resolved_artifacts_dir(settings),
        ) as service,
    ):
        yield QueuedCases(service, out, config)
