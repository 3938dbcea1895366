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

from .appspec import ApiEndpoint, AppSpec, Element, ElementKind, Entity, EntityField, Page, PageKind

CLAIMS_FILE = "features.json"
"""The file in which a code writer lists the features it claims to have built (checked by graph/claims.py)."""
SPEC_FILE = "spec.json"
"""The file in the app's folder holding its specification as last written (a build's, a revision's)."""

ComponentKind = PageKind
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


def _kebab(name: str) -> str:
    return "-".join(_split_words(name)).lower()


def _label(name: str) -> str:
    return " ".join(_split_words(name)).capitalize()


def field_element_kind(field: EntityField) -> ElementKind:
    """The form control that edits a field of this type."""
    if field.choices or field.type == "reference":
        return "select"
    return _FIELD_CONTROLS.get(field.type, "input")


_FIELD_CONTROLS: dict[str, ElementKind] = {
    "text": "textarea",
    "integer": "number",
    "float": "number",
    "boolean": "checkbox",
    "date": "date",
    "datetime": "date",
    "email": "email",
    "password": "password",
}


def _default_elements(spec: AppSpec, info: ComponentInfo, routes: dict[str, str]) -> list[Element]:
    """What a page of this kind shows when the request said nothing more precise about it."""
    entity = info.entity
    if info.kind == "home":
        return [Element(id="app-title", kind="heading", label=spec.name), Element(id="features", kind="list")]
    if info.kind == "dashboard":
        return [Element(id="stats-cards", kind="list", label="Totals"), Element(id="stats-chart", kind="chart")]
    if info.kind == "login":
        return [
            Element(id="login-email", kind="email", label="Email"),
            Element(id="login-password", kind="password", label="Password"),
            Element(id="login-submit", kind="button", label="Sign in", action="submit"),
        ]
    if info.kind == "settings":
        return [Element(id="settings-form", kind="form", label="Preferences")]
    assert entity is not None
    one, many = _kebab(entity.name), entity.plural.replace("_", "-")
    if info.kind == "list":
        elements = [
            Element(id=f"search-{many}", kind="input", label="Search", action="search"),
            Element(id=f"{many}-table", kind="table", binds=entity.name),
        ]
        if "form" in routes.get(entity.name, {}):
            target = routes[entity.name]["form"]
            elements.append(Element(id=f"new-{one}", kind="link", label="New", action="navigate", target=target))
        return elements
    if info.kind == "form":
        controls = [
            Element(
                id=f"{one}-{field.name.replace('_', '-')}",
                kind=field_element_kind(field),
                label=field.label or field.name.replace("_", " ").capitalize(),
                binds=f"{entity.name}.{field.name}",
                options=list(field.choices or []),
            )
            for field in entity.fields
        ]
        return [*controls, Element(id=f"save-{one}", kind="button", label="Save", action="submit")]
    if info.kind == "detail":
        return [
            Element(id=f"{one}-detail", kind="text", binds=entity.name),
            Element(id=f"delete-{one}", kind="button", label="Delete", action="delete"),
        ]
    return [Element(id=f"{_kebab(info.name)}-items", kind="list", binds=entity.name)]


def ensure_pages(spec: AppSpec) -> AppSpec:
    """The spec with a page model: kept as written when it has one, else derived from its UI components."""
    if spec.pages:
        return spec
    infos = [describe_component(spec, name) for name in spec.ui_components]
    routes: dict[str, dict[str, str]] = {}
    for info in infos:
        if info.entity is not None and info.kind in ("list", "form", "detail"):
            routes.setdefault(info.entity.name, {}).setdefault(info.kind, info.route)
    pages = [
        Page(
            name=info.name,
            route=info.route,
            title=spec.name if info.kind == "home" else f"{_label(info.name)} | {spec.name}",
            kind=info.kind,
            entity=info.entity.name if info.entity is not None else None,
            elements=_default_elements(spec, info, routes),
        )
        for info in infos
    ]
    return spec.model_copy(update={"pages": pages})
