"""The generated FastAPI backend: database, models, schemas, one CRUD router per entity, auth, stats, live
updates, and the routers of the feature library's backend parts."""

from __future__ import annotations

from typing import Any

from ....schemas import AppSpec, Entity
from . import fields as F
from .accounts import AUTH_MODEL, AUTH_TABLE, OWNER_COLUMN, auth_roles, owned
from .features import FeaturePlan
from .naming import snake
from .render import render
from .storage import text_files


def backend_files(spec: AppSpec, plan: FeaturePlan) -> dict[str, str]:
    files = {
        "backend/__init__.py": render("backend/package.py.j2", doc=f"The backend of {spec.name}."),
        "backend/database.py": render(
            "backend/database.py.j2",
            spec=spec,
            seeds=F.seed_rows(spec),
            renames=[(r.table, r.column, r.to) for r in spec.storage.renames],
        ),
        "backend/models.py": render("backend/models.py.j2", spec=spec, models=_models(spec)),
        "backend/schemas.py": schemas_py(spec),
        "backend/main.py": render(
            "backend/main.py.j2",
            spec=spec,
            feature_routers=_routers(plan),
            has_seeds=any(e.seed for e in spec.entities),
            text_files=bool(text_files(spec)),
        ),
        "backend/routers/__init__.py": render("backend/package.py.j2", doc="One router per resource."),
    }
    if _routers(plan):
        files["backend/access.py"] = render(
            "backend/access.py.j2", owned=[e.name for e in spec.entities if owned(spec, e)]
        )
        files["backend/features/__init__.py"] = render("backend/package.py.j2", doc="The feature library's routers.")
    for entity in spec.entities:
        files[f"backend/routers/{entity.plural}.py"] = router_py(spec, entity, plan)
    if spec.auth.enabled:
        roles, admin, default = auth_roles(spec)
        files["backend/auth.py"] = render(
            "backend/auth.py.j2", spec=spec, roles=roles, admin_role=admin, default_role=default
        )
    if spec.dashboard:
        tracked = [(e.plural, e.name, tuple(f.name for f in F.numeric(e))) for e in spec.entities]
        files["backend/routers/stats.py"] = render("backend/stats.py.j2", tracked=tracked)
    if spec.realtime:
        files["backend/realtime.py"] = render("backend/realtime.py.j2")
    if text_files(spec):
        files["backend/textfiles.py"] = render("backend/textfiles.py.j2", files=text_files(spec))
    return files


def _routers(plan: FeaturePlan) -> list[str]:
    return [module for planned in plan.built for module in planned.contribution.routers]  # type: ignore[union-attr]


def _models(spec: AppSpec) -> list[dict[str, Any]]:
    models = [
        {
            "name": e.name,
            "table": e.plural,
            "doc": e.description or f"A {F.entity_labels(e)[0].lower()} of {spec.name}",
            "columns": [F.sa_mapped(f, spec) for f in e.fields] + (OWNER_COLUMN if owned(spec, e) else []),
        }
        for e in spec.entities
    ]
    if spec.auth.enabled:
        models.append(
            {
                "name": AUTH_MODEL,
                "table": AUTH_TABLE,
                "doc": "An account that can sign in (see auth.py)",
                "columns": [
                    "email: orm.Mapped[str] = orm.mapped_column(sa.String(255), unique=True, index=True)",
                    "password_hash: orm.Mapped[str] = orm.mapped_column(sa.String(255))",
                    *(["role: orm.Mapped[str] = orm.mapped_column(sa.String(64))"] if spec.roles else []),
                ],
            }
        )
    return models


def schemas_py(spec: AppSpec) -> str:
    all_fields = [f for e in spec.entities for f in e.fields]
    entities = [
        {
            "name": e.name,
            "plural": e.plural,
            "label": F.entity_labels(e)[0].lower(),
            "lines": [F.pydantic_line(f) for f in e.fields],
            "owned": owned(spec, e),
        }
        for e in spec.entities
    ]
    uses = {kind for f in all_fields if not F.choices_of(f) for kind in (f.type,)}
    return render(
        "backend/schemas.py.j2",
        spec=spec,
        entities=entities,
        email_pattern=F.EMAIL_PATTERN if "email" in uses else "",
        url_pattern=F.URL_PATTERN if "url" in uses else "",
    )


def router_py(spec: AppSpec, entity: Entity, plan: FeaturePlan) -> str:
    hooks = [
        planned.contribution.list_hook
        for planned in plan.built
        if planned.contribution is not None
        and planned.contribution.list_hook is not None
        and planned.target.entity is not None
        and planned.target.entity.name == entity.name
    ]
    list_params = _unique(p for hook in hooks if hook for p in hook.params)
    return render(
        "backend/router.py.j2",
        spec=spec,
        entity=entity,
        one=snake(entity.name),
        auth=spec.auth.enabled,
        owned=owned(spec, entity),
        text_file=any(f["model"] == entity.name for f in text_files(spec)),
        live=spec.realtime,
        searchable=[f.name for f in F.searchable(entity)],
        references={f.name: f.references for f in entity.fields if f.references},
        list_params=list_params,
        # A list parameter typed with a date (a filter on a date field) needs the datetime module.
        dates=any("dt." in p for p in list_params),
        list_clauses=_unique(c for hook in hooks if hook for c in hook.clauses),
    )


def _unique(items: Any) -> list[str]:
    return list(dict.fromkeys(items))
