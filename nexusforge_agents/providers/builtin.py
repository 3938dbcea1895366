"""The providers this package ships, declared as any third-party provider is: pyproject.toml names each of these
objects under the ``nexusforge_agents.providers`` entry-point group (see ``registry``).
"""

from __future__ import annotations

import os
from typing import Any

from ..config import Settings
from .base import ProviderSpec
from .gemini import gemini_factory
from .gemini_client import KEY_VARS, developer_key, enterprise_configured, enterprise_requested, model_kind
from .jules import jules_factory
from .jules import missing_env as jules_missing_env
from .litellm_provider import PROVIDER_ENV, litellm_factory
from .litellm_provider import missing_env as litellm_route_missing_env
from .offline import offline_factory
from .real_catalog import gemini_models, jules_models, litellm_models

LOCAL_SERVERS = frozenset({"ollama"})
OFFLINE_MODELS: tuple[dict[str, Any], ...] = (
    {
        "name": "offline-spec-1",
        "agents": ["spec"],
        "type": "specification",
        "capabilities": ["archetypes", "entity_extraction"],
    },
    {"name": "offline-wireframe-1", "agents": ["design"], "type": "image_generation", "max_resolution": "1280x800"},
    {"name": "offline-slideshow-1", "agents": ["video"], "type": "video_generation", "max_duration": "30s"},
    {
        "name": "offline-codegen-1",
        "agents": ["coder"],
        "type": "code_generation",
        "capabilities": ["fastapi", "react", "pytest"],
    },
    {"name": "ruff", "agents": ["optimizer"], "type": "optimization", "capabilities": ["format", "lint_fix"]},
)


def offline_models(settings: Settings) -> list[dict[str, Any]]:
    return [
        {"version": "1.0", "provider": "offline", "model_id": "offline", "status": "available", "env_var": None,
         **entry}
        for entry in OFFLINE_MODELS
    ]  # fmt: skip


def gemini_missing_env(name: str) -> str | None:
    if model_kind(name) in ("imagen", "video") or enterprise_requested():
        if enterprise_configured():
            return None
        return "GOOGLE_CLOUD_PROJECT (with GOOGLE_GENAI_USE_VERTEXAI=true and application default credentials)"
    return None if developer_key() else "GEMINI_API_KEY (or GOOGLE_API_KEY)"


def litellm_missing_env(route: str) -> str | None:
    provider = route.split("/", 1)[0]
    if provider == "gemini":
        return None if any(os.environ.get(var) for var in KEY_VARS) else "GEMINI_API_KEY (or GOOGLE_API_KEY)"
    if provider in LOCAL_SERVERS:
        return None  # a local model server: litellm has a default address, the variable only moves it
    if provider in PROVIDER_ENV:
        return None if os.environ.get(PROVIDER_ENV[provider]) else PROVIDER_ENV[provider]
    if "/" not in route:
        return None  # the factory refuses it with the right message when the build resolves it
    missing = litellm_route_missing_env(route)  # an unlisted provider: litellm knows what it needs
    return " or ".join(missing) if missing else None


def jules_missing(name: str) -> str | None:
    missing = jules_missing_env()
    return ", ".join(missing) if missing else None


OFFLINE = ProviderSpec(
    prefix="offline",
    summary="The embedded deterministic engine: no key, no network.",
    factory=offline_factory,
    models=offline_models,
)
GEMINI = ProviderSpec(
    prefix="gemini",
    summary="Gemini text and image models, Imagen and Veo (Developer API or Vertex AI).",
    factory=gemini_factory,
    extra="gemini",
    requires=("google.genai", "langchain_google_genai"),
    missing_env=gemini_missing_env,
    models=gemini_models,
)
LITELLM = ProviderSpec(
    prefix="litellm",
    summary="Any litellm route (litellm:<provider/model>) for the text agents, and its Veo video route.",
    factory=litellm_factory,
    extra="litellm",
    requires=("litellm",),
    missing_env=litellm_missing_env,
    models=litellm_models,
)
JULES = ProviderSpec(
    prefix="jules",
    summary="Google's Jules coding agent on a GitHub repository (coder only).",
    factory=jules_factory,
    missing_env=jules_missing,
    models=jules_models,
)
