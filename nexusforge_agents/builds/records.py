"""What the lifecycle service answers about a build: typed records, not ORM rows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import inspect

from .db import BuildRow, DeploymentRow, as_utc
from .recorder import LiveBuild


class BuildRecord(BaseModel):
    """A build's row: status, progress, phase, times, and (once completed) its result view or error."""

    model_config = ConfigDict(from_attributes=True)

    session_id: str
    owner_id: str | None = None
    prompt: str = ""
    config: dict[str, Any] = {}
    template_id: str | None = None
    status: str
    progress: int = 0
    current_phase: str
    started_at: datetime | None = None
    completed_at: datetime | None = None
    duration_s: float | None = None
    app_name: str | None = None
    app_description: str | None = None
    deployment_url: str | None = None
    output_dir: str = ""
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    last_seq: int = 0

    @classmethod
    def of_row(cls, row: BuildRow) -> BuildRecord:
        """A record of a stored row; columns the query did not load keep their defaults."""
        unloaded = inspect(row).unloaded
        values = {name: getattr(row, name) for name in cls.model_fields if name not in unloaded}
        for key in ("started_at", "completed_at"):
            if key in values:
                values[key] = as_utc(values[key])
        return cls.model_validate(values)

    @classmethod
    def of_live(cls, live: LiveBuild) -> BuildRecord:
        """A running build's status from memory (what its last recorded event set)."""
        return cls(
            session_id=live.session_id,
            owner_id=live.owner_id,
            status=live.status,
            progress=live.progress,
            current_phase=live.phase,
            started_at=as_utc(live.started_at),
            last_seq=live.seq,
        )


class DeploymentRecord(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    deployment_id: str
    session_id: str
    target: str
    environment: str
    domain: str | None = None
    status: str
    url: str | None = None

    @classmethod
    def of_row(cls, row: DeploymentRow) -> DeploymentRecord:
        return cls.model_validate(row)
