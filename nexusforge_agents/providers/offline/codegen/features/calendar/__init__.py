"""``calendar``: rows on a month grid by a date field. ``GET /api/<plural>/calendar?month=YYYY-MM`` answers the
month's rows by day; the component is the month grid with previous/next buttons."""

from __future__ import annotations

from typing import ClassVar

from ......schemas import AppSpec, Entity, EntityField
from ..base import FeatureImpl, FeatureTarget


class Impl(FeatureImpl):
    kind = "calendar"
    element_kinds: ClassVar[tuple[str, ...]] = ("calendar",)

    def default_field(self, entity: Entity) -> EntityField | None:
        return next((f for f in entity.fields if f.type in ("date", "datetime")), None)

    def field_problem(self, entity: Entity, field: EntityField | None) -> str | None:
        if field is None or field.type not in ("date", "datetime"):
            return f"{entity.name} has no date field to place its rows on a calendar"
        return None

    def endpoints(self, spec: AppSpec, target: FeatureTarget) -> list[str]:
        return [f"GET {target.api}/calendar"]
