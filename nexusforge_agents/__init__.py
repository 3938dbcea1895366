"""Nexus Forge agents: one sentence in, a specified, designed, tested and deployable app out.

The public API is this module's ``__all__``. Importing it is cheap: the graph, LangGraph and every integration
load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import lazy_exports
from .config import BuildConfig, Settings
from .errors import (
    BuildCancelledError,
    BuildFailedError,
    DeploymentFailedError,
    InvalidInputError,
    ModelUnavailableError,
    NexusForgeError,
    SessionNotFoundError,
)
from .events import (
    BuildCancelled,
    BuildCompleted,
    BuildEvent,
    Connected,
    ErrorEvent,
    PhaseCompleted,
    ProgressUpdate,
    SpecReady,
    parse_event,
)
from .schemas import ApiEndpoint, AppSpec, BuildResult, BuildStatus, DeployOptions, Entity, EntityField, Usage

__version__ = "0.1.0"

_LAZY = {
    "build_app": ".builds.library",
    "stream_build": ".builds.library",
    "resume_build": ".builds.library",
    "stream_resume": ".builds.library",
    "cancel_build": ".builds.library",
    "revise": ".builds.revisions",
    "approve_spec": ".builds.review",
    "reject_spec": ".builds.review",
    "BuildService": ".builds.service",
    "open_build_service": ".builds.service",
    "open_checkpointer": ".builds.checkpointers",
    "create_starri": ".graph.starri",
}

if TYPE_CHECKING:
    from .builds.checkpointers import open_checkpointer
    from .builds.library import build_app, cancel_build, resume_build, stream_build, stream_resume
    from .builds.review import approve_spec, reject_spec
    from .builds.revisions import revise
    from .builds.service import BuildService, open_build_service
    from .graph.starri import create_starri

__all__ = [
    "ApiEndpoint",
    "AppSpec",
    "BuildCancelled",
    "BuildCancelledError",
    "BuildCompleted",
    "BuildConfig",
    "BuildEvent",
    "BuildFailedError",
    "BuildResult",
    "BuildService",
    "BuildStatus",
    "Connected",
    "DeployOptions",
    "DeploymentFailedError",
    "Entity",
    "EntityField",
    "ErrorEvent",
    "InvalidInputError",
    "ModelUnavailableError",
    "NexusForgeError",
    "PhaseCompleted",
    "ProgressUpdate",
    "SessionNotFoundError",
    "SpecReady",
    "Settings",
    "Usage",
    "__version__",
    "approve_spec",
    "build_app",
    "cancel_build",
    "create_starri",
    "open_build_service",
    "open_checkpointer",
    "parse_event",
    "reject_spec",
    "resume_build",
    "revise",
    "stream_build",
    "stream_resume",
]


__getattr__ = lazy_exports(__name__, _LAZY, globals())
