"""Conventions every provider and generator shares about an ``AppSpec``.

The spec writer names UI components and the code generator, mockup renderer and video maker all need to know
what a component shows; the API endpoints listed in a spec must be the ones the generated backend serves.
Both are decided here, once.

Component names:
- ``Dashboard``: KPIs and charts over every entity (``/api/stats``)
- ``<Entity>List``: a searchable table of one entity; ``<Entity>Form``: the create/edit form; ``<Entity>Detail``
- ``Login``: sign in / register (when auth is on); ``LiveFeed``: real-time updates over the WebSocket
- ``Settings``: app preferences; ``Home``: landing page with the app's features
Any other PascalCase name is a ``panel`` over the first entity.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .schemas import ApiEndpoint, AppSpec, Entity

ComponentKind = Literal["dashboard", "list", "form", "detail", "login", "live", "settings", "home", "panel"]
_SUFFIX_KINDS: tuple[tuple[str, ComponentKind], ...] = (
    ("List", "list"),
    ("Form", "form"),
    ("Detail", "detail"),
)
_FIXED_KINDS: dict[str, ComponentKind] = {
    "Dashboard": "dashboard",
    "Login": "login",
    "LiveFeed": "live",
    "Settings": "settings",
    "Home": "home",
}


@dataclass(frozen=True)
class ComponentInfo:
    name: str
    kind: ComponentKind
    entity: Entity | None

    @property
    def route(self) -> str:
        """The frontend route of the component's page."""
        return "/" if self.kind == "home" else "/" + "-".join(_split_words(self.name)).lower()


def _split_words(name: str) -> list[str]:
    words, current = [], ""
    for char in name:
        if char.isupper() and current:
            words.append(current)
            current = char
        else:
            current += char
    return [*words, current] if current else words


def describe_component(spec: AppSpec, name: str) -> ComponentInfo:
    if name in _FIXED_KINDS:
        entity = spec.entities[0] if _FIXED_KINDS[name] == "live" else None
        return ComponentInfo(name, _FIXED_KINDS[name], entity)
    by_name = {e.name: e for e in spec.entities}
    for suffix, kind in _SUFFIX_KINDS:
        if name.endswith(suffix) and name[: -len(suffix)] in by_name:
            return ComponentInfo(name, kind, by_name[name[: -len(suffix)]])
    return ComponentInfo(name, "panel", spec.entities[0])


def crud_endpoints(entity: Entity) -> list[ApiEndpoint]:
    base = f"/api/{entity.plural}"
    label = entity.name.lower()
    return [
        ApiEndpoint(method="GET", path=base, description=f"List {entity.plural} (?q= searches, ?skip=&limit=)"),
        ApiEndpoint(method="POST", path=base, description=f"Create a {label}"),
        ApiEndpoint(method="GET", path=f"{base}/{{id}}", description=f"Fetch one {label}"),
        ApiEndpoint(method="PUT", path=f"{base}/{{id}}", description=f"Update a {label}"),
        ApiEndpoint(method="DELETE", path=f"{base}/{{id}}", description=f"Delete a {label}"),
    ]


def derive_endpoints(spec: AppSpec) -> list[ApiEndpoint]:
    """The endpoints the generated backend serves for this spec, in a stable order."""
    endpoints = [ApiEndpoint(method="GET", path="/api/health", description="Health check")]
    if spec.auth.enabled:
        endpoints += [
            ApiEndpoint(method="POST", path="/api/auth/register", description="Create an account"),
            ApiEndpoint(method="POST", path="/api/auth/login", description="User authentication (JWT)"),
            ApiEndpoint(method="GET", path="/api/auth/me", description="The signed-in user"),
        ]
    for entity in spec.entities:
        endpoints += crud_endpoints(entity)
    if spec.dashboard:
        endpoints.append(ApiEndpoint(method="GET", path="/api/stats", description="Counts and series for charts"))
    if spec.realtime:
        endpoints.append(ApiEndpoint(method="WS", path="/ws/updates", description="Live create/update/delete events"))
    return endpoints
