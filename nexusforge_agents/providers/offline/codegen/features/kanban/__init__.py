"""``kanban``: a board with a column per choice of a status field. ``GET /api/<plural>/board`` answers the
columns in choice order with their rows, ``POST /api/<plural>/{id}/move`` moves a row to another column; the
component is the board with move buttons on each card."""

from __future__ import annotations

from typing import Any, ClassVar

from ......schemas import AppSpec, Entity, EntityField
from ...fields import choices_of, title_field
from ..base import FeatureImpl, FeatureTarget


class Impl(FeatureImpl):
    kind = "kanban"
    element_kinds: ClassVar[tuple[str, ...]] = ("kanban",)

    def default_field(self, entity: Entity) -> EntityField | None:
        return next((f for f in entity.fields if choices_of(f)), None)

    def field_problem(self, entity: Entity, field: EntityField | None) -> str | None:
        if field is None or not choices_of(field):
            return f"{entity.name} has no field with choices to make the board's columns from"
        return None

    def endpoints(self, spec: AppSpec, target: FeatureTarget) -> list[str]:
        return [f"GET {target.api}/board", f"POST {target.api}/{{id}}/move"]

    def context(self, spec: AppSpec, target: FeatureTarget) -> dict[str, Any]:
        assert target.field is not None and target.entity is not None
        title = title_field(target.entity)
        return {"choices": choices_of(target.field), "title_field": title}
