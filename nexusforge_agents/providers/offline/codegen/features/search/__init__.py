"""``search``: find an entity's rows by text. The list endpoint's ``?q=`` (case-insensitive, over the text
fields, or every field's text form when there is none) carries it; the component is a search box that puts
``q`` in the page's address, which the list on the page reads."""

from __future__ import annotations

from typing import Any, ClassVar

from ......schemas import AppSpec
from ...fields import search_probe
from ..base import FeatureImpl, FeatureTarget


class Impl(FeatureImpl):
    kind = "search"
    element_actions: ClassVar[tuple[str, ...]] = ("search",)

    def endpoints(self, spec: AppSpec, target: FeatureTarget) -> list[str]:
        return [f"GET {target.api}"]

    def context(self, spec: AppSpec, target: FeatureTarget) -> dict[str, Any]:
        assert target.entity is not None
        probe = search_probe(target.entity)
        # A probe only the first sample row matches: its search token, or a value only it has.
        return {"probe": probe["first"] if probe["kind"] == "text" else probe["probe"]}
