"""``csv_export``: download an entity's rows as a CSV file. ``GET /api/<plural>/export.csv`` answers them with a
header row of the field names (``?q=`` narrows them like the list); the component is a download link."""

from __future__ import annotations

from typing import ClassVar

from ......schemas import AppSpec
from ..base import FeatureImpl, FeatureTarget


class Impl(FeatureImpl):
    kind = "csv_export"
    element_actions: ClassVar[tuple[str, ...]] = ("export", "download")

    def endpoints(self, spec: AppSpec, target: FeatureTarget) -> list[str]:
        return [f"GET {target.api}/export.csv"]
