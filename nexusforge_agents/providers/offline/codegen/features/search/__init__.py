"""``search``: find an entity's rows by text. The list endpoint's ``?q=`` (case-insensitive, over the text
fields, or every field's text form when there is none) carries it; the component is a search box that puts
``q`` in the page's query string, which the page's list reads."""

from __future__ import annotations

from typing import ClassVar

from ......schemas import AppSpec
from ..base import FeatureImpl, FeatureTarget


class Impl(FeatureImpl):
    kind = "search"
    element_actions: ClassVar[tuple[str, ...]] = ("search",)

    def endpoints(self, spec: AppSpec, target: FeatureTarget) -> list[str]:
        return [f"GET {target.api}"]
