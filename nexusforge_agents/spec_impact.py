"""What a revision touches: the pages whose mockups must be painted again and the files the coder must write.

A page's mockup shows the page, the app's name and colours, the navigation (every page's name, in order) and
the rows of the entity it shows (the landing page lists the features, the dashboard counts every entity). A
page is repainted when one of these inputs changed, and only then. Files come from the generator, which is
deterministic: a file is written when its generated text changed, removed when it is no longer generated, and
left byte-for-byte as it is otherwise.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from .appspec import AppSpec, Page
from .spec_conventions import ensure_pages


class PageImpact(BaseModel):
    added: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    changed: list[str] = Field(default_factory=list)

    @property
    def to_paint(self) -> list[str]:
        """New and changed pages: the mockups a revision paints."""
        return [*self.added, *self.changed]


class FileChanges(BaseModel):
    written: dict[str, str] = Field(default_factory=dict, description="path -> new text (new or changed).")
    removed: list[str] = Field(default_factory=list)
    unchanged: int = 0


def _mockup_inputs(spec: AppSpec, page: Page) -> dict[str, Any]:
    shown = {page.entity, *(e.binds.partition(".")[0] for e in page.elements if e.binds)} - {None}
    inputs: dict[str, Any] = {
        "page": page.model_dump(),
        "name": spec.name,
        "colors": spec.colors.model_dump(exclude={"source"}),
        "nav": [p.name for p in spec.pages],
        "entities": [e.model_dump() for e in spec.entities if e.name in shown],
    }
    if page.kind in ("home", "dashboard") or any(e.kind == "chart" and not e.binds for e in page.elements):
        inputs["features"] = spec.feature_names
        inputs["counts"] = [(e.name, len(e.seed)) for e in spec.entities]
    return inputs


def page_impact(before: AppSpec, after: AppSpec) -> PageImpact:
    """The pages added, removed and changed (in what a mockup shows) from ``before`` to ``after``."""
    before, after = ensure_pages(before), ensure_pages(after)
    old = {p.name: _mockup_inputs(before, p) for p in before.pages}
    new = {p.name: _mockup_inputs(after, p) for p in after.pages}
    return PageImpact(
        added=[n for n in new if n not in old],
        removed=[n for n in old if n not in new],
        changed=[n for n in new if n in old and new[n] != old[n]],
    )


def file_changes(before: dict[str, str], after: dict[str, str]) -> FileChanges:
    """What to write and remove to turn the files generated ``before`` into those generated ``after``."""
    written = {path: text for path, text in after.items() if before.get(path) != text}
    return FileChanges(
        written=written,
        removed=sorted(set(before) - set(after)),
        unchanged=sum(1 for path, text in after.items() if before.get(path) == text),
    )
