"""The contract's wire models, shared by the client (this package) and the engine (``nexusforge_agents``, which
imports them from here): the build events as the streams send them, and the REST API's bodies and values."""

from __future__ import annotations

from .api import (
    BuildListItem,
    BuildStarted,
    BuildStatus,
    BuildStatusResponse,
    DeleteResponse,
    DeployResponse,
    ErrorBody,
    HealthResponse,
    ModelsResponse,
    TemplateOut,
)
from .events import (
    CANCELLED_PHASE,
    BuildCancelled,
    BuildCompleted,
    BuildEvent,
    Connected,
    ErrorEvent,
    PhaseCompleted,
    ProgressUpdate,
    SpecReady,
    WireEvent,
    event_tag,
    parse_event,
    utc_now,
    wire_is_terminal,
)
from .versions import FileChange, Version, VersionDiff

__all__ = [
    "CANCELLED_PHASE",
    "BuildCancelled",
    "BuildCompleted",
    "BuildEvent",
    "BuildListItem",
    "BuildStarted",
    "BuildStatus",
    "BuildStatusResponse",
    "Connected",
    "DeleteResponse",
    "DeployResponse",
    "ErrorBody",
    "ErrorEvent",
    "FileChange",
    "HealthResponse",
    "ModelsResponse",
    "PhaseCompleted",
    "ProgressUpdate",
    "SpecReady",
    "TemplateOut",
    "Version",
    "VersionDiff",
    "WireEvent",
    "event_tag",
    "parse_event",
    "utc_now",
    "wire_is_terminal",
]
