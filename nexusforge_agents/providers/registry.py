"""One registry resolves model ids (``offline``, ``gemini:<model>``, ``litellm:<route>``) to capabilities.

Providers register a factory under a prefix. Integrations are imported only when their prefix is resolved,
so ``import nexusforge_agents`` never pulls in an SDK.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..config import AGENTS, Settings
from ..context import Capability
from ..errors import InvalidInputError, ModelUnavailableError

if TYPE_CHECKING:
    from ..config import BuildConfig

ProviderFactory = Callable[[str, Capability, Settings], Any]
"""(model name after the prefix, capability, settings) -> an object implementing the capability."""

_FACTORIES: dict[str, ProviderFactory] = {}
_BUILTIN_MODULES = {"offline": ".offline", "gemini": ".gemini", "litellm": ".litellm_provider", "jules": ".jules"}


def register_provider(prefix: str, factory: ProviderFactory) -> None:
    """Make ``prefix:<model>`` (or bare ``prefix``) resolvable."""
    _FACTORIES[prefix] = factory


def split_model_id(model_id: str) -> tuple[str, str]:
    prefix, _, name = model_id.partition(":")
    return prefix.strip(), name.strip()


def check_model_id(model_id: str) -> None:
    """Fail fast on a model id whose provider does not exist (without importing any SDK)."""
    prefix, _ = split_model_id(model_id)
    if prefix not in _FACTORIES and prefix not in _BUILTIN_MODULES:
        _factory(prefix)


class ModelNotConfiguredError(ModelUnavailableError):
    """A build names a model this installation cannot call (extra or credentials missing): refused before it
    starts, as a request error (400) rather than an outage (503)."""

    status_code = 400


EXTRA_MODULES = {"gemini": ("google.genai", "langchain_google_genai"), "litellm": ("litellm",)}
"""The modules each real provider's extra installs, found without importing them."""
LOCAL_SERVERS = frozenset({"ollama"})


def check_available(config: BuildConfig, settings: Settings) -> None:
    """Refuse a build whose models cannot run here, before anything starts: a provider whose extra is not
    installed, or whose credentials are not in the environment. An agent passes when any model of its chain
    (the model, then its fallbacks) can run; the error names the command or the variable that fixes it."""
    for agent in AGENTS:
        if agent == "video" and not config.enable_video_demo:
            continue
        chain = [config.model_for(agent, settings), *settings.fallbacks_for(agent)]
        problems = [problem for model_id in chain if (problem := model_problem(model_id))]
        if len(problems) == len(chain):
            message, details = problems[0]
            raise ModelNotConfiguredError(
                f"The {agent} agent's model {message}; or use 'offline', which needs no extra and no key.",
                details={"agent": agent, "model": chain[0], **details},
            )


def model_problem(model_id: str) -> tuple[str, dict[str, Any]] | None:
    """Why ``model_id`` cannot run in this process (a sentence and machine-readable details), or None."""
    check_model_id(model_id)
    prefix, name = split_model_id(model_id)
    if prefix == "jules":  # no extra to install: a REST API, a GitHub repository and their credentials
        from .jules import problem

        return problem()
    modules = EXTRA_MODULES.get(prefix)
    if modules is None:  # offline, or a provider registered by its own package: nothing more to know
        return None
    if any(importlib.util.find_spec(module) is None for module in modules):
        command = f'pip install -e ".[{prefix}]"'
        return (
            f"{model_id} needs the {prefix} extra, which is not installed: run {command} in a checkout "
            f'(or pip install "nexusforge-agents[{prefix}]")',
            {"extra": prefix, "install": command},
        )
    needed = _gemini_env(name) if prefix == "gemini" else _litellm_env(name)
    if needed is None:
        return None
    return f"{model_id} needs {needed} set in the environment", {"env_var": needed.split(" ")[0]}


def _gemini_env(name: str) -> str | None:
    from .gemini import developer_key, enterprise_configured, enterprise_requested, model_kind

    if model_kind(name) in ("imagen", "video") or enterprise_requested():
        if enterprise_configured():
            return None
        return "GOOGLE_CLOUD_PROJECT (with GOOGLE_GENAI_USE_VERTEXAI=true and application default credentials)"
    return None if developer_key() else "GEMINI_API_KEY (or GOOGLE_API_KEY)"


def _litellm_env(route: str) -> str | None:
    from .gemini import KEY_VARS
    from .litellm_provider import PROVIDER_ENV, missing_env

    provider = route.split("/", 1)[0]
    if provider == "gemini":
        return None if any(os.environ.get(var) for var in KEY_VARS) else "GEMINI_API_KEY (or GOOGLE_API_KEY)"
    if provider in LOCAL_SERVERS:
        return None  # a local model server: litellm has a default address, the variable only moves it
    if provider in PROVIDER_ENV:
        return None if os.environ.get(PROVIDER_ENV[provider]) else PROVIDER_ENV[provider]
    if "/" not in route:
        return None  # the factory refuses it with the right message when the build resolves it
    missing = missing_env(route)  # an unlisted provider: litellm knows what it needs
    return " or ".join(missing) if missing else None


def _factory(prefix: str) -> ProviderFactory:
    if prefix not in _FACTORIES and prefix in _BUILTIN_MODULES:
        import importlib

        importlib.import_module(_BUILTIN_MODULES[prefix], __package__).register()
    try:
        return _FACTORIES[prefix]
    except KeyError:
        known = sorted(set(_FACTORIES) | set(_BUILTIN_MODULES))
        raise InvalidInputError(
            f"Unknown model provider {prefix!r}; model ids look like {', '.join(k + ':...' for k in known)} "
            "or 'offline'."
        ) from None


def resolve(model_id: str, capability: Capability, settings: Settings) -> Any:
    """The object that performs ``capability`` with ``model_id``."""
    prefix, name = split_model_id(model_id)
    return _factory(prefix)(name, capability, settings)
