"""``custom``: a feature the spec could not classify as any kind. No implementation covers it, so it is never
claimed as built; its reason says so, and a real coding model (or a new kind here) has to build it."""

from __future__ import annotations

from ......schemas import AppSpec, Feature
from ..base import FeatureImpl


class Impl(FeatureImpl):
    kind = "custom"
    needs_entity = False

    def not_buildable(self, spec: AppSpec, feature: Feature) -> str | None:
        return (
            f"'{feature.name}' is of kind 'custom': no implementation in the feature library covers it "
            "(docs/features.md lists the kinds)"
        )
