"""Finding what a clause names in the app: an entity ("tasks", "Task", "menu items"), a field ("the notes
field", "due date"), a page ("the task list page", "home"), an element ("the 'Save' button", "the search box")."""

from __future__ import annotations

import re

from ....appspec import AppSpec, Element, Entity, Page
from ..spec.naming import singular, words_of


def _pascal_words(name: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[A-Z][a-z0-9]*", name)]


def entity_named(spec: AppSpec, text: str) -> Entity | None:
    """The entity whose name (singular or plural, every word of it) the text spells; the longest such name."""
    said = [singular(w) for w in words_of(text)]
    joined = " " + " ".join(said) + " "
    best: Entity | None = None
    for entity in spec.entities:
        name = " ".join(singular(w) for w in _pascal_words(entity.name))
        plural = " ".join(singular(w) for w in entity.plural.split("_"))
        if (f" {name} " in joined or f" {plural} " in joined) and (best is None or len(name) > len(best.name)):
            best = entity
    return best


def field_of(entity: Entity, text: str) -> str | None:
    """The field of ``entity`` the text names: its snake name spelled as words ("due date"), or its label; failing
    that, the same in singular words ("the notes field" names a field ``note``, "the note field" one ``notes``)."""
    for spell in (lambda words: words, lambda words: [singular(w) for w in words]):
        said = " " + " ".join(spell(words_of(text))) + " "
        hits = [
            f.name
            for f in entity.fields
            if f" {' '.join(spell(f.name.split('_')))} " in said
            or (f.label and f" {' '.join(spell(words_of(f.label)))} " in said)
        ]
        if hits:
            return max(hits, key=len)
    return None


def fields_named(spec: AppSpec, text: str) -> list[tuple[Entity, str]]:
    """Every (entity, field) the text could mean, when it names no entity."""
    return [(e, name) for e in spec.entities if (name := field_of(e, text)) is not None]


def page_named(spec: AppSpec, text: str) -> Page | None:
    """The page the words name: its name ("task list", "TaskList"), its navigation words, or its route; the list
    page of an entity named alone ("the tasks page")."""
    said = " " + " ".join(singular(w) for w in words_of(text)) + " "
    pages = sorted(spec.pages, key=lambda p: -len(p.name))
    for page in pages:
        spelled = " " + " ".join(singular(w) for w in _pascal_words(page.name)) + " "
        if spelled in said or (page.route != "/" and f" {' '.join(words_of(page.route))} " in said):
            return page
    if " home " in said or " landing " in said or " start " in said:
        return next((p for p in spec.pages if p.kind == "home"), None)
    entity = entity_named(spec, text)
    if entity is not None:
        return next((p for p in spec.pages if p.entity == entity.name and p.kind == "list"), None)
    return None


_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "button": ("button",),
    "link": ("link",),
    "heading": ("heading", "header", "headline"),
    "input": ("box", "field", "input"),
    "textarea": ("box", "field", "area"),
}


def elements_named(pages: list[Page], old_label: str | None, words: str) -> list[tuple[Page, Element]]:
    """Elements whose label is ``old_label`` (any case), else those the words describe ("the search box": the
    search action; "the save button": a button labelled Save)."""
    found: list[tuple[Page, Element]] = []
    said = set(words_of(words))
    for page in pages:
        for element in page.elements:
            if old_label is not None:
                if element.label.strip().lower() == old_label.strip().lower() or element.id == old_label:
                    found.append((page, element))
                continue
            kinds = {w for k, ws in _KIND_WORDS.items() if element.kind == k for w in ws}
            label_words = set(words_of(element.label))
            described = bool(label_words) and label_words <= said and bool(kinds & said)
            searching = element.action == "search" and "search" in said and bool({"box", "field", "input"} & said)
            if described or searching:
                found.append((page, element))
    return found
