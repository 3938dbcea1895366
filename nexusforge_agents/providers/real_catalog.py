"""The models each built-in provider lists, with honest availability: ``available`` only when the environment
variable their credentials come from is set. No SDK is imported here (a litellm route from an unlisted
provider is the one exception: litellm is asked which variable it needs). Each provider lists the models the
settings configure for it even when they are not in its table.
"""

from __future__ import annotations

import os
from typing import Any

from ..config import MODEL_AGENTS, AgentName, Settings
from .cost import pricing
from .gemini_client import KEY_VARS, enterprise_configured
from .litellm_provider import PROVIDER_ENV

TEXT_AGENTS = [AgentName.SPEC, AgentName.CODER, AgentName.OPTIMIZER]
_TEXT_TYPES = {"gemini-2.5-pro": "specification", "gemini-3.1-pro-preview": "specification"}
_RESOLUTION = {"generate_images": "2K", "generate_content": "1K"}
VERTEX_NOTE = (
    "Vertex AI backend: GOOGLE_GENAI_USE_VERTEXAI=true and GOOGLE_CLOUD_PROJECT (with application default "
    "credentials) or an express-mode GOOGLE_API_KEY"
)

LITELLM_ROUTES: tuple[dict[str, Any], ...] = (
    {"route": "openai/gpt-4.1", "type": "code_generation", "version": "4.1", "capabilities": ["structured_output"]},
    {"route": "anthropic/claude-sonnet-4-5", "type": "code_generation", "version": "4.5", "capabilities": []},
    {
        "route": "gemini/gemini-2.5-flash",
        "type": "optimization",
        "version": "2.5",
        "capabilities": ["structured_output"],
    },
    {"route": "ollama/qwen2.5-coder", "type": "code_generation", "version": "2.5", "capabilities": ["local"]},
    {
        "route": "gemini/veo-3.1-generate-001",
        "type": "video_generation",
        "version": "3.1",
        "capabilities": ["text_to_video"],
    },
)
"""Routes worth listing; any other ``litellm:<provider/model>`` works too, and is listed once configured."""


def _gemini_developer_available() -> bool:
    return any(os.environ.get(name) for name in KEY_VARS) or enterprise_configured()


def _entry(name: str, model_id: str, kind: str, available: bool, env_var: str | None, **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "type": kind,
        "status": "available" if available else "unavailable",
        "provider": model_id.split(":", 1)[0],
        "model_id": model_id,
        "env_var": env_var,
        **extra,
    }


def gemini_models(settings: Settings) -> list[dict[str, Any]]:
    prices = pricing()
    developer = _gemini_developer_available()
    entries = []
    for name, rates in prices["text"].items():
        capabilities = ["structured_output", "code_generation"]
        if rates.get("thinking"):
            capabilities.insert(0, "adaptive_thinking")
        entries.append(
            _entry(
                name, f"gemini:{name}", _TEXT_TYPES.get(name, "optimization"), developer, "GEMINI_API_KEY",
                version=rates["version"], agents=TEXT_AGENTS, capabilities=capabilities,
            )
        )  # fmt: skip
    for name, rates in prices["image"].items():
        imagen = rates["api"] == "generate_images"
        entries.append(
            _entry(
                name, f"gemini:{name}", "image_generation", enterprise_configured() if imagen else developer,
                "GOOGLE_CLOUD_PROJECT" if imagen else "GEMINI_API_KEY",
                version=rates["version"], agents=["design"], capabilities=["text_to_image"],
                max_resolution=_RESOLUTION[rates["api"]], **({"env_note": VERTEX_NOTE} if imagen else {}),
                **({"shutdown": rates["shutdown"]} if "shutdown" in rates else {}),
            )
        )  # fmt: skip
    for name, rates in prices["video"].items():
        entries.append(
            _entry(
                name, f"gemini:{name}", "video_generation", enterprise_configured(), "GOOGLE_CLOUD_PROJECT",
                version=rates["version"], agents=["video"], capabilities=["text_to_video", "audio"],
                max_duration=f"{max(rates['durations'])}s", env_note=VERTEX_NOTE,
                **({"shutdown": rates["shutdown"]} if "shutdown" in rates else {}),
            )
        )  # fmt: skip
    listed = {entry["model_id"] for entry in entries}
    for name in configured_names("gemini", settings):
        if f"gemini:{name}" not in listed:
            entries.append(
                _entry(
                    name, f"gemini:{name}", "text_generation", developer, "GEMINI_API_KEY",
                    version=None, agents=TEXT_AGENTS, capabilities=[],
                )
            )  # fmt: skip
    return entries


def litellm_env_var(route: str) -> str | None:
    provider = route.split("/", 1)[0]
    if provider in PROVIDER_ENV:
        return PROVIDER_ENV[provider]
    try:
        from .litellm_provider import missing_env

        missing = missing_env(route)
    except Exception:  # litellm not installed, or a route it cannot parse
        return None
    return missing[0] if missing else None


def _litellm_entry(
    route: str, kind: str = "text_generation", version: str | None = None, capabilities: list[str] | None = None
) -> dict[str, Any]:
    env_var = litellm_env_var(route)
    names = KEY_VARS if route.startswith("gemini/") else (env_var,) if env_var else ()
    available = any(os.environ.get(name) for name in names)
    agents = [AgentName.VIDEO] if kind == "video_generation" else TEXT_AGENTS
    extra = {"max_duration": "8s"} if kind == "video_generation" else {}
    return _entry(
        route, f"litellm:{route}", kind, available, env_var,
        version=version, agents=agents, capabilities=capabilities or [], **extra,
    )  # fmt: skip


def litellm_models(settings: Settings) -> list[dict[str, Any]]:
    """Common litellm routes, then every other route the settings configure."""
    entries = [_litellm_entry(r["route"], r["type"], r["version"], r["capabilities"]) for r in LITELLM_ROUTES]
    listed = {r["route"] for r in LITELLM_ROUTES}
    return entries + [_litellm_entry(name) for name in configured_names("litellm", settings) if name not in listed]


def jules_models(settings: Settings) -> list[dict[str, Any]]:
    """The Jules coder: available when its API key, a GitHub token and the repository are all set."""
    from .jules import REQUIRED_ENV, missing_env

    return [
        _entry(
            "jules", "jules", "code_generation", not missing_env(), ", ".join(REQUIRED_ENV),
            version="v1alpha", agents=["coder"],
            capabilities=["github_pull_request", "plan_approval", "repair_messages"], env_vars=list(REQUIRED_ENV),
        )
    ]  # fmt: skip


def configured_names(prefix: str, settings: Settings) -> list[str]:
    """The model names after ``prefix:`` that the settings name, as primary or fallback, in agent order."""
    names: list[str] = []
    for agent in MODEL_AGENTS:
        for model_id in [settings.model_for(agent), *settings.fallbacks_for(agent)]:
            model_prefix, _, name = model_id.partition(":")
            if model_prefix == prefix and name and name not in names:
                names.append(name)
    return names
