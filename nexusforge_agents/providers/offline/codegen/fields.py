"""How one ``EntityField`` becomes a column, a pydantic annotation, a TypeScript type and test data.

Every generator module asks this one for field facts, so the backend, the tests and the frontend agree on
what a field accepts.
"""

from __future__ import annotations

import json
from typing import Any

from ....schemas import AppSpec, Entity, EntityField
from .naming import label, snake
from .render import py as py_source

TEXTUAL = frozenset({"string", "text", "email", "url"})  # password: stored as asked, never searched
NUMERIC = frozenset({"integer", "float"})
STRING_MAX = 255
URL_MAX = 2048
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
URL_PATTERN = r"^https?://[^\s/?#]+[^\s]*$"
# Search tokens: the two sample rows carry distinct words so a ``?q=`` test can tell them apart.
_TOKEN_PAIRS = (("Alpha", "Bravo"), ("Quartz", "Zephyr"), ("Juniper", "Obsidian"))

_SA_TYPES = {
    "string": f"sa.String({STRING_MAX})",
    "text": "sa.Text",
    "integer": "sa.Integer",
    "float": "sa.Float",
    "boolean": "sa.Boolean",
    "date": "sa.Date",
    "datetime": "sa.DateTime",
    "email": f"sa.String({STRING_MAX})",
    "url": f"sa.String({URL_MAX})",
    "password": f"sa.String({STRING_MAX})",
    "reference": "sa.Integer",
}
_PY_TYPES = {
    "string": "str",
    "text": "str",
    "integer": "int",
    "float": "float",
    "boolean": "bool",
    "date": "dt.date",
    "datetime": "dt.datetime",
    "email": "str",
    "url": "str",
    "password": "str",
    "reference": "int",
}
_TS_TYPES = {"integer": "number", "float": "number", "boolean": "boolean"}


def entity_labels(entity: Entity) -> tuple[str, str]:
    """('Inventory item', 'Inventory items') for InventoryItem / inventory_items."""
    return label(snake(entity.name)), label(entity.plural)


def choices_of(field: EntityField) -> list[str] | None:
    """Choices apply to textual fields only; a number or date field with choices is kept free-form."""
    return field.choices if field.choices and field.type in ("string", "text") else None


def title_field(entity: Entity) -> str | None:
    """The field a row is shown and named by: the entity's first string or email field (None: it has none)."""
    return next((f.name for f in entity.fields if f.type in ("string", "email")), None)


def is_textual(field: EntityField) -> bool:
    return field.type in TEXTUAL


def searchable(entity: Entity) -> list[EntityField]:
    return [f for f in entity.fields if is_textual(f)]


def numeric(entity: Entity) -> list[EntityField]:
    return [f for f in entity.fields if f.type in NUMERIC]


def sa_mapped(field: EntityField, spec: AppSpec) -> str:
    """The model line, e.g. ``title: orm.Mapped[str] = orm.mapped_column(sa.String(255))``."""
    py = "str" if choices_of(field) else _PY_TYPES[field.type]
    column = _SA_TYPES[field.type]
    if field.references:
        parent = spec.entity(field.references)
        assert parent is not None  # AppSpec validates reference targets
        # Deleting the parent deletes its required children and unlinks its optional ones.
        on_delete = "CASCADE" if field.required else "SET NULL"
        column = f'sa.ForeignKey("{parent.plural}.id", ondelete="{on_delete}"), index=True'
        py = "int"
    if field.required:
        return f"{field.name}: orm.Mapped[{py}] = orm.mapped_column({column})"
    return f"{field.name}: orm.Mapped[{py} | None] = orm.mapped_column({column}, nullable=True)"


def _number(value: float, field: EntityField) -> str:
    return str(int(value)) if field.type == "integer" or value == int(value) else repr(value)


def _constraints(field: EntityField) -> list[str]:
    """pydantic ``Field`` arguments: the type's own limits plus the spec's min/max (a length for text)."""
    if choices_of(field):
        return []
    if field.type in NUMERIC:
        bounds = [("ge", field.min), ("le", field.max)]
        return [f"{key}={_number(value, field)}" for key, value in bounds if value is not None]
    if field.type not in ("string", "text", "password"):
        return {
            "email": [f"max_length={STRING_MAX}", "pattern=EMAIL_PATTERN"],
            "url": [f"max_length={URL_MAX}", "pattern=URL_PATTERN"],
        }.get(field.type, [])
    least = max(int(field.min or 0), 1 if field.required else 0)
    most = int(field.max) if field.max is not None else (STRING_MAX if field.type != "text" else None)
    return [*([f"min_length={least}"] if least else []), *([f"max_length={most}"] if most else [])]


def pydantic_line(field: EntityField) -> str:
    """The schema line, e.g. ``title: str = Field(min_length=1, max_length=255)``."""
    choices = choices_of(field)
    py = f"Literal[{', '.join(py_source(c) for c in choices)}]" if choices else _PY_TYPES[field.type]
    constraints = _constraints(field)
    if not field.required:
        py += " | None"
        constraints = ["default=None", *constraints]
    if len(constraints) == 1 and constraints[0] == "default=None":
        return f"{field.name}: {py} = None"
    if constraints:
        return f"{field.name}: {py} = Field({', '.join(constraints)})"
    return f"{field.name}: {py}"


def ts_type(field: EntityField) -> str:
    choices = choices_of(field)
    ts = " | ".join(json.dumps(c) for c in choices) if choices else _TS_TYPES.get(field.type, "string")
    return ts if field.required else f"{ts} | null"


def search_tokens(entity: Entity) -> tuple[str, str]:
    """Two words that no choice of the entity contains, so searching one finds exactly one sample row."""
    words = " ".join(c.lower() for f in entity.fields for c in (choices_of(f) or []))
    for pair in _TOKEN_PAIRS:
        if not any(token.lower() in words for token in pair):
            return pair
    return _TOKEN_PAIRS[-1]


def sample_value(field: EntityField, variant: int, token: str) -> Any:
    """A valid value for ``field``; variant 0 and 1 differ in every field."""
    choices = choices_of(field)
    if choices:
        return choices[variant % len(choices)]
    kind = field.type
    if field.references:
        return variant + 1  # the conftest's ``parents`` fixture makes parent rows 1 and 2 first
    if kind in NUMERIC and (field.min is not None or field.max is not None):
        return _bounded(field, variant)
    if kind in ("string", "text", "password"):
        return _sized(field, _text_sample(field, kind, token))
    return _other_sample(field, kind, variant, token)


def _text_sample(field: EntityField, kind: str, token: str) -> str:
    if kind == "password":
        return f"{token} secret phrase"
    if kind == "string":
        return f"{token} {label(field.name).lower()}"
    return f"{token} notes about the {label(field.name).lower()}."


def _sized(field: EntityField, text: str) -> str:
    """``text`` cut or padded to the field's length limits (the token stays first, so search still works)."""
    if field.max is not None:
        text = text[: int(field.max)]
    if field.min is not None and len(text) < field.min:
        text = text + "x" * (int(field.min) - len(text))
    return text


def _bounded(field: EntityField, variant: int) -> int | float:
    low = field.min if field.min is not None else (field.max or 0) - 10
    high = field.max if field.max is not None else low + 10
    value = low + (high - low) * (0.25 if variant == 0 else 0.75)
    return int(round(value)) if field.type == "integer" else round(value, 2)


def _other_sample(field: EntityField, kind: str, variant: int, token: str) -> Any:
    if kind == "email":
        return f"{token.lower()}.{field.name.replace('_', '')}@mail.test"
    if kind == "url":
        return f"https://{token.lower()}.test/{field.name.replace('_', '-')}"
    values: dict[str, tuple[Any, Any]] = {
        "integer": (3, 7),
        "float": (2.5, 4.25),
        "boolean": (True, False),
        "date": ("2024-05-01", "2024-06-15"),
        "datetime": ("2024-05-01T09:30:00", "2024-06-15T18:45:00"),
    }
    return values[kind][variant]


def invalid_value(field: EntityField) -> Any:
    """A value the API must reject with 422."""
    if choices_of(field):
        return "not-one-of-the-choices"
    return {
        "string": 12345,
        "text": 12345,
        "integer": "many",
        "float": "lots",
        "boolean": "maybe",
        "date": "not-a-date",
        "datetime": "sometime soon",
        "email": "not-an-email",
        "url": "not a url",
        "password": 12345,
        "reference": "not-an-id",
    }[field.type]


def sample_payload(entity: Entity, variant: int) -> dict[str, Any]:
    token = search_tokens(entity)[variant]
    return {f.name: sample_value(f, variant, token) for f in entity.fields}


def ancestors(spec: AppSpec, entity: Entity) -> list[Entity]:
    """The entities ``entity``'s references lead to, parents before children (itself excluded): what a test
    must create before it can create a row of ``entity``."""
    order: list[Entity] = []

    def visit(current: Entity, path: tuple[str, ...]) -> None:
        for field in current.fields:
            parent = spec.entity(field.references) if field.references else None
            if parent is None or parent.name in path or parent in order:
                continue
            visit(parent, (*path, parent.name))
            if parent.name != entity.name:
                order.append(parent)

    visit(entity, (entity.name,))
    return order


def creation_order(spec: AppSpec) -> list[Entity]:
    """Every entity, each after the entities it references."""
    order: list[Entity] = []
    for entity in spec.entities:
        for needed in [*ancestors(spec, entity), entity]:
            if needed not in order:
                order.append(needed)
    return order


def seed_rows(spec: AppSpec) -> list[dict[str, Any]]:
    """What the app stores at first start, parents first: per entity its model, rows, and for each reference
    field the parent model and the parent field a seed row may name the parent by (instead of its id)."""
    seeds = []
    for entity in creation_order(spec):
        if not entity.seed:
            continue
        references = {}
        for field in entity.fields:
            parent = spec.entity(field.references) if field.references else None
            if parent is not None:
                references[field.name] = (parent.name, title_field(parent))
        seeds.append({"model": entity.name, "rows": entity.seed, "references": references})
    return seeds


def search_probe(entity: Entity) -> dict[str, Any]:
    """How the CRUD suite probes ``?q=``: by the sample rows' tokens when a free text field exists, else by a
    value only the first sample row has."""
    if any(not choices_of(f) for f in searchable(entity)):
        first, second = search_tokens(entity)
        return {"kind": "text", "first": first, "second": second}
    first, second = sample_payload(entity, 0), sample_payload(entity, 1)
    if searchable(entity):
        # Only choice fields hold text: probe with a choice of the first row that no text of the second contains.
        others = [str(second[f.name]).lower() for f in searchable(entity)]
        candidates = [str(first[f.name]) for f in searchable(entity)]
        probe = next((c.upper() for c in candidates if not any(c.lower() in other for other in others)), None)
        return {"kind": "choices", "name": "test_search_ignores_case", "probe": probe}
    # No text fields: the API searches every column's text form; probe with a value only the first row has
    # (integers 3 vs 7 and the dates differ in every character position that matters).
    probe = next(
        (
            str(first[f.name])[: 10 if f.type == "datetime" else None]
            for kind in ("integer", "date", "datetime")
            for f in entity.fields
            if f.type == kind and not f.references and f.min is None and f.max is None
        ),
        None,
    )
    return {"kind": "columns", "name": "test_search_looks_at_every_field", "probe": probe}
