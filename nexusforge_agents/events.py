"""Build events: the WebSocket contract's message types, one vocabulary for the graph, CLI, server and SDK.

The wire classes live in the SDK distribution (``nexusforge.wire.events``: the contract's models, installed with
this package) and the engine builds on them; only ``BuildCompleted`` adds something here, the full
``BuildResult`` (library only: never sent on a wire). ``wire()`` gives the JSON the WebSocket and SSE streams send;
``is_terminal`` (and ``wire_is_terminal`` for a wire dict) is the one place that decides a build has ended:
``BuildCompleted``, ``ErrorEvent`` and ``BuildCancelled``.
"""

from __future__ import annotations

import functools
from typing import Annotated, Any

from nexusforge.wire import events as wire
from nexusforge.wire.events import (
    CANCELLED_PHASE,
    BuildCancelled,
    Connected,
    ErrorEvent,
    PhaseCompleted,
    ProgressUpdate,
    SpecReady,
    event_tag,
    utc_now,
    wire_is_terminal,
)
from pydantic import Discriminator, Field, Tag, TypeAdapter

from .schemas import BuildError, BuildResult

__all__ = [
    "CANCELLED_PHASE",
    "BuildCancelled",
    "BuildCompleted",
    "BuildEvent",
    "Connected",
    "ErrorEvent",
    "PhaseCompleted",
    "ProgressUpdate",
    "SpecReady",
    "error_event",
    "parse_event",
    "utc_now",
    "wire_is_terminal",
]


class BuildCompleted(wire.BuildCompleted):
    result: BuildResult | None = Field(None, description="The full result (library only; not sent on wires).")


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


def error_event(session_id: str, error: BuildError, *, progress: int | None = None) -> ErrorEvent:
    """The contract's error event for the error a build ended with (the one place its fields are filled in)."""
    return ErrorEvent(
        session_id=session_id,
        phase=error.phase,
        progress=progress,
        error_code=error.error_code,
        message=error.message,
        retry_possible=error.retry_possible,
        details=error.details or None,
    )


def parse_event(data: dict[str, Any] | str | bytes) -> BuildEvent:
    """Parse a wire message (dict or JSON text) into its event class (``BuildCompleted`` with its ``result``)."""
    if isinstance(data, dict):
        return _adapter().validate_python(data)
    return _adapter().validate_json(data)


@functools.cache
def _adapter() -> TypeAdapter[BuildEvent]:
    return TypeAdapter(BuildEvent)  # built on first use: `import nexusforge_agents` stays fast
