"""The hosted API: ``create_app()`` serves the contract's REST, WebSocket and SSE endpoints over Starri.

Needs the ``server`` extra (``pip install "nexusforge-agents[server]"``).
"""

from __future__ import annotations

try:
    import fastapi  # noqa: F401
    import sse_starlette  # noqa: F401
except ModuleNotFoundError as exc:  # pragma: no cover - depends on the installation
    from ..errors import MissingExtraError

    raise MissingExtraError("server", exc.name or "fastapi") from exc

from .app import create_app
from .settings import ServerSettings

__all__ = ["ServerSettings", "create_app"]
