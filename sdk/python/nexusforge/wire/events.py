"""The build events as the WebSocket and SSE streams send them: the contract's message types.

Every event has ``type``, ``phase`` and ``progress``, so a consumer can print those three for any of them.
``is_terminal`` is the one place that decides a build has ended: ``BuildCompleted``, ``ErrorEvent`` and
``BuildCancelled`` (on the wire the contract's ``progress_update`` with phase ``cancelled``). The engine
(``nexusforge_agents.events``) builds its events on these classes.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, TypeAdapter, field_validator

CANCELLED_PHASE = "cancelled"


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class WireEvent(BaseModel):
    """Fields every event carries; fields a newer server adds are kept (``extra='allow'``)."""

    model_config = ConfigDict(extra="allow", defer_build=True)  # validators built on first use

    session_id: str | None = None
    phase: str | None = None
    progress: int | None = None
    message: str = ""
    timestamp: str = Field(default_factory=utc_now)
    seq: int | None = Field(None, description="Position in the session's event log (set by whoever stores it).")
    ends_build: ClassVar[bool] = False

    @property
    def is_terminal(self) -> bool:
        """True for the last event of a build (completed, failed or cancelled): nothing follows it."""
        return self.ends_build

    def wire(self) -> dict[str, Any]:
        """The JSON the streams send."""
        return self.model_dump(mode="json", exclude_none=True, exclude={"result"})


class Connected(WireEvent):
    type: Literal["connected"] = "connected"
    message: str = "Connected to Nexus Forge build session"


class ProgressUpdate(WireEvent):
    type: Literal["progress_update"] = "progress_update"
    phase: str
    progress: int
    model: str = "starri"
    agent: str | None = None
    usage: dict[str, Any] | None = None

    @field_validator("phase")
    @classmethod
    def _not_cancelled(cls, phase: str) -> str:
        if phase == CANCELLED_PHASE:
            raise ValueError("a cancelled build ends with BuildCancelled, not a ProgressUpdate")
        return phase


class BuildCancelled(WireEvent):
    """The build was cancelled; on the wire the contract's ``progress_update`` with phase ``cancelled``."""

    type: Literal["progress_update"] = "progress_update"
    phase: Literal["cancelled"] = "cancelled"
    progress: int = 0
    model: str = "starri"
    message: str = "Build cancelled by user"
    ends_build: ClassVar[bool] = True


class PhaseCompleted(WireEvent):
    type: Literal["phase_completed"] = "phase_completed"
    phase: str
    results: dict[str, Any] = Field(default_factory=dict)
    next_phase: str | None = None
    duration_s: float | None = None


class SpecReady(WireEvent):
    """Beyond the contract: a build started with ``reviewSpec`` stops after ``generating_spec`` in
    ``awaiting_review``; its plan is ``spec``. It continues once approved (as it is or edited) and ends cancelled if
    rejected. An edited plan is announced again."""

    type: Literal["spec_ready"] = "spec_ready"
    phase: str = "awaiting_review"
    progress: int
    spec: dict[str, Any]
    message: str = "The plan is ready for review: approve it (as it is or edited) or reject it"


class BuildCompleted(WireEvent):
    type: Literal["build_completed"] = "build_completed"
    phase: str = "completed"
    progress: int = 100
    deployment_url: str | None = None
    total_time: str
    summary: dict[str, Any]
    ends_build: ClassVar[bool] = True


class ErrorEvent(WireEvent):
    type: Literal["error"] = "error"
    phase: str
    error_code: str
    retry_possible: bool = False
    details: dict[str, Any] | None = None
    ends_build: ClassVar[bool] = True


def event_tag(data: Any) -> str | None:
    """Which class a message is: its ``type``, except a ``progress_update`` in phase ``cancelled``."""
    kind, phase = (data.get("type"), data.get("phase")) if isinstance(data, dict) else (data.type, data.phase)
    return CANCELLED_PHASE if kind == "progress_update" and phase == CANCELLED_PHASE else kind


BuildEvent = Annotated[
    Annotated[Connected, Tag("connected")]
    | Annotated[ProgressUpdate, Tag("progress_update")]
    | Annotated[BuildCancelled, Tag(CANCELLED_PHASE)]
    | Annotated[PhaseCompleted, Tag("phase_completed")]
    | Annotated[SpecReady, Tag("spec_ready")]
    | Annotated[BuildCompleted, Tag("build_completed")]
    | Annotated[ErrorEvent, Tag("error")],
    Discriminator(event_tag),
]
"""One event as it arrives on the WebSocket or SSE stream."""

_ENDS_BUILD = {"build_completed", "error", CANCELLED_PHASE}


def parse_event(data: dict[str, Any] | str | bytes) -> BuildEvent:
    """Parse a wire message (dict or JSON text) into its event class."""
    if isinstance(data, dict):
        return _adapter().validate_python(data)
    return _adapter().validate_json(data)


@functools.cache
def _adapter() -> TypeAdapter[BuildEvent]:
    """Built on first use: importing the wire models (the engine does at start) stays fast."""
    return TypeAdapter(BuildEvent)


def wire_is_terminal(wire: dict[str, Any]) -> bool:
    """``is_terminal`` of a wire message without parsing it (for relays that pass wire dicts on)."""
    return event_tag(wire) in _ENDS_BUILD
