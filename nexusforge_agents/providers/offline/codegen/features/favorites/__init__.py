"""``favorites``: mark rows as favourites and list them (per account when the app has accounts).
``POST``/``DELETE /api/<plural>/{id}/favorite`` mark and unmark, ``GET /api/<plural>/favorites`` lists them; the
component lists the rows with a star each."""

from __future__ import annotations

from typing import Any

from ......schemas import AppSpec
from ...fields import title_field
from ..base import FeatureImpl, FeatureTarget


class Impl(FeatureImpl):
    kind = "favorites"

    def endpoints(self, spec: AppSpec, target: FeatureTarget) -> list[str]:
        api = target.api
        return [f"GET {api}/favorites", f"POST {api}/{{id}}/favorite", f"DELETE {api}/{{id}}/favorite"]

    def context(self, spec: AppSpec, target: FeatureTarget) -> dict[str, Any]:
        assert target.entity is not None
        title = title_field(target.entity)
        return {"table": f"{target.entity.plural}_favorites", "title_field": title}
