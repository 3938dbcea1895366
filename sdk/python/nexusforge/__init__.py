"""The Nexus Forge Python SDK.

    import nexusforge
    client = nexusforge.Client(api_key="pk_live_...")          # base_url=... or NEXUSFORGE_BASE_URL
    build = client.builds.create(prompt="Build a todo app", config={"enableVideoDemo": False})
    for update in client.builds.stream(build.session_id):
        print(update.type, update.phase, update.progress)

``AsyncClient`` offers the same with ``await``. API errors raise ``APIError`` subclasses carrying ``error_code``.
"""

from __future__ import annotations

from nexusforge_agents.events import (
    BuildCompleted,
    BuildEvent,
    Connected,
    ErrorEvent,
    PhaseCompleted,
    ProgressUpdate,
)

from ._client import DEFAULT_BASE_URL, AsyncClient, Client, __version__
from ._errors import (
    APIConnectionError,
    APIError,
    AuthenticationError,
    ConflictError,
    InsufficientCreditsError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
)
from ._models import Build, BuildDetails, BuildSummary, Cancelled, Deployment, Template

__all__ = [
    "DEFAULT_BASE_URL",
    "APIConnectionError",
    "APIError",
    "AsyncClient",
    "AuthenticationError",
    "Build",
    "BuildCompleted",
    "BuildDetails",
    "BuildEvent",
    "BuildSummary",
    "Cancelled",
    "Client",
    "ConflictError",
    "Connected",
    "Deployment",
    "ErrorEvent",
    "InsufficientCreditsError",
    "InvalidRequestError",
    "NotFoundError",
    "PermissionDeniedError",
    "PhaseCompleted",
    "ProgressUpdate",
    "RateLimitError",
    "ServerError",
    "Template",
    "__version__",
]
