"""The pages of a revised spec, merged page by page from the previous pages and the conventions' derivation.

An attribute of a previous page that was still the derived one follows the new derivation (a form gains the new
field's control, a title the new app name); a written one is kept, with the revision's renames and removed fields
carried into it (``PageSlot.edits``). Titles and labels the revision sets are applied last (``retitle``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .appspec import Element, Page
from .errors import InvalidInputError
from .spec_conventions import field_element_kind
from .spec_delta import AddField, RemoveField, RenameField, SetElementLabel, SetPageTitle
from .spec_rename import EntityRenamer

_MERGED = ("route", "title", "purpose", "kind", "entity", "elements")


@dataclass
class PageSlot:
    """A page of the next spec: its name, the previous page it continues (if any) and what happened to it."""

    name: str
    origin: Page | None = None
    derived: Page | None = None  # what the conventions derived for the previous page
    edits: list[Any] = field(default_factory=list)  # EntityRenamer | RemoveField | RenameField | AddField


def _edit_elements(elements: list[Element], edits: list[Any], page: Page) -> list[Element]:
    for edit in edits:
        if isinstance(edit, EntityRenamer):
            elements = [edit.element(e) for e in elements]
        elif isinstance(edit, RemoveField):
            elements = [e for e in elements if e.binds != f"{edit.entity}.{edit.field}"]
        elif isinstance(edit, RenameField):
            bound = f"{edit.entity}.{edit.field}"
            elements = [
                e.model_copy(update={"binds": f"{edit.entity}.{edit.new_name}"}) if e.binds == bound else e
                for e in elements
            ]
        elif isinstance(edit, AddField) and page.kind == "form" and page.entity == edit.entity:
            elements = _with_control(elements, edit)
    return elements


def _with_control(elements: list[Element], edit: AddField) -> list[Element]:
    """A written form gains the new field's control, before its submit button."""
    ids = {e.id for e in elements}
    base = f"{edit.entity.lower()}-{edit.field.name.replace('_', '-')}"
    element_id = next(i for i in (base, *(f"{base}-{n}" for n in range(2, 99))) if i not in ids)
    control = Element(
        id=element_id,
        kind=field_element_kind(edit.field),
        label=edit.field.label or edit.field.name.replace("_", " ").capitalize(),
        binds=f"{edit.entity}.{edit.field.name}",
        options=list(edit.field.choices or []),
    )
    submit = next((i for i, e in enumerate(elements) if e.action == "submit"), len(elements))
    return [*elements[:submit], control, *elements[submit:]]


def merge_page(slot: PageSlot, derived: Page | None) -> Page:
    """The page of the next spec: attributes still derived follow the new derivation, written ones are kept."""
    if slot.origin is None:
        if derived is None:
            raise InvalidInputError(f"No page can be derived for {slot.name!r}.")
        return derived
    values: dict[str, Any] = {"name": slot.name}
    for attr in _MERGED:
        before = getattr(slot.origin, attr)
        if derived is not None and slot.derived is not None and before == getattr(slot.derived, attr):
            values[attr] = getattr(derived, attr)
            continue
        renamers = [e for e in slot.edits if isinstance(e, EntityRenamer)]
        if attr == "elements":
            values[attr] = _edit_elements(before, slot.edits, slot.origin)
        elif attr in ("route", "title", "purpose") or (attr == "entity" and before):
            for renamer in renamers:
                before = renamer.text(before)
            values[attr] = before
        else:
            values[attr] = before
    return Page.model_validate(values)


def retitle(pages: list[Page], edit: SetPageTitle | SetElementLabel) -> list[Page]:
    if not any(p.name == edit.page for p in pages):
        raise InvalidInputError(f"The app has no page {edit.page!r}; its pages are {[p.name for p in pages]}.")
    out = []
    for page in pages:
        if page.name == edit.page and isinstance(edit, SetPageTitle):
            page = page.model_copy(update={"title": edit.title})
        elif page.name == edit.page:
            if not any(e.id == edit.element for e in page.elements):
                raise InvalidInputError(f"Page {page.name} has no element {edit.element!r}.")
            elements = [
                e.model_copy(update={"label": edit.label}) if e.id == edit.element else e for e in page.elements
            ]
            page = page.model_copy(update={"elements": elements})
        out.append(page)
    return out
