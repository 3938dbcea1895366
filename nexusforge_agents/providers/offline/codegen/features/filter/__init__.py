"""``filter``: narrow an entity's list to the rows whose field has one value. ``GET /api/<plural>?<field>=``
carries it (a reference field's filter is the core one); the component is a select (or a text box for free-form
fields) that puts the value in the page's address, which the list on the page reads."""

from __future__ import annotations

from typing import Any, ClassVar

from ......schemas import AppSpec, Entity, EntityField, Page
from ...fields import choices_of
from ..base import FeatureImpl, FeatureTarget, ListHook

_PARAM_TYPES = {"integer": "int", "float": "float", "boolean": "bool", "date": "dt.date", "datetime": "dt.datetime"}


class Impl(FeatureImpl):
    kind = "filter"
    element_actions: ClassVar[tuple[str, ...]] = ("filter",)

    def default_field(self, entity: Entity) -> EntityField | None:
        return next(
            (f for f in entity.fields if choices_of(f)),
            next((f for f in entity.fields if f.type == "boolean" or f.references), None),
        )

    def field_problem(self, entity: Entity, field: EntityField | None) -> str | None:
        if field is None:
            return f"{entity.name} has no field to filter by (no field with choices, no yes/no field, no reference)"
        if field.type in ("text", "password"):
            return f"{entity.name}.{field.name} is free text: search it instead of filtering by it"
        return None

    def element_for(self, page: Page) -> str | None:
        return next((e.id for e in page.elements if e.action == "filter"), None)

    def endpoints(self, spec: AppSpec, target: FeatureTarget) -> list[str]:
        return [f"GET {target.api}"]

    def list_hook(self, spec: AppSpec, target: FeatureTarget) -> ListHook | None:
        field, entity = target.field, target.entity
        assert field is not None and entity is not None
        if field.references:
            return None  # the core list endpoint filters by every reference field already
        kind = "str" if choices_of(field) else _PARAM_TYPES.get(field.type, "str")
        name = f"filter_{field.name}"
        return ListHook(
            params=[
                f'{name}: Annotated[{kind} | None, Query(alias="{field.name}", description="Only rows with this '
                f'{field.name}")] = None'
            ],  # fmt: skip
            clauses=[f"if {name} is not None:\n    query = query.where(models.{entity.name}.{field.name} == {name})"],
        )

    def context(self, spec: AppSpec, target: FeatureTarget) -> dict[str, Any]:
        field = target.field
        assert field is not None
        parent = spec.entity(field.references) if field.references else None
        return {"choices": choices_of(field) or [], "parent": parent}
