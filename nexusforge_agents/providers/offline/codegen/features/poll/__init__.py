"""``poll``: vote for rows (the options of a poll) and see the results. ``POST /api/<plural>/{id}/vote`` adds a
vote (one per account and option when the app has accounts), ``GET /api/<plural>/results`` answers the votes per
row, most first; the component lists the options with a vote button and a bar each."""

from __future__ import annotations

from typing import Any

from ......schemas import AppSpec
from ...fields import title_field
from ..base import FeatureImpl, FeatureTarget


class Impl(FeatureImpl):
    kind = "poll"

    def endpoints(self, spec: AppSpec, target: FeatureTarget) -> list[str]:
        return [f"POST {target.api}/{{id}}/vote", f"GET {target.api}/results"]

    def context(self, spec: AppSpec, target: FeatureTarget) -> dict[str, Any]:
        assert target.entity is not None
        title = title_field(target.entity)
        return {"table": f"{target.entity.plural}_votes", "title_field": title}
