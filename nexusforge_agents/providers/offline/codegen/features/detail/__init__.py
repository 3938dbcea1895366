"""``detail``: one row in full on its own page (``?id=``), with the rows of other entities that point at it.
``GET /api/<plural>/{id}`` carries it; the page is the entity's detail page of the spec."""

from __future__ import annotations

from ......schemas import AppSpec, Feature
from ..base import FeatureImpl, FeatureTarget, pick_entity


class Impl(FeatureImpl):
    kind = "detail"
    page_kinds = ("detail",)

    def not_buildable(self, spec: AppSpec, feature: Feature) -> str | None:
        problem = super().not_buildable(spec, feature)
        entity = pick_entity(spec, feature)
        if problem or entity is None:
            return problem
        if not any(p.kind == "detail" and p.entity == entity.name for p in spec.pages):
            return f"the spec has no detail page for {entity.name}"
        return None

    def endpoints(self, spec: AppSpec, target: FeatureTarget) -> list[str]:
        return [f"GET {target.api}/{{id}}"]
