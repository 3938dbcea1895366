"""What a runner is asked to run: one build job, small enough to travel through a queue as JSON."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

JobKind = Literal["start", "resume"]


class BuildJob(BaseModel):
    """Run (or continue) one build. Everything else about it (prompt, config, output folder) is in its stored row,
    so a job stays valid however often it is redelivered: ``start`` and ``resume`` both continue from the
    checkpoint when one exists (a job is idempotent)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    session_id: str = Field(min_length=1, max_length=64)
    kind: JobKind = "start"
    attempt: int = Field(1, ge=1, description="1 for the first delivery; a redelivered or handed-back job counts up.")
