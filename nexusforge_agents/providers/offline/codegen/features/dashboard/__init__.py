"""``dashboard``: totals, numeric sums and a chart of rows added per day for every entity. ``GET /api/stats``
(core, switched on by this feature) carries it; the spec's dashboard page shows the numbers and charts;
``tests/test_stats.py`` checks them."""

from __future__ import annotations

from ......schemas import AppSpec, Entity, Feature, Page
from ..base import Contribution, FeatureImpl, FeatureTarget


class Impl(FeatureImpl):
    kind = "dashboard"
    needs_entity = False
    page_kinds = ("dashboard",)

    def not_buildable(self, spec: AppSpec, feature: Feature) -> str | None:
        if not self.pages(spec, feature, None):
            return "the spec has no dashboard page to show it on"
        return None

    def pages(self, spec: AppSpec, feature: Feature, entity: Entity | None) -> list[Page]:
        named = [p for name in feature.pages if (p := spec.page(name)) is not None]
        return named or [p for p in spec.pages if p.kind == "dashboard"][:1]

    def contribute(self, spec: AppSpec, target: FeatureTarget) -> Contribution:
        return Contribution(endpoints=["GET /api/stats"], test_modules=["tests/test_stats.py"])
