"""The offline code generator: an ``AppSpec`` in, the files of a runnable, tested app out.

The app is a FastAPI + SQLAlchemy backend serving ``spec_conventions.derive_endpoints(spec)`` plus the endpoints
of its features, pytest tests that exercise every one of them, a React + Vite + TypeScript frontend with a page
per page of the spec (its route, title and element ids), the feature library's parts for every spec feature
(``features/``), the claims (``features.json``: each feature built, with what shows it, or not built, with why),
and the README, requirements, Dockerfile and ignore files to run it. Every file comes from a Jinja2 template;
the Python is then laid out by ruff. Output is deterministic: the same spec always gives the same files.
"""

from __future__ import annotations

import json

from ....errors import InvalidInputError
from ....schemas import ApiEndpoint, AppSpec, AuthSpec, FeatureClaim
from ....spec_conventions import CLAIMS_FILE, derive_endpoints, ensure_pages
from .backend import AUTH_MODEL, AUTH_TABLE, backend_files
from .browser_tests import browser_test_files
from .features import FeaturePlan, claims_for, plan_features
from .frontend import frontend_files
from .frontend_pages import page_views
from .project import project_files
from .pyformat import format_python
from .server_ui import server_ui_files
from .tests_gen import suite_files

__all__ = ["CLAIMS_FILE", "generate_app", "prepare_spec"]

# Paths the API itself owns: an entity named like them would shadow a route.
_RESERVED_PLURALS = frozenset({"health", "auth", "stats", AUTH_TABLE})
# Names the generated models and schemas use inside class bodies, which a field of that name would shadow.
_RESERVED_FIELD_NAMES = frozenset({"dt", "sa", "orm", "utcnow"})
# The list endpoint's own query parameters, which a reference field's filter parameter would shadow.
_LIST_PARAMETERS = frozenset({"q", "skip", "limit", "db", "sort", "order"})


def _check(spec: AppSpec) -> None:
    names = [e.name for e in spec.entities]
    plurals = [e.plural for e in spec.entities]
    problems = []
    if len(set(names)) != len(names) or len(set(plurals)) != len(plurals):
        problems.append(f"entity names and plurals must be unique (got {names} / {plurals})")
    problems += [f"entity plural {p!r} is a path the API reserves" for p in plurals if p in _RESERVED_PLURALS]
    problems += [f"entity name {AUTH_MODEL!r} is reserved for accounts" for n in names if n == AUTH_MODEL]
    problems += [
        f"field {e.name}.{f.name} uses a name the generated code reserves ({sorted(_RESERVED_FIELD_NAMES)})"
        for e in spec.entities
        for f in e.fields
        if f.name in _RESERVED_FIELD_NAMES
    ]
    problems += [
        f"reference field {e.name}.{f.name} is named like a query parameter of the list endpoint"
        for e in spec.entities
        for f in e.fields
        if f.references and f.name in _LIST_PARAMETERS
    ]
    problems += [
        f"{e.name}.{f.name} is a required reference to {e.name} itself: no first row could ever be stored"
        for e in spec.entities
        for f in e.fields
        if f.references == e.name and f.required
    ]
    if problems:
        raise InvalidInputError("The specification cannot be turned into code: " + "; ".join(problems) + ".")


def prepare_spec(spec: AppSpec) -> AppSpec:
    """The spec as the generator builds it: with a page model, and with accounts, the stats endpoint and live
    updates switched on when a feature of the spec needs them."""
    kinds = {f.kind for f in spec.features}
    updates: dict[str, object] = {}
    if "auth" in kinds and not spec.auth.enabled:
        updates["auth"] = AuthSpec(enabled=True, method=spec.auth.method)
    if "dashboard" in kinds and not spec.dashboard:
        updates["dashboard"] = True
    if kinds & {"live_feed", "notifications"} and not spec.realtime:
        updates["realtime"] = True
    return ensure_pages(spec.model_copy(update=updates) if updates else spec)


def endpoints_of(spec: AppSpec, plan: FeaturePlan) -> list[ApiEndpoint]:
    """Every endpoint the app serves: the core ones, then those the features add, each once."""
    endpoints = derive_endpoints(spec)
    seen = {(e.method, e.path) for e in endpoints}
    for planned in plan.built:
        assert planned.contribution is not None
        for endpoint in planned.contribution.endpoints:
            method, _, path = endpoint.partition(" ")
            path = path.split("?")[0]  # a claim may name the query it uses; the route is the path
            if (method, path) not in seen:
                seen.add((method, path))
                endpoints.append(ApiEndpoint.model_validate({"method": method, "path": path,
                                                              "description": planned.target.feature.name}))  # fmt: skip
    return endpoints


def generate_app(spec: AppSpec) -> dict[str, str]:
    """Every file of the app for ``spec``: relative POSIX path -> text, in sorted path order."""
    return generate_app_with_claims(spec)[0]


def generate_app_with_claims(spec: AppSpec) -> tuple[dict[str, str], list[FeatureClaim]]:
    """The app's files and the claims made about its features (also written to ``features.json``)."""
    spec = prepare_spec(spec)
    _check(spec)
    plan = plan_features(spec)
    endpoints = endpoints_of(spec, plan)
    files = {
        **backend_files(spec, plan),
        **suite_files(spec, [(e.method, e.path) for e in endpoints]),
        **(server_ui_files(spec, plan) if spec.frontend_style == "server" else frontend_files(spec, plan)),
        **browser_test_files(spec),
    }
    for planned in plan.built:
        assert planned.contribution is not None
        files |= {p: text for p, text in planned.contribution.files.items() if not p.startswith("frontend/")}
    claims = claims_for(plan, files)
    contributions = [p.contribution for p in plan.built if p.contribution is not None]
    files |= project_files(spec, page_views(spec, plan), claims, endpoints, contributions)
    files[CLAIMS_FILE] = json.dumps({"features": [c.model_dump() for c in claims]}, indent=2, ensure_ascii=False) + "\n"
    return dict(sorted(format_python(files).items())), claims
