"""The Nexus Forge Python SDK.

    import nexusforge
    client = nexusforge.Client(api_key="pk_live_...")          # base_url=... or NEXUSFORGE_BASE_URL
    build = client.builds.create(prompt="Build a todo app", config={"enableVideoDemo": False})
    for update in client.builds.stream(build.session_id):
        print(update.type, update.phase, update.progress)

``AsyncClient`` offers the same with ``await``. API errors raise ``APIError`` subclasses carrying ``error_code``.
The contract's wire models (events, bodies, status values) are in ``nexusforge.wire``; this distribution needs only
httpx, websockets and pydantic.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._errors import (
    APIConnectionError,
    APIError,
    AuthenticationError,
    ClientError,
    ConflictError,
    InsufficientCreditsError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
)
from ._models import Build, BuildDetails, BuildSummary, Cancelled, Deployment, ReviewAnswered, Template
from .wire import (
    BuildCancelled,
    BuildCompleted,
    BuildEvent,
    BuildStatus,
    Connected,
    ErrorEvent,
    FileChange,
    PhaseCompleted,
    ProgressUpdate,
    SpecReady,
    Version,
    VersionDiff,
)

if TYPE_CHECKING:
    from ._client import DEFAULT_BASE_URL, AsyncClient, Client

__version__ = "0.1.0"
_CLIENT_NAMES = frozenset({"DEFAULT_BASE_URL", "AsyncClient", "Client"})


def __getattr__(name: str) -> Any:
    """The clients load httpx on first use, so the engine importing ``nexusforge.wire`` stays fast."""
    if name in _CLIENT_NAMES:
        return getattr(importlib.import_module("._client", __name__), name)
    raise AttributeError(f"module 'nexusforge' has no attribute {name!r}")


__all__ = [
    "DEFAULT_BASE_URL",
    "APIConnectionError",
    "APIError",
    "AsyncClient",
    "AuthenticationError",
    "Build",
    "BuildCancelled",
    "BuildCompleted",
    "BuildDetails",
    "BuildEvent",
    "BuildStatus",
    "BuildSummary",
    "Cancelled",
    "Client",
    "ClientError",
    "ConflictError",
    "Connected",
    "Deployment",
    "ErrorEvent",
    "FileChange",
    "InsufficientCreditsError",
    "InvalidRequestError",
    "NotFoundError",
    "PermissionDeniedError",
    "PhaseCompleted",
    "ProgressUpdate",
    "RateLimitError",
    "ReviewAnswered",
    "ServerError",
    "SpecReady",
    "Template",
    "Version",
    "VersionDiff",
    "__version__",
]
