"""One registry resolves model ids (``offline``, ``gemini:<model>``, ``litellm:<route>``) to capabilities.

Providers register a factory under a prefix. Integrations are imported only when their prefix is resolved,
so ``import nexusforge_agents`` never pulls in an SDK.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..config import Settings
from ..errors import InvalidInputError
from .base import Capability

ProviderFactory = Callable[[str, Capability, Settings], Any]
"""(model name after the prefix, capability, settings) -> an object implementing the capability."""

_FACTORIES: dict[str, ProviderFactory] = {}
_BUILTIN_MODULES = {"offline": ".offline", "gemini": ".gemini", "litellm": ".litellm_provider"}


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
