"""``notifications``: a notice on whatever page is open when someone creates, changes or deletes a row. The
WebSocket ``/ws/updates`` (core, switched on by this feature) carries the events, the component shows each as a
toast on the feature's pages (the first page when it names none); ``tests/test_live_updates.py`` checks that
every client hears every change."""

from __future__ import annotations

from ......schemas import AppSpec, Entity, Feature, Page
from ..base import FeatureImpl, FeatureTarget


class Impl(FeatureImpl):
    kind = "notifications"
    needs_entity = False

    def pages(self, spec: AppSpec, feature: Feature, entity: Entity | None) -> list[Page]:
        named = [p for name in feature.pages if (p := spec.page(name)) is not None]
        return named or spec.pages[:1]

    def endpoints(self, spec: AppSpec, target: FeatureTarget) -> list[str]:
        return ["WS /ws/updates"]

    def test_modules(self, spec: AppSpec, target: FeatureTarget) -> list[str]:
        return ["tests/test_live_updates.py"]
