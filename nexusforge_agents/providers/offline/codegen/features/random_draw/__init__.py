"""``random_draw``: draw one row at random (a prize wheel, a raffle) and keep every result. ``POST
/api/<plural>/draws`` draws (with ``secrets``, so nobody can predict it) and stores the result, ``GET
/api/<plural>/draws`` lists the results, newest first; the component spins and shows the history."""

from __future__ import annotations

from typing import Any

from ......schemas import AppSpec
from ...fields import title_field
from ..base import FeatureImpl, FeatureTarget


class Impl(FeatureImpl):
    kind = "random_draw"

    def endpoints(self, spec: AppSpec, target: FeatureTarget) -> list[str]:
        return [f"POST {target.api}/draws", f"GET {target.api}/draws"]

    def context(self, spec: AppSpec, target: FeatureTarget) -> dict[str, Any]:
        assert target.entity is not None
        title = title_field(target.entity)
        return {"table": f"{target.entity.plural}_draws", "title_field": title}
