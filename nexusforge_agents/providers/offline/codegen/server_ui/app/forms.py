"""From a submitted HTML form to the JSON body the API takes, and back to what a form shows.

HTML forms send text: a number field arrives as "12", an unticked checkbox not at all, an empty optional field
as "". Turning that into typed values is the form's job; whether the values are acceptable stays the API's.
"""

from __future__ import annotations

import re
from typing import Any

from starlette.datastructures import FormData

from .site_model import SiteEntity, SiteField

REQUIRED = "This field is required"


def _parse(field: SiteField, raw: str) -> Any:
    if field.type == "integer" or field.type == "reference":
        return int(raw)
    if field.type == "float":
        return float(raw)
    return raw


def payload_from_form(
    entity: SiteEntity, form: FormData, names: list[str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The API body for the fields ``names`` the form shows, and the messages of the values that are not even
    of the right kind (a word in a number field). Empty optional fields are sent as null; empty required ones
    are left out, so the API names them."""
    payload: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name in names:
        field = entity.field(name)
        if field is None:
            continue
        if field.type == "boolean":
            payload[name] = form.get(name) is not None
            continue
        value = form.get(name)
        raw = value.strip() if isinstance(value, str) else ""  # a file field's upload is not a value here
        if raw == "":
            if not field.required:
                payload[name] = None
            continue
        try:
            payload[name] = _parse(field, raw)
        except ValueError:
            errors[name] = "Enter a whole number" if field.type == "integer" else "Enter a number"
    return payload, errors


def values_from_form(form: FormData) -> dict[str, str]:
    """What the visitor typed, to show again next to the errors."""
    return {key: str(value) for key, value in form.items() if isinstance(value, str)}


def values_from_row(entity: SiteEntity, row: dict[str, Any]) -> dict[str, str]:
    """A stored row as form values (an edit form starts from them)."""
    values: dict[str, str] = {}
    for field in entity.fields:
        value = row.get(field.name)
        if value is None:
            continue
        if field.type == "boolean":
            if value:
                values[field.name] = "on"
        elif field.type == "datetime":
            values[field.name] = str(value)[:16]
        else:
            values[field.name] = str(value)
    return values


def complete_state(entity: SiteEntity, row: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """The full new state of a row (the API's PUT takes all fields) with ``changes`` applied."""
    return {field.name: row.get(field.name) for field in entity.fields} | changes


_DESCENDING = re.compile(
    r"\b(desc|descending|high to low|newest|latest|most|largest|z to a)\b", re.IGNORECASE
)


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def sort_choices(entity: SiteEntity, field: str | None, options: list[str]) -> list[tuple[str, str]]:
    """(value, label) of a sort select: the API takes ``field`` or ``-field`` (descending). The spec's own
    options keep their words; each sorts by the field it names (else the element's), descending when it says
    so ('Price: high to low')."""
    if options:
        chosen = []
        for option in options:
            named = [f for f in entity.fields if set(f.name.split("_")) <= _words(option)]
            name = max(named, key=lambda f: len(f.name)).name if named else (field or entity.fields[0].name)
            chosen.append((f"-{name}" if _DESCENDING.search(option) else name, option))
        return chosen
    fields = [f for f in entity.fields if f.name == field] or entity.fields
    return [pair for f in fields for pair in ((f.name, f"{f.label} ↑"), (f"-{f.name}", f"{f.label} ↓"))]
