"""The generated React + Vite + TypeScript frontend: project files, the typed API client, styles and the app
shell; the pages themselves come from ``frontend_pages``."""

from __future__ import annotations

import json
from typing import Any

from ....schemas import AppSpec, Entity, EntityField
from . import fields as F
from .features import FeaturePlan
from .frontend_pages import PageView, page_files, page_views
from .render import render, ts

# Caret ranges that install and build on Node 20.19+ (checked with `npm install && npm run build`).
DEPENDENCIES = {"react": "^19.1.0", "react-dom": "^19.1.0", "react-router-dom": "^7.6.0"}
DEV_DEPENDENCIES = {
    "@types/react": "^19.1.0",
    "@types/react-dom": "^19.1.0",
    "@vitejs/plugin-react": "^5.0.0",
    "typescript": "^5.9.0",
    "vite": "^7.1.0",
}
TAILWIND_DEPENDENCIES = {"@tailwindcss/vite": "^4.1.0", "tailwindcss": "^4.1.0"}

_TSCONFIG = {
    "compilerOptions": {
        "target": "ES2022",
        "lib": ["ES2023", "DOM", "DOM.Iterable"],
        "module": "ESNext",
        "moduleResolution": "bundler",
        "jsx": "react-jsx",
        "strict": True,
        "noEmit": True,
        "isolatedModules": True,
        "skipLibCheck": True,
        "noUnusedLocals": True,
        "noUnusedParameters": True,
        "noFallthroughCasesInSwitch": True,
        "types": ["vite/client"],
    },
    "include": ["src"],
}
_LIB_FILES = ("lib/base.ts", "lib/store.ts", "lib/http.ts", "lib/fields.ts", "lib/title.ts")


def uses_tailwind(spec: AppSpec) -> bool:
    return "tailwind" in spec.styling.lower()


def frontend_files(spec: AppSpec, plan: FeaturePlan) -> dict[str, str]:
    views = page_views(spec, plan)
    files = {
        "frontend/package.json": package_json(spec, plan),
        "frontend/index.html": render("frontend/index.html.j2", spec=spec, title=views[0].page.title),
        "frontend/vite.config.ts": render("frontend/vite.config.ts.j2", spec=spec, tailwind=uses_tailwind(spec)),
        "frontend/tsconfig.json": json.dumps(_TSCONFIG, indent=2) + "\n",
        "frontend/src/vite-env.d.ts": '/// <reference types="vite/client" />\n',
        "frontend/src/main.tsx": render("frontend/main.tsx.j2"),
        "frontend/src/index.css": stylesheet(spec),
        "frontend/src/types.ts": render("frontend/types.ts.j2", entities=_types(spec)),
        "frontend/src/api.ts": api_ts(spec),
        "frontend/src/site.ts": render(
            "frontend/site.ts.j2",
            spec=spec,
            pages=_site_pages(spec, views),
            features=[p.target.feature.name for p in plan.built],
        ),
        "frontend/src/App.tsx": app_tsx(spec, views),
    }
    files |= {f"frontend/src/{name}": render(f"frontend/{name}.j2") for name in _LIB_FILES}
    files |= page_files(spec, plan, views)
    return files


def package_json(spec: AppSpec, plan: FeaturePlan) -> str:
    dev = DEV_DEPENDENCIES | (TAILWIND_DEPENDENCIES if uses_tailwind(spec) else {})
    dependencies = dict(DEPENDENCIES)
    for planned in plan.built:
        dependencies |= planned.contribution.npm if planned.contribution else {}
    package = {
        "name": spec.slug,
        "private": True,
        "version": "0.1.0",
        "type": "module",
        "engines": {"node": ">=20.19"},
        "scripts": {"dev": "vite", "build": "tsc && vite build", "preview": "vite preview"},
        "dependencies": dict(sorted(dependencies.items())),
        "devDependencies": dict(sorted(dev.items())),
    }
    return json.dumps(package, indent=2) + "\n"


def _on(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (WCAG relative luminance)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#111827" if luminance > 0.4 else "#ffffff"


def stylesheet(spec: AppSpec) -> str:
    colors = spec.colors
    return render(
        "frontend/tailwind.css.j2" if uses_tailwind(spec) else "frontend/plain.css.j2",
        background=colors.background,
        primary=colors.primary,
        text=colors.text,
        accent=colors.accent,
        on_primary=_on(colors.primary),
    )


def _types(spec: AppSpec) -> list[dict[str, Any]]:
    return [{"name": e.name, "fields": [(f.name, F.ts_type(f)) for f in e.fields]} for e in spec.entities]


def field_meta(spec: AppSpec, field: EntityField) -> str:
    """The TypeScript ``FieldMeta`` literal the shared components read."""
    meta: dict[str, object] = {
        "name": field.name,
        "label": field.label or F.label(field.name),
        "type": field.type,
        "required": field.required,
    }
    if F.choices_of(field):
        meta["choices"] = F.choices_of(field)
    if field.references and (parent := spec.entity(field.references)) is not None:
        meta["references"] = parent.plural
    if field.min is not None:
        meta["min"] = field.min
    if field.max is not None:
        meta["max"] = field.max
    return "{ " + ", ".join(f"{key}: {ts(value)}" for key, value in meta.items()) + " }"


def _children(spec: AppSpec, entity: Entity) -> list[dict[str, str]]:
    """The entities whose reference fields point at ``entity``: the detail page lists them."""
    return [
        {"plural": child.plural, "field": f.name, "label": F.entity_labels(child)[1]}
        for child in spec.entities
        for f in child.fields
        if f.references == entity.name
    ]


def api_ts(spec: AppSpec) -> str:
    entities = [
        {
            "plural": e.plural,
            "meta": [field_meta(spec, f) for f in e.fields],
            "one": F.entity_labels(e)[0],
            "many": F.entity_labels(e)[1],
            "children": _children(spec, e),
        }
        for e in spec.entities
    ]
    parts = ["app/frontend/api/auth.ts.j2"] if spec.auth.enabled else []
    parts.append("app/frontend/api/stats.ts.j2" if spec.dashboard else "app/frontend/api/stats_computed.ts.j2")
    parts += ["app/frontend/api/live.ts.j2"] if spec.realtime else []
    return render("frontend/api.ts.j2", spec=spec, entities=entities, parts=parts)


def _site_pages(spec: AppSpec, views: list[PageView]) -> list[dict[str, Any]]:
    return [
        {
            "name": v.page.name,
            "label": v.label,
            "route": v.page.route,
            "kind": v.page.kind,
            "nav": not (spec.auth.enabled and v.page.kind == "login") and "{" not in v.page.route,
        }
        for v in views
    ]


def app_tsx(spec: AppSpec, views: list[PageView]) -> str:
    login = next((v.page.route for v in views if v.page.kind == "login"), "/login")
    return render(
        "frontend/App.tsx.j2",
        spec=spec,
        pages=[v.page for v in views],
        has_home=any(v.page.route == "/" for v in views),
        login_route=login,
    )
