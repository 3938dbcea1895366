"""What a requirements document stores: one entity per prescribed data file (its columns as fields, its example
lines as seed rows), else one per form page (its inputs as fields); and which field each element edits.

Field types come from the column or element words and the example values ("12.50" is a float,
"2024-03-01" a date); a select's option list becomes the choices of the field it edits.
"""

from __future__ import annotations

import re

from .....appspec import Entity, EntityField, FieldType, Scalar
from ..fields import infer_type, typical_fields
from ..lexicon import STOP
from ..naming import entity_names, safe_field_name, singular, words_of
from .elements import DocElement
from .pages import DocPage
from .storage import DocFile

_INPUT_KINDS = frozenset({"input", "password", "email", "textarea", "number", "date", "select", "radio", "checkbox"})
_KIND_TYPES: dict[str, FieldType] = {
    "password": "password",
    "email": "email",
    "textarea": "text",
    "date": "date",
    "checkbox": "boolean",
}
# Words in ids and labels that name the control, not the data: "expense-amount-input" edits "amount".
_CONTROL_WORDS = frozenset(
    [
        "input",
        "field",
        "box",
        "select",
        "dropdown",
        "radio",
        "checkbox",
        "textarea",
        "txt",
        "btn",
        "button",
        "picker",
        "text",
        "area",
        "group",
        "choice",
        "list",
        "filter",
        "the",
        "your",
        "a",
        "an",
        "enter",
        "new",
        "grid",
        "cards",
        "card",
        "table",
        "of",
    ]
)
_NO_DATA = frozenset({"button", "link", "heading", "form", "image", "chart", "map", "calendar", "kanban", "timer"})
# Controls that find or narrow what a page shows: they edit no stored field.
_QUERY = re.compile(r"search|filter|sort|find|query", re.IGNORECASE)
_FORM_VERBS = frozenset(
    ["add", "new", "create", "edit", "update", "register", "submit", "book", "make", "log", "record", "write", "post"]
)
# Page names that say where a page is, not what it lists.
_PLACE_WORDS = frozenset(["home", "index", "main", "landing", "start", "welcome", "dashboard", "overview"])
_VIEW_WORDS = frozenset(
    ["detail", "details", "list", "overview", "form", "view", "history", "page", "screen", "summary"]
)
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _entity_words(stem: str) -> list[str]:
    words = [w for w in words_of(stem) if w not in STOP]
    return words[-2:] or ["record"]


def _typed(name: str, examples: list[str]) -> FieldType:
    kind = infer_type(name)
    parts = name.split("_")
    if "password" in parts or name in ("pass", "pwd", "passwd"):
        return "string" if {"hash", "hashed", "digest"} & set(parts) else "password"
    values = [v for v in examples if v]
    if not values:
        return kind
    if kind in ("string", "integer", "float") and all(_NUMBER.match(v) for v in values):
        return "integer" if all(re.fullmatch(r"-?\d+", v) for v in values) and kind != "float" else "float"
    if all(_DATE.match(v) for v in values):
        return "date"
    fits = {
        "email": all("@" in v for v in values),
        "url": all(v.startswith(("http://", "https://", "/")) for v in values),
        "boolean": all(v.lower() in ("true", "false", "yes", "no", "0", "1") for v in values),
    }
    if kind in ("integer", "float", "date", "datetime") or not fits.get(kind, True):
        return "string"  # the example lines say otherwise ("day" holding "Monday")
    return kind


def _value(text: str, kind: FieldType) -> Scalar:
    if kind == "integer" and re.fullmatch(r"-?\d+", text):
        return int(text)
    if kind == "float" and _NUMBER.match(text):
        return float(text)
    if kind == "boolean":
        return text.strip().lower() in ("1", "true", "yes", "y")
    return text


def file_entity(file: DocFile) -> Entity:
    stem = file.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    name, plural = entity_names(_entity_words(stem))
    rows = [line.split(file.delimiter) for line in file.example_lines]
    fields: list[EntityField] = []
    for n, column in enumerate(file.columns):
        field_name = safe_field_name(words_of(column)) or f"column_{n + 1}"
        kind = _typed(field_name, [r[n].strip() for r in rows if n < len(r)])
        fields.append(EntityField(name=field_name, type=kind, required=n == 0, label=column))
    names = [f.name for f in fields]
    seed = [{f.name: _value(cell.strip(), f.type) for f, cell in zip(fields, row, strict=False)} for row in rows]
    description = f"One line of {file.path}: {file.line_format}"
    return (
        Entity(name=name, plural=plural, description=description, fields=fields, seed=seed)
        if len(set(names)) == len(names)
        else _deduplicated(name, plural, description, fields, seed)
    )


def _deduplicated(
    name: str, plural: str, description: str, fields: list[EntityField], seed: list[dict[str, Scalar]]
) -> Entity:
    seen: dict[str, int] = {}
    renamed = []
    for f in fields:
        seen[f.name] = seen.get(f.name, 0) + 1
        renamed.append(f if seen[f.name] == 1 else f.model_copy(update={"name": f"{f.name}_{seen[f.name]}"}))
    rows = [{r.name: row.get(f.name) for f, r in zip(fields, renamed, strict=True)} for row in seed]
    return Entity(name=name, plural=plural, description=description, fields=renamed, seed=rows)


def element_words(element: DocElement, entity_words: set[str]) -> list[str]:
    """The data words of an element: its id (or label) without control words and the entity's own name."""
    words = [w for w in words_of(element.id) if w not in _CONTROL_WORDS]
    kept = [w for w in words if singular(w) not in entity_words] or words
    if not kept:
        kept = [w for w in words_of(element.label) if w not in _CONTROL_WORDS and w not in STOP]
    return kept[-3:]


def bind(element: DocElement, entity: Entity) -> str | None:
    """The field of ``entity`` the element edits or shows, if any; buttons, links and headings show none."""
    if element.kind in _NO_DATA:
        return None
    own = {singular(w.lower()) for w in re.findall(r"[A-Z][a-z0-9]*", entity.name)}
    words = element_words(element, own)
    if not words:
        return None
    name = "_".join(words)
    label = safe_field_name(words_of(element.label)) or ""
    for f in entity.fields:
        if f.name in (name, label) or f.label.lower() == element.label.lower() and element.label:
            return f.name
    last = singular(words[-1])
    for f in entity.fields:
        if f.name == last or f.name.endswith("_" + last) or f.name.startswith(last + "_"):
            return f.name
    return None


def page_noun(page: DocPage) -> list[str]:
    """ "Add Expense" -> ["expense"]; "My Loans" -> ["loan"]; "Meal Plan" -> ["meal", "plan"]."""
    words = [w for w in words_of(page.name) if w not in STOP and w not in ("my", "all", "our", "your")]
    while words and words[-1] in _VIEW_WORDS:
        words = words[:-1]
    if len(words) > 1 and words[0] in _FORM_VERBS:
        words = words[1:]  # "Add Book" -> book; "Book a Class" -> class; "Book Details" -> book
    return [*words[-2:-1], singular(words[-1])] if words else []


def form_entity(page: DocPage, known: list[Entity]) -> Entity | None:
    """A new entity for a form page whose inputs edit nothing the document already stores."""
    inputs = [e for e in page.elements if e.kind in _INPUT_KINDS and e.kind != "password" and not _QUERY.search(e.id)]
    noun = page_noun(page)
    if len(inputs) < 2 or not noun:
        return None
    name, plural = entity_names(noun)
    if any(e.name == name or e.plural == plural for e in known):
        return None
    own = {singular(w) for w in noun}
    fields: list[EntityField] = []
    for element in inputs:
        words = element_words(element, own)
        field_name = safe_field_name(words) if words else None
        if field_name is None or any(f.name == field_name for f in fields):
            continue
        target = next((e for e in known if singular(words[-1]) in words_of(e.name.lower())), None)
        if target is not None and element.kind == "select" and not element.options:
            fields.append(
                EntityField(
                    name=f"{field_name}_id",
                    type="reference",
                    references=target.name,
                    required=False,
                    label=element.label,
                )
            )
            continue
        inferred = infer_type(field_name)
        kind = "string" if element.options else _KIND_TYPES.get(element.kind) or inferred
        if element.kind == "number" and inferred != "float":
            kind = "integer"  # "copies", "minutes": counts, unless the name says an amount
        fields.append(
            EntityField(
                name=field_name,
                type=kind,
                required=not fields,
                label=element.label,
                choices=list(element.options) or None,
            )
        )
    if not fields:
        return None
    return Entity(name=name, plural=plural, description=f"What the {page.name} form records", fields=fields)


def list_entity(page: DocPage, known: list[Entity]) -> Entity | None:
    """An entity for a page that lists things nothing else stores: what its list says it lists ("pet-grid"),
    else what the page is called ("My Loans")."""
    lists = [e for e in page.elements if e.kind in ("table", "list")]
    if not lists:
        return None
    listed = [w for w in words_of(f"{lists[0].id} {lists[0].label}") if w not in _CONTROL_WORDS and w not in STOP]
    noun = [singular(listed[0])] if listed else page_noun(page)
    if not noun or noun[-1] in _PLACE_WORDS:
        return None
    name, plural = entity_names(noun)
    if any(e.name == name or e.plural == plural for e in known):
        return None
    fields = typical_fields(" ".join(noun))
    return Entity(name=name, plural=plural, description=f"What the {page.name} page lists", fields=fields)
