"""Build events: the WebSocket contract's message types, one vocabulary for the graph, CLI, server and SDK.

Every event has ``type``, ``phase`` and ``progress`` so a consumer can print those three for any of them.
``wire()`` gives the JSON the WebSocket and SSE streams send.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from .schemas import BuildResult


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class _Event(BaseModel):
    model_config = ConfigDict(extra="allow")

    session_id: str | None = None
    phase: str | None = None
    progress: int | None = None
    message: str = ""
    timestamp: str = Field(default_factory=utc_now)
    seq: int | None = Field(None, description="Position in the session's event log (set by whoever stores it).")

    def wire(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True, exclude={"result"})


class Connected(_Event):
    type: Literal["connected"] = "connected"
    message: str = "Connected to Nexus Forge build session"


class ProgressUpdate(_Event):
    type: Literal["progress_update"] = "progress_update"
    phase: str
    progress: int
    model: str = "starri"
    agent: str | None = None
    usage: dict[str, Any] | None = None


class PhaseCompleted(_Event):
    type: Literal["phase_completed"] = "phase_completed"
    phase: str
    results: dict[str, Any] = Field(default_factory=dict)
    next_phase: str | None = None
    duration_s: float | None = None


class BuildCompleted(_Event):
    type: Literal["build_completed"] = "build_completed"
    phase: str = "completed"
    progress: int = 100
    deployment_url: str | None = None
    total_time: str
    summary: dict[str, Any]
    result: BuildResult | None = Field(None, description="The full result (library only; not sent on wires).")


class ErrorEvent(_Event):
    type: Literal["error"] = "error"
    phase: str
    error_code: str
    retry_possible: bool = False
    details: dict[str, Any] | None = None


BuildEvent = Annotated[
    Connected | ProgressUpdate | PhaseCompleted | BuildCompleted | ErrorEvent, Field(discriminator="type")
]
_ADAPTER: TypeAdapter[BuildEvent] = TypeAdapter(BuildEvent)


def parse_event(data: dict[str, Any] | str | bytes) -> BuildEvent:
    """Parse a wire message (dict or JSON text) into its event class."""
    if isinstance(data, dict):
        return _ADAPTER.validate_python(data)
    return _ADAPTER.validate_json(data)
