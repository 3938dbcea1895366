"""``status_toggle``: mark a row done (or move it to its next status) in one click.
``POST /api/<plural>/{id}/toggle`` flips a yes/no field, or moves a field with choices to its next choice (the
last wraps to the first); the component lists the rows with a button each."""

from __future__ import annotations

from typing import Any, ClassVar

from ......schemas import AppSpec, Entity, EntityField
from ...fields import choices_of, title_field
from ..base import FeatureImpl, FeatureTarget

_DONE_WORDS = ("done", "complete", "completed", "finished", "closed", "resolved")


class Impl(FeatureImpl):
    kind = "status_toggle"
    element_actions: ClassVar[tuple[str, ...]] = ("toggle",)

    def default_field(self, entity: Entity) -> EntityField | None:
        flags = [f for f in entity.fields if f.type == "boolean"]
        statuses = [f for f in entity.fields if choices_of(f)]
        done = [f for f in statuses if any(c.lower() in _DONE_WORDS for c in f.choices or [])]
        return next(iter(flags + done + statuses), None)

    def field_problem(self, entity: Entity, field: EntityField | None) -> str | None:
        if field is None or not (field.type == "boolean" or choices_of(field)):
            return f"{entity.name} has no yes/no field and no status field with choices to toggle"
        return None

    def endpoints(self, spec: AppSpec, target: FeatureTarget) -> list[str]:
        return [f"POST {target.api}/{{id}}/toggle"]

    def context(self, spec: AppSpec, target: FeatureTarget) -> dict[str, Any]:
        assert target.entity is not None and target.field is not None
        title = title_field(target.entity)
        return {"choices": choices_of(target.field) or [], "title_field": title}
