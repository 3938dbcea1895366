"""``live_feed``: every create, update and delete pushed to the open pages as it happens. The app's WebSocket
``/ws/updates`` (core, switched on by this feature) carries it; the spec's live page shows the feed;
``tests/test_live_updates.py`` checks that every client hears every change."""

from __future__ import annotations

from ......schemas import AppSpec, Entity, Feature, Page
from ..base import Contribution, FeatureImpl, FeatureTarget


class Impl(FeatureImpl):
    kind = "live_feed"
    needs_entity = False
    page_kinds = ("live",)

    def pages(self, spec: AppSpec, feature: Feature, entity: Entity | None) -> list[Page]:
        named = [p for name in feature.pages if (p := spec.page(name)) is not None]
        return named or [p for p in spec.pages if p.kind == "live"][:1]

    def not_buildable(self, spec: AppSpec, feature: Feature) -> str | None:
        return None if self.pages(spec, feature, None) else "the spec has no live page to show the feed on"

    def contribute(self, spec: AppSpec, target: FeatureTarget) -> Contribution:
        return Contribution(endpoints=["WS /ws/updates"], test_modules=["tests/test_live_updates.py"])
