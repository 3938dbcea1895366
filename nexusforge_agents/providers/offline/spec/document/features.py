"""The features a requirements document asks for, read from its pages, data files and prose: managing each thing
it stores, signing in, plain-text storage, and what its elements do (a filter select filters, a chart charts,
an "Export CSV" button exports), each with acceptance criteria (the document's own where it gives them).
"""

from __future__ import annotations

import re

from .....appspec import DataFile, Entity, Feature, FeatureKind, Page
from ..acceptance import acceptance_for
from ..kinds import classify
from ..naming import singular, title_case, words_of
from ..requests import by_requests, named_kinds

# What an element's id or label says it does, checked in order.
_ELEMENT_KINDS: tuple[tuple[FeatureKind, re.Pattern[str]], ...] = (
    ("filter", re.compile(r"filter", re.I)),
    ("search", re.compile(r"search", re.I)),
    ("sort", re.compile(r"\bsort|sort[-_]", re.I)),
    ("csv_export", re.compile(r"export", re.I)),
    ("csv_import", re.compile(r"import", re.I)),
    ("status_toggle", re.compile(r"(complete|done|toggle)", re.I)),
)
_KIND_BY_ELEMENT: dict[str, FeatureKind] = {
    "chart": "dashboard",
    "map": "map",
    "calendar": "calendar",
    "kanban": "kanban",
    "timer": "timer",
    "file": "upload",
}


def _many(entity: Entity) -> str:
    return title_case(entity.plural.split("_"))


def _element_feature(kind: FeatureKind, entity: Entity | None, field: str | None) -> str:
    """A name for what an unlabelled control does: "Filter by Status", "Mark Tasks Done"."""
    many = _many(entity) if entity else "Records"
    words = title_case(field.removesuffix("_id").split("_")) if field else ""
    names = {
        "filter": f"Filter {many} by {words}" if words else f"Filter {many}",
        "search": f"Search {many}",
        "sort": f"Sort {many} by {words}" if words else f"Sort {many}",
        "status_toggle": f"Mark {many} {words}" if words else f"Mark {many} Done",
        "csv_export": f"Export {many} to CSV",
        "csv_import": f"Import {many} from CSV",
        "upload": f"Upload Files for {many}",
        "dashboard": "Charts",
    }
    return names.get(kind, title_case(kind.split("_")))


def _spaced(pascal_name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", pascal_name)


def _field_of(page: Page, element_id: str) -> str | None:
    element = next(e for e in page.elements if e.id == element_id)
    return element.binds.split(".", 1)[1] if element.binds else None


def _mentions(text: str, entity: Entity) -> bool:
    words = {singular(w) for w in words_of(text)}
    return singular(words_of(re.sub(r"(?<!^)(?=[A-Z])", " ", entity.name))[-1]) in words


def _criteria(kind: FeatureKind, entity: Entity | None, criteria: list[str]) -> list[str]:
    """The document's own acceptance criteria that speak of this kind of feature over this entity."""
    return [c for c in criteria if classify(c) == kind and (entity is None or _mentions(c, entity))]


def document_features(
    pages: list[Page],
    entities: list[Entity],
    files: list[DataFile],
    prose: str,
    criteria: list[str],
    requested: list[str],
) -> list[Feature]:
    by_name = {e.name: e for e in entities}
    drafts: list[tuple[str, FeatureKind, Entity | None, str | None, list[str]]] = []
    login = [p.name for p in pages if p.kind == "login" or any(e.kind == "password" for e in p.elements)]
    if login:
        drafts.append(("Sign In" if len(login) == 1 else "Sign In and Register", "auth", None, None, login))
    for entity in entities:
        carrying = [p.name for p in pages if p.entity == entity.name]
        forms = [p for p in pages if p.entity == entity.name and p.kind == "form" and p.name not in login]
        if carrying and (forms or any(p.kind == "list" for p in pages if p.entity == entity.name)):
            name = _spaced(forms[0].name) if forms else f"Manage {_many(entity)}"
            drafts.append((name, "crud", entity, None, carrying))
    for file in files:
        entity = by_name.get(file.entity)
        drafts.append(
            (
                f"Store {_many(entity)} in {file.path}" if entity else file.path,
                "text_storage",
                entity,
                None,
                [p.name for p in pages if entity and p.entity == entity.name],
            )
        )
    for page in pages:
        entity = by_name.get(page.entity or "")
        for element in page.elements:
            words = f"{element.id} {element.label}"
            kind = _KIND_BY_ELEMENT.get(element.kind)
            kind = kind or next((k for k, pattern in _ELEMENT_KINDS if pattern.search(words)), None)
            if kind is None or (kind == "status_toggle" and element.kind != "checkbox"):
                continue
            field = _field_of(page, element.id) if kind in ("filter", "search", "sort", "status_toggle") else None
            if kind == "search" and field is None and entity is not None:
                field = next((f.name for f in entity.fields if f.type in ("string", "text")), None)
            if kind == "dashboard":
                entity = None
            elif entity is None:
                entity = entities[0] if entities else None  # a control on a page of its own works on the main data
            label = element.label if kind != "status_toggle" else ""
            drafts.append((label or _element_feature(kind, entity, field), kind, entity, field, [page.name]))
    for item in requested:  # the document's own feature list, each item as written
        kind = classify(item)
        entity = next((e for e in entities if _mentions(item, e)), None)
        if kind in ("dashboard", "auth"):
            entity = None
        carrying = [p.name for p in pages if entity and p.entity == entity.name] or [p.name for p in pages[:1]]
        name = re.split(r"[.:;]\s", item, maxsplit=1)[0][:80].rstrip(" ,.")
        asked = by_requests(item)  # "filter by species" names the field
        field = None
        if asked and asked[0].kind == kind and asked[0].fields and entity is not None:
            named = "_".join(asked[0].fields[0])
            field = named if entity.field(named) is not None else None
        drafts.append((name, kind, entity, field, carrying))
    present = {d[1] for d in drafts}
    for kind, words, thing in named_kinds(prose):
        if kind in present:
            continue
        entity = next((e for e in entities if thing and _mentions(thing, e)), None)
        entity = entity or next((e for e in entities if _mentions(words, e)), entities[0] if entities else None)
        carrying = [p.name for p in pages if entity and p.entity == entity.name] or [p.name for p in pages[:1]]
        drafts.append((title_case(words.split()), kind, entity, None, carrying))
    features: list[Feature] = []
    seen: set[tuple[str, str | None, str | None]] = set()
    for name, kind, entity, field, carrying in drafts:
        key = (kind, entity.name if entity else None, field)
        if key in seen and kind not in ("text_storage",):
            continue
        seen.add(key)
        accepted = acceptance_for(kind, entity, field, name) + _criteria(kind, entity, criteria)
        features.append(
            Feature(
                name=name[:120] or kind,
                kind=kind,
                entity=entity.name if entity else None,
                field=field,
                acceptance=list(dict.fromkeys(accepted)),
                pages=carrying,
            )
        )
    return features
