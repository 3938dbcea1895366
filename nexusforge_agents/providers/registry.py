"""One registry resolves model ids (``offline``, ``gemini:<model>``, ``litellm:<route>``, ``<plugin>:<model>``) to
capabilities.

Providers are found through the ``nexusforge_agents.providers`` entry-point group, as ``llm`` plugins are: each
entry point is named after its model-id prefix and points at a ``ProviderSpec``. The built-in providers are
declared the same way in this package's pyproject.toml, so a third-party package that declares one is found by
``nexusforge models``, the API and every build with no other step. A provider's module is imported only when its
prefix is resolved (or the catalog is listed), and no provider imports an SDK before a model is called.
"""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from importlib.metadata import EntryPoint, entry_points
from typing import TYPE_CHECKING, Any, Literal, overload

from ..config import MODEL_AGENTS, AgentName, Settings
from ..context import Capability
from ..errors import InvalidInputError, ModelUnavailableError
from .base import (
    CAPABILITY_PROTOCOLS,
    CodeReviewer,
    CodeWriter,
    MockupPainter,
    ModelProblem,
    ProviderFactory,
    ProviderSpec,
    SpecWriter,
    VideoMaker,
)

if TYPE_CHECKING:
    from ..config import BuildConfig

ENTRY_POINT_GROUP = "nexusforge_agents.providers"
OWN_DISTRIBUTION = "nexusforge-agents"
EMBEDDED_DEFAULT = "offline"

_in_process: dict[str, ProviderSpec] = {}
_loaded: dict[str, ProviderSpec] = {}


class ModelNotConfiguredError(ModelUnavailableError):
    """A build names a model this installation cannot call (extra or credentials missing, or its provider package
    is broken): refused before it starts, as a request error (400) rather than an outage (503)."""

    status_code = 400


def register_provider(prefix: str, factory: ProviderFactory) -> None:
    """Make ``prefix:<model>`` resolvable in this process only (tests and embedding programs); a provider meant
    for other processes (a server, its workers, the CLI) declares an entry point instead."""
    _in_process[prefix] = ProviderSpec(prefix=prefix, summary="registered in this process", factory=factory)


@cache
def _entry_points() -> dict[str, list[EntryPoint]]:
    """The group's entry points by name: the embedded default first, this package's others, then third parties'."""
    found: dict[str, list[EntryPoint]] = {}
    points = sorted(
        entry_points(group=ENTRY_POINT_GROUP),
        key=lambda ep: (_distribution(ep) != OWN_DISTRIBUTION, ep.name != EMBEDDED_DEFAULT, ep.name),
    )
    for point in points:
        same = found.setdefault(point.name, [])
        if all(other.value != point.value for other in same):
            same.append(point)
    return found


def _distribution(point: EntryPoint) -> str:
    return point.dist.name if point.dist is not None else "an unknown distribution"


def installed_prefixes() -> list[str]:
    """The prefixes of every installed provider package (entry points; in-process registrations are not listed)."""
    return list(_entry_points())


def provider(prefix: str) -> ProviderSpec:
    """The provider serving ``prefix:<model>``, loaded from its entry point on first use."""
    if prefix in _in_process:
        return _in_process[prefix]
    if prefix in _loaded:
        return _loaded[prefix]
    points = _entry_points().get(prefix)
    if not points:
        known = [*installed_prefixes(), *_in_process]
        if not known:
            raise InvalidInputError(
                f"Unknown model provider {prefix!r}: no provider is installed at all, so this package's own entry "
                f"points ({ENTRY_POINT_GROUP}) are missing; install it (pip install -e . in a checkout)."
            )
        raise InvalidInputError(
            f"Unknown model provider {prefix!r}; model ids look like "
            f"{', '.join(k + ':...' for k in known if k != 'offline')} or 'offline' (see `nexusforge models`)."
        )
    if len(points) > 1:
        sources = " and ".join(f"{_distribution(p)} ({p.value})" for p in points)
        raise ModelNotConfiguredError(
            f"Two installed packages declare the model provider {prefix!r}: {sources}; uninstall one.",
            retry_possible=False,
            details={"provider": prefix},
        )
    [point] = points
    source = _distribution(point)
    try:
        spec = point.load()
    except Exception as exc:  # a third-party module that fails to import is that package's fault, reported as such
        raise ModelNotConfiguredError(
            f"The model provider {prefix!r} from {source} failed to load ({point.value}): {type(exc).__name__}: {exc}",
            retry_possible=False,
            details={"provider": prefix, "distribution": source},
        ) from exc
    if not isinstance(spec, ProviderSpec) or spec.prefix != prefix:
        raise ModelNotConfiguredError(
            f"The entry point {prefix!r} of {source} ({point.value}) must name a ProviderSpec whose prefix is "
            f"{prefix!r} (see nexusforge_agents.providers.base.ProviderSpec).",
            retry_possible=False,
            details={"provider": prefix, "distribution": source},
        )
    _loaded[prefix] = spec.model_copy(update={"distribution": source})
    return _loaded[prefix]


def split_model_id(model_id: str) -> tuple[str, str]:
    prefix, _, name = model_id.partition(":")
    return prefix.strip(), name.strip()


def check_model_id(model_id: str) -> None:
    """Fail fast on a model id whose provider does not exist (without importing any SDK)."""
    provider(split_model_id(model_id)[0])


def check_available(config: BuildConfig, settings: Settings) -> None:
    """Refuse a build whose models cannot run here, before anything starts: a provider whose extra is not
    installed, or whose credentials are not in the environment. An agent passes when any model of its chain
    (the model, then its fallbacks) can run; the error names the command or the variable that fixes it."""
    for agent in MODEL_AGENTS:
        if agent == AgentName.VIDEO and not config.enable_video_demo:
            continue
        chain = [config.model_for(agent, settings), *settings.fallbacks_for(agent)]
        problems = [problem for model_id in chain if (problem := model_problem(model_id))]
        if len(problems) == len(chain):
            raise ModelNotConfiguredError(
                f"The {agent} agent's model {problems[0].message}; or use 'offline', which needs no extra and no key.",
                details={"agent": agent, "model": chain[0], **problems[0].details},
            )


def model_problem(model_id: str) -> ModelProblem | None:
    """Why ``model_id`` cannot run in this process (a sentence and machine-readable details), or None."""
    prefix, name = split_model_id(model_id)
    spec = provider(prefix)
    missing = [module for module in spec.requires if importlib.util.find_spec(module) is None]
    if missing and spec.extra:
        command = f'pip install -e ".[{spec.extra}]"'
        return ModelProblem(
            message=f"{model_id} needs the {spec.extra} extra, which is not installed: run {command} in a checkout "
            f'(or pip install "nexusforge-agents[{spec.extra}]")',
            details={"extra": spec.extra, "install": command},
        )
    if missing:
        command = f"pip install {spec.distribution}"
        return ModelProblem(
            message=f"{model_id} needs {', '.join(missing)}, which is not installed: run {command}",
            details={"install": command, "missing_modules": missing},
        )
    needed = spec.missing_env(name) if spec.missing_env else None
    if needed is None:
        return None
    return ModelProblem(
        message=f"{model_id} needs {needed} set in the environment",
        details={"env_var": re.split(r"[ ,]", needed, maxsplit=1)[0]},
    )


@overload
def resolve(model_id: str, capability: Literal[Capability.SPEC], settings: Settings) -> SpecWriter: ...
@overload
def resolve(model_id: str, capability: Literal[Capability.DESIGN], settings: Settings) -> MockupPainter: ...
@overload
def resolve(model_id: str, capability: Literal[Capability.VIDEO], settings: Settings) -> VideoMaker: ...
@overload
def resolve(model_id: str, capability: Literal[Capability.CODER], settings: Settings) -> CodeWriter: ...
@overload
def resolve(model_id: str, capability: Literal[Capability.OPTIMIZER], settings: Settings) -> CodeReviewer: ...
@overload
def resolve(model_id: str, capability: Capability, settings: Settings) -> Any: ...
def resolve(model_id: str, capability: Capability, settings: Settings) -> Any:
    """The object that performs ``capability`` with ``model_id``, checked against the capability's protocol."""
    expected = CAPABILITY_PROTOCOLS.get(capability)
    if expected is None:
        raise InvalidInputError(f"The {capability} agent runs tools, not a model: it has no model to resolve.")
    prefix, name = split_model_id(model_id)
    spec = provider(prefix)
    made = spec.factory(name, capability, settings)
    if not isinstance(made, expected):
        missing = [member for member in ("model_id", *_methods(expected)) if not hasattr(made, member)]
        raise ModelNotConfiguredError(
            f"{model_id} cannot be the {capability.value} agent's model: the provider {prefix!r} "
            f"({spec.distribution or 'registered in this process'}) made a {type(made).__name__} without "
            f"{', '.join(missing)} ({expected.__name__}, see nexusforge_agents.providers.base).",
            retry_possible=False,
            details={"model": model_id, "provider": prefix, "missing": missing},
        )
    return made


def _methods(protocol: type) -> list[str]:
    return [name for name, value in vars(protocol).items() if callable(value) and not name.startswith("_")]
