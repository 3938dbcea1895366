"""One page per UI component, by the kind ``spec_conventions.describe_component`` gives it.

Entity pages (list, form, detail, panel) are thin wrappers over the shared components with the entity's
resource, fields and the routes of its sibling pages; the fixed pages (dashboard, login, live feed, settings,
home) are templates, in the variant the spec's features call for.
"""

from __future__ import annotations

import json
import re

from ....schemas import AppSpec, Entity
from ....spec_conventions import ComponentInfo, describe_component
from . import fields as F
from .templating import load, render

_SHARED = {
    "list": "EntityTable",
    "form": "EntityForm",
    "detail": "EntityDetail",
    "panel": "EntityCards",
}


def pages_of(spec: AppSpec) -> list[tuple[ComponentInfo, str]]:
    """(component, navigation label) for every page; a Login page is added when auth is on and none is listed."""
    names = list(spec.ui_components)
    if spec.auth.enabled and not any(describe_component(spec, n).kind == "login" for n in names):
        names.append("Login")
    infos = [describe_component(spec, name) for name in names]
    return [(info, "Sign in" if info.kind == "login" else _words(info.name)) for info in infos]


def _words(name: str) -> str:
    """'RecipeList' -> 'Recipe list'."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).capitalize()


def _sibling_routes(spec: AppSpec, entity: Entity) -> dict[str, str]:
    """kind -> route of the entity's list, form and detail pages that exist."""
    routes = {}
    for name in spec.ui_components:
        info = describe_component(spec, name)
        if info.entity is not None and info.entity.name == entity.name and info.kind in ("list", "form", "detail"):
            routes.setdefault(info.kind, info.route)
    return routes


def _entity_page(spec: AppSpec, info: ComponentInfo) -> str:
    entity = info.entity
    assert entity is not None
    one, many = F.entity_labels(entity)
    siblings = _sibling_routes(spec, entity)
    props: dict[str, str] = {
        "list": {"title": many},
        "form": {"title": one},
        "detail": {"title": one},
        "panel": {"title": _words(info.name), "subtitle": f"The latest {many.lower()}, newest first."},
    }[info.kind]
    wanted = {"list": ("form", "detail"), "form": ("list", "detail"), "detail": ("form", "list"), "panel": ("detail",)}
    links = {f"{kind}Route": siblings[kind] for kind in wanted[info.kind] if kind in siblings}
    component = _SHARED[info.kind]
    attributes = [f"{key}={{{json.dumps(value, ensure_ascii=False)}}}" for key, value in props.items()]
    attributes += [f"resource={{api.{entity.plural}}}", f"fields={{entityFields.{entity.plural}}}"]
    attributes += [f'{key}="{route}"' for key, route in links.items()]
    description = {
        "list": f"The searchable table of {many.lower()}.",
        "form": f"Create or edit a {one.lower()}.",
        "detail": f"One {one.lower()} in full.",
        "panel": f"{_words(info.name)}: a panel over the latest {many.lower()}.",
    }[info.kind]
    body = "".join(f"      {attribute}\n" for attribute in attributes)
    return f"""// {description}
import {{ api, entityFields }} from "../api";
import {{ {component} }} from "../components/{component}";

export default function {info.name}Page() {{
  return (
    <{component}
{body}    />
  );
}}
"""


def _fixed_page(spec: AppSpec, info: ComponentInfo) -> str:
    if info.kind == "login":
        return load("frontend/pages/Login.tsx" if spec.auth.enabled else "frontend/pages/LoginDisabled.tsx")
    if info.kind == "live":
        if spec.realtime:
            return load("frontend/pages/LiveFeed.tsx")
        entity = spec.entities[0]
        return render("frontend/pages/LiveFeedPolling.tsx", PLURAL=entity.plural, LABEL=F.label(entity.plural).lower())
    return load(f"frontend/pages/{info.name}.tsx")


def page_files(spec: AppSpec) -> dict[str, str]:
    """The pages plus the shared components and chart code they use."""
    files: dict[str, str] = {}
    shared: set[str] = set()
    for info, _ in pages_of(spec):
        if info.kind in _SHARED:
            files[f"frontend/src/pages/{info.name}.tsx"] = _entity_page(spec, info)
            shared.add(_SHARED[info.kind])
        else:
            files[f"frontend/src/pages/{info.name}.tsx"] = _fixed_page(spec, info)
            if info.kind == "dashboard":
                shared.add("Charts")
    for name in sorted(shared):
        files[f"frontend/src/components/{name}.tsx"] = load(f"frontend/components/{name}.tsx")
    return files
