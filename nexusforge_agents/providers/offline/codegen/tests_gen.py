"""The generated app's own pytest suite: every endpoint of ``derive_endpoints(spec)`` is exercised, plus the
example rows; the feature library adds one test file per feature."""

from __future__ import annotations

from typing import Any

from ....schemas import AppSpec, Entity
from ....spec_conventions import derive_endpoints
from . import fields as F
from .render import render
from .storage import text_files


def suite_files(spec: AppSpec, extra_endpoints: list[tuple[str, str]]) -> dict[str, str]:
    endpoints = [(e.method, e.path) for e in derive_endpoints(spec)]
    endpoints += [e for e in extra_endpoints if e not in endpoints]
    files = {
        "pytest.ini": render("tests/pytest.ini.j2"),
        "tests/conftest.py": render(
            "tests/conftest.py.j2", auth=spec.auth.enabled, ancestors=_ancestors(spec), text_files=text_files(spec)
        ),
        "tests/test_app.py": render(
            "tests/test_app.py.j2", endpoints=endpoints, server=spec.frontend_style == "server"
        ),
    }
    for entity in spec.entities:
        files[f"tests/test_crud_{entity.plural}.py"] = crud_tests(spec, entity)
    if any(e.seed for e in spec.entities):
        counts = {e.plural: len(e.seed) for e in F.creation_order(spec) if e.seed}
        files["tests/test_seed.py"] = render("tests/test_seed.py.j2", counts=counts)
    if text_files(spec):
        files["tests/test_text_files.py"] = render("tests/test_text_files.py.j2", files=_text_file_cases(spec))
    if spec.auth.enabled:
        files["tests/test_auth_flow.py"] = render("tests/test_auth_flow.py.j2")
    if spec.dashboard:
        files["tests/test_stats.py"] = stats_tests(spec)
    if spec.realtime:
        entity = spec.entities[0]
        files["tests/test_live_updates.py"] = render(
            "tests/test_live_updates.py.j2",
            entity=entity,
            api=f"/api/{entity.plural}",
            first=F.sample_payload(entity, 0),
            second=F.sample_payload(entity, 1),
            has_parents=bool(F.ancestors(spec, entity)),
        )
    return files


def _ancestors(spec: AppSpec) -> dict[str, list[tuple[str, list[dict[str, Any]]]]]:
    return {
        entity.plural: [(a.plural, [F.sample_payload(a, 0), F.sample_payload(a, 1)]) for a in chain]
        for entity in spec.entities
        if (chain := F.ancestors(spec, entity))
    }


def crud_tests(spec: AppSpec, entity: Entity) -> str:
    return render(
        "tests/test_crud.py.j2",
        entity=entity,
        api=f"/api/{entity.plural}",
        first=F.sample_payload(entity, 0),
        second=F.sample_payload(entity, 1),
        invalid=[(f.name, F.invalid_value(f)) for f in entity.fields],
        search=F.search_probe(entity),
        required=sorted(f.name for f in entity.fields if f.required),
        auth=spec.auth.enabled,
        owned=entity.owned and spec.auth.enabled,
        has_parents=bool(F.ancestors(spec, entity)),
    )


def stats_tests(spec: AppSpec) -> str:
    samples = []
    for e in F.creation_order(spec):
        first, second = F.sample_payload(e, 0), F.sample_payload(e, 1)
        sums = {f.name: float(first[f.name] + second[f.name]) for f in F.numeric(e)}
        samples.append((e.plural, first, second, sums))
    return render("tests/test_stats.py.j2", samples=samples)


def _text_file_cases(spec: AppSpec) -> list[dict[str, Any]]:
    cases = []
    for data_file in text_files(spec):
        entity = spec.entity(data_file["model"])
        assert entity is not None
        cases.append(
            data_file
            | {
                "plural": entity.plural,
                "first": F.sample_payload(entity, 0),
                "second": F.sample_payload(entity, 1),
                "has_parents": bool(F.ancestors(spec, entity)),
            }
        )
    return cases
