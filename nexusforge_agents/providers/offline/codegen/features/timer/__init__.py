"""``timer``: a live countdown to each row's date (a deadline, an event, an auction's end). ``GET
/api/<plural>/{id}/countdown`` answers the seconds left by the server's clock; the component ticks every second."""

from __future__ import annotations

from typing import Any, ClassVar

from ......schemas import AppSpec, Entity, EntityField
from ...fields import title_field
from ..base import FeatureImpl, FeatureTarget


class Impl(FeatureImpl):
    kind = "timer"
    element_kinds: ClassVar[tuple[str, ...]] = ("timer",)

    def default_field(self, entity: Entity) -> EntityField | None:
        return next((f for kind in ("datetime", "date") for f in entity.fields if f.type == kind), None)

    def field_problem(self, entity: Entity, field: EntityField | None) -> str | None:
        if field is None or field.type not in ("date", "datetime"):
            return f"{entity.name} has no date or time field to count down to"
        return None

    def endpoints(self, spec: AppSpec, target: FeatureTarget) -> list[str]:
        return [f"GET {target.api}/{{id}}/countdown"]

    def context(self, spec: AppSpec, target: FeatureTarget) -> dict[str, Any]:
        assert target.entity is not None
        title = title_field(target.entity)
        return {"title_field": title}
