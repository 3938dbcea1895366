"""``validation``: forms refuse what the spec's constraints forbid. The Create/Update schemas carry them
(required fields, number ranges, text lengths, choices, email and URL shapes), the API answers 422 naming the
field, and the React form shows the same limits on its controls and the API's message."""

from __future__ import annotations

from typing import Any

from ......schemas import AppSpec, Entity, EntityField
from ...fields import NUMERIC, choices_of, invalid_value
from ..base import FeatureImpl, FeatureTarget


def violations(field: EntityField) -> list[tuple[Any, str]]:
    """(a value the API must refuse, why) for each constraint ``field`` has."""
    found: list[tuple[Any, str]] = []
    if field.type in NUMERIC:
        if field.min is not None:
            found.append((field.min - 1, f"below the minimum {field.min:g}"))
        if field.max is not None:
            found.append((field.max + 1, f"above the maximum {field.max:g}"))
    elif field.type in ("string", "text", "password") and not choices_of(field):
        if field.min is not None and field.min > 1:
            found.append(("x" * (int(field.min) - 1), f"shorter than {field.min:g} characters"))
        if field.max is not None:
            found.append(("x" * (int(field.max) + 1), f"longer than {field.max:g} characters"))
    if choices_of(field) or field.type in ("email", "url", "integer", "float", "date", "boolean"):
        found.append((invalid_value(field), "not a valid " + ("choice" if choices_of(field) else field.type)))
    return found


class Impl(FeatureImpl):
    kind = "validation"
    page_kinds = ("form",)

    def not_buildable(self, spec: AppSpec, feature: Any) -> str | None:
        problem = super().not_buildable(spec, feature)
        if problem:
            return problem
        entity = spec.entity(feature.entity) if feature.entity else spec.entities[0]
        assert entity is not None
        if not any(f.required for f in entity.fields) and not any(violations(f) for f in entity.fields):
            return f"{entity.name} has no constraint to validate (no required field, range, length or choice)"
        return None

    def endpoints(self, spec: AppSpec, target: FeatureTarget) -> list[str]:
        return [f"POST {target.api}", f"PUT {target.api}/{{id}}"]

    def context(self, spec: AppSpec, target: FeatureTarget) -> dict[str, Any]:
        entity: Entity | None = target.entity
        assert entity is not None
        cases = [(f.name, bad, why) for f in entity.fields for bad, why in violations(f)]
        return {"cases": cases, "required": sorted(f.name for f in entity.fields if f.required)}
