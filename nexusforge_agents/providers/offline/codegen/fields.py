"""How one ``EntityField`` becomes a column, a pydantic annotation, a TypeScript type and test data.

Every generator module asks this one for field facts, so the backend, the tests and the frontend agree on
what a field accepts.
"""

from __future__ import annotations

import json
from typing import Any

from ....schemas import Entity, EntityField
from .pysrc import quote, snake

TEXTUAL = frozenset({"string", "text", "email", "url"})
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
}
_TS_TYPES = {"integer": "number", "float": "number", "boolean": "boolean"}


def label(name: str) -> str:
    """'cooked_on' -> 'Cooked on'."""
    return name.replace("_", " ").capitalize()


def entity_labels(entity: Entity) -> tuple[str, str]:
    """('Inventory item', 'Inventory items') for InventoryItem / inventory_items."""
    return label(snake(entity.name)), label(entity.plural)


def choices_of(field: EntityField) -> list[str] | None:
    """Choices apply to textual fields only; a number or date field with choices is kept free-form."""
    return field.choices if field.choices and field.type in ("string", "text") else None


def is_textual(field: EntityField) -> bool:
    return field.type in TEXTUAL


def searchable(entity: Entity) -> list[EntityField]:
    return [f for f in entity.fields if is_textual(f)]


def numeric(entity: Entity) -> list[EntityField]:
    return [f for f in entity.fields if f.type in NUMERIC]


def py_literal(value: str) -> str:
    return quote(value)


def sa_mapped(field: EntityField) -> str:
    """The model line, e.g. ``title: orm.Mapped[str] = orm.mapped_column(sa.String(255))``."""
    py = "str" if choices_of(field) else _PY_TYPES[field.type]
    column = _SA_TYPES[field.type]
    if field.required:
        return f"{field.name}: orm.Mapped[{py}] = orm.mapped_column({column})"
    return f"{field.name}: orm.Mapped[{py} | None] = orm.mapped_column({column}, nullable=True)"


def _constraints(field: EntityField) -> list[str]:
    if choices_of(field):
        return []
    least = ["min_length=1"] if field.required else []
    if field.type == "string":
        return [*least, f"max_length={STRING_MAX}"]
    if field.type == "text":
        return least
    if field.type == "email":
        return [f"max_length={STRING_MAX}", "pattern=EMAIL_PATTERN"]
    if field.type == "url":
        return [f"max_length={URL_MAX}", "pattern=URL_PATTERN"]
    return []


def pydantic_line(field: EntityField) -> str:
    """The schema line, e.g. ``title: str = Field(min_length=1, max_length=255)``."""
    choices = choices_of(field)
    py = f"Literal[{', '.join(py_literal(c) for c in choices)}]" if choices else _PY_TYPES[field.type]
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
    if kind == "string":
        return f"{token} {label(field.name).lower()}"
    if kind == "text":
        return f"{token} notes about the {label(field.name).lower()}."
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
    }[field.type]


def sample_payload(entity: Entity, variant: int) -> dict[str, Any]:
    token = search_tokens(entity)[variant]
    return {f.name: sample_value(f, variant, token) for f in entity.fields}
