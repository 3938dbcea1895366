"""``relation``: a row belongs to a row of another entity. The reference field is a foreign key (a missing
parent is refused with 422; deleting a parent deletes its required children and unlinks optional ones), the
form picks the parent from a select, ``GET /api/<children>?<field>=<id>`` lists a parent's children, and the
parent's detail page shows them."""

from __future__ import annotations

from typing import Any

from ......schemas import AppSpec, Entity, EntityField, Feature, Page
from ..base import FeatureImpl, FeatureTarget


class Impl(FeatureImpl):
    kind = "relation"
    page_kinds = ("form",)

    def default_field(self, entity: Entity) -> EntityField | None:
        return next((f for f in entity.fields if f.references), None)

    def field_problem(self, entity: Entity, field: EntityField | None) -> str | None:
        if field is None or not field.references:
            return f"{entity.name} has no reference field to another entity"
        return None

    def pages(self, spec: AppSpec, feature: Feature, entity: Entity | None) -> list[Page]:
        pages = super().pages(spec, feature, entity)
        if entity is not None and not feature.pages:
            field = self.pick_field(spec, entity, feature)
            parent = field.references if field else None
            pages += [p for p in spec.pages if p.kind == "detail" and p.entity == parent]
        return pages

    def endpoints(self, spec: AppSpec, target: FeatureTarget) -> list[str]:
        assert target.field is not None
        return [f"GET {target.api}?{target.field.name}={{id}}", f"POST {target.api}"]

    def context(self, spec: AppSpec, target: FeatureTarget) -> dict[str, Any]:
        assert target.field is not None and target.field.references
        parent = spec.entity(target.field.references)
        assert parent is not None
        return {"parent": parent}
