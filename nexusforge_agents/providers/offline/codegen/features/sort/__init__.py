"""``sort``: order an entity's list by a field, either way. ``GET /api/<plural>?sort=<field>`` (``-<field>`` for
descending) carries it, for every field of the entity; the component is a select that puts ``sort`` in the
page's address, which the list on the page reads."""

from __future__ import annotations

from typing import ClassVar

from ......schemas import AppSpec, Entity, EntityField
from ..base import FeatureImpl, FeatureTarget, ListHook


class Impl(FeatureImpl):
    kind = "sort"
    element_actions: ClassVar[tuple[str, ...]] = ("sort",)

    def default_field(self, entity: Entity) -> EntityField | None:
        preferred = ("date", "datetime", "integer", "float")
        return next((f for kind in preferred for f in entity.fields if f.type == kind), entity.fields[0])

    def endpoints(self, spec: AppSpec, target: FeatureTarget) -> list[str]:
        return [f"GET {target.api}"]

    def list_hook(self, spec: AppSpec, target: FeatureTarget) -> ListHook | None:
        entity = target.entity
        assert entity is not None
        names = "|".join(f.name for f in entity.fields)
        # The same hook for every sort feature of the entity, so two of them add one parameter.
        return ListHook(
            params=[
                f'sort: Annotated[str | None, Query(pattern="^-?({names})$", description="A field to order by; '
                '-field: descending")] = None'
            ],  # fmt: skip
            clauses=[
                "if sort:\n"
                f"    column = getattr(models.{entity.name}, sort.removeprefix('-'))\n"
                "    query = query.order_by(column.desc() if sort.startswith('-') else column.asc())"
            ],
        )
