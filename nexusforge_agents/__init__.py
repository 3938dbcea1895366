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
from .events import BuildCompleted, BuildEvent, Connected, ErrorEvent, PhaseCompleted, ProgressUpdate, parse_event
from .schemas import ApiEndpoint, AppSpec, BuildResult, BuildStatus, DeployOptions, Entity, EntityField, Usage

__version__ = "0.1.0"

_LAZY = {
    "build_app": ".graph.run",
    "stream_build": ".graph.run",
    "resume_build": ".graph.run",
    "stream_resume": ".graph.run",
    "cancel_build": ".graph.run",
    "open_checkpointer": ".graph.run",
    "create_starri": ".graph.starri",
}

if TYPE_CHECKING:
    from .graph.run import build_app, cancel_build, open_checkpointer, resume_build, stream_build, stream_resume
    from .graph.starri import create_starri

__all__ = [
    "ApiEndpoint",
    "AppSpec",
    "BuildCancelledError",
    "BuildCompleted",
    "BuildConfig",
    "BuildEvent",
    "BuildFailedError",
    "BuildResult",
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
    "Settings",
    "Usage",
    "__version__",
    "build_app",
    "cancel_build",
    "create_starri",
    "open_checkpointer",
    "parse_event",
    "resume_build",
    "stream_build",
    "stream_resume",
]


__getattr__ = lazy_exports(__name__, _LAZY, globals())
