"""What models this process could use, with real availability (credentials present or not): every installed
provider's own list (``ProviderSpec.models``), or one entry for a provider that lists none."""

from __future__ import annotations

from importlib.metadata import version
from typing import Any

from ..config import MODEL_AGENTS, Settings
from ..errors import NexusForgeError
from .base import ProviderSpec
from .registry import installed_prefixes, model_problem, provider


def list_models(settings: Settings) -> list[dict[str, Any]]:
    """Every model of every installed provider package; ``configured_for`` names the agents the settings give it."""
    entries: list[dict[str, Any]] = []
    for prefix in installed_prefixes():
        try:
            spec = provider(prefix)
        except NexusForgeError as exc:  # a broken third-party package is listed with its error, not fatal here
            entries.append(_provider_entry(prefix, "unavailable", None, version=None, note=exc.message))
            continue
        entries.extend(spec.models(settings) if spec.models else [_default_entry(spec)])
    in_use: dict[str, list[str]] = {}
    for agent in MODEL_AGENTS:
        in_use.setdefault(settings.model_for(agent), []).append(str(agent))
    for entry in entries:  # an entry that names its agents is in use only for those (offline has one per agent)
        users = in_use.get(entry["model_id"], [])
        entry["configured_for"] = [a for a in users if a in entry.get("agents", users)]
    return entries


def _default_entry(spec: ProviderSpec) -> dict[str, Any]:
    problem = model_problem(spec.prefix)
    env_var = problem.details.get("env_var") if problem else None
    return _provider_entry(
        spec.prefix,
        "unavailable" if problem else "available",
        env_var,
        version=version(spec.distribution) if spec.distribution else None,
        note=spec.summary,
        distribution=spec.distribution,
    )


def _provider_entry(prefix: str, status: str, env_var: str | None, **extra: Any) -> dict[str, Any]:
    return {
        "name": prefix,
        "type": "provider",
        "status": status,
        "provider": prefix,
        "model_id": prefix,
        "env_var": env_var,
        "capabilities": [],
        **extra,
    }
