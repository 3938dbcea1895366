"""``crud``: create, list, read, update and delete one entity. The core generator writes its router, form and
list pages and the test module ``tests/test_crud_<plural>.py``; this kind claims them."""

from __future__ import annotations

from typing import ClassVar

from ......schemas import AppSpec, Entity, Feature, Page
from ......spec_conventions import crud_endpoints
from ..base import Contribution, FeatureImpl, FeatureTarget


class Impl(FeatureImpl):
    kind = "crud"
    page_kinds: ClassVar[tuple[str, ...]] = ("list", "form", "detail")

    def pages(self, spec: AppSpec, feature: Feature, entity: Entity | None) -> list[Page]:
        named = super().pages(spec, feature, entity)
        own = [p for p in spec.pages if entity is not None and p.entity == entity.name]
        return named if feature.pages else (own or named)

    def contribute(self, spec: AppSpec, target: FeatureTarget) -> Contribution:
        assert target.entity is not None
        return Contribution(
            endpoints=[f"{e.method} {e.path}" for e in crud_endpoints(target.entity)],
            test_modules=[f"tests/test_crud_{target.entity.plural}.py"],
        )
