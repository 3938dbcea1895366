"""``reviews``: people rate a row from 1 to 5 with a few words. ``GET/POST /api/<plural>/{id}/reviews`` list and
add them (the list answers the average too); the component shows a row's reviews with a form to add one."""

from __future__ import annotations

from typing import Any

from ......schemas import AppSpec
from ..base import FeatureImpl, FeatureTarget


class Impl(FeatureImpl):
    kind = "reviews"
    page_kinds = ("detail", "list")
    rated = True

    def endpoints(self, spec: AppSpec, target: FeatureTarget) -> list[str]:
        return [f"GET {target.api}/{{id}}/{self.kind}", f"POST {target.api}/{{id}}/{self.kind}"]

    def context(self, spec: AppSpec, target: FeatureTarget) -> dict[str, Any]:
        assert target.entity is not None
        return {"rated": self.rated, "noun": self.kind, "table": f"{target.entity.plural}_{self.kind}"}
