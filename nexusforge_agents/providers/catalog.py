"""What models this process could use, with real availability (credentials present or not)."""

from __future__ import annotations

import os
from typing import Any

from ..config import Settings

OFFLINE_MODELS: tuple[dict[str, Any], ...] = (
    {"name": "offline-spec-1", "type": "specification", "capabilities": ["archetypes", "entity_extraction"]},
    {"name": "offline-wireframe-1", "type": "image_generation", "max_resolution": "1280x800"},
    {"name": "offline-slideshow-1", "type": "video_generation", "max_duration": "30s"},
    {"name": "offline-codegen-1", "type": "code_generation", "capabilities": ["fastapi", "react", "pytest"]},
    {"name": "ruff", "type": "optimization", "capabilities": ["format", "lint_fix"]},
)


def _offline_entries() -> list[dict[str, Any]]:
    return [
        {"version": "1.0", "provider": "offline", "model_id": "offline", "status": "available", "env_var": None,
         **entry}
        for entry in OFFLINE_MODELS
    ]


def env_available(*names: str) -> bool:
    return any(os.environ.get(name) for name in names)


def list_models(settings: Settings) -> list[dict[str, Any]]:
    """Every model the server could use: offline always available; real ones when their credentials are set."""
    from .real_catalog import real_models

    return _offline_entries() + real_models(settings)
