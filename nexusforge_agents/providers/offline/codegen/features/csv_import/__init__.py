"""``csv_import``: add many rows at once from a CSV file whose header names the fields. ``POST
/api/<plural>/import`` (body: the CSV text) validates every line like a form and stores all of them, or none when
a line is wrong, answering which lines and why; the component is a file picker with an import button."""

from __future__ import annotations

from typing import Any

from ......schemas import AppSpec
from ..base import FeatureImpl, FeatureTarget


class Impl(FeatureImpl):
    kind = "csv_import"

    def endpoints(self, spec: AppSpec, target: FeatureTarget) -> list[str]:
        return [f"POST {target.api}/import"]

    def context(self, spec: AppSpec, target: FeatureTarget) -> dict[str, Any]:
        assert target.entity is not None
        return {"required": [f.name for f in target.entity.fields if f.required]}
