"""``quiz``: the rows are questions; people answer them and get a score. ``GET /api/<plural>/quiz`` answers the
questions without their answers, ``POST /api/<plural>/quiz`` scores a set of answers (case and spaces do not
matter) and keeps the attempt, ``GET /api/<plural>/quiz/attempts`` lists the scores; the component is the quiz."""

from __future__ import annotations

from typing import Any

from ......schemas import AppSpec, Entity, EntityField
from ..base import FeatureImpl, FeatureTarget

_ANSWER_WORDS = ("answer", "correct", "solution")


class Impl(FeatureImpl):
    kind = "quiz"

    def default_field(self, entity: Entity) -> EntityField | None:
        return next((f for word in _ANSWER_WORDS for f in entity.fields if word in f.name), None)

    def field_problem(self, entity: Entity, field: EntityField | None) -> str | None:
        if field is None:
            return f"{entity.name} has no answer field (named like answer, correct or solution) to score against"
        if not any(f.name != field.name and f.type in ("string", "text") for f in entity.fields):
            return f"{entity.name} has no text field for the question itself"
        return None

    def endpoints(self, spec: AppSpec, target: FeatureTarget) -> list[str]:
        api = target.api
        return [f"GET {api}/quiz", f"POST {api}/quiz", f"GET {api}/quiz/attempts"]

    def context(self, spec: AppSpec, target: FeatureTarget) -> dict[str, Any]:
        assert target.entity is not None and target.field is not None
        question = next(f for f in target.entity.fields if f.name != target.field.name and f.type in ("string", "text"))
        options = next((f for f in target.entity.fields if f.choices and f.name != target.field.name), None)
        return {"question": question, "options": options, "prefix": target.entity.plural}
