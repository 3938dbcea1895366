"""What a mockup shows, read from the page model only: one ``Widget`` per element of the page, in order.

The renderer draws widgets and nothing else, so a mockup cannot show a button, filter or card the page lacks.
Every word on a widget comes from the spec: the element's label and options, the entity's field labels and
seed rows, the feature names (a home page's feature list), the entity names (a dashboard's totals).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...appspec import Element, ElementKind, Entity, EntityField, Page, Scalar
from ...errors import InvalidInputError
from ...schemas import AppSpec
from ...spec_conventions import ensure_pages

_WORD_START = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
MAX_ROWS = 8  # rows a table, list or kanban column draws at most


@dataclass(frozen=True)
class Widget:
    """One element as the mockup draws it; ``options`` are a select's choices, a kanban's columns or a chart's
    bars, ``columns`` a table's headers, ``rows`` its cells (or a list's items, a detail's values)."""

    element: Element
    label: str
    options: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    values: tuple[int, ...] = field(default=())  # a chart's bar heights, a dashboard's totals

    @property
    def kind(self) -> ElementKind:
        return self.element.kind


def page_of(spec: AppSpec, component: str) -> tuple[AppSpec, Page]:
    """The spec with its page model, and the page named ``component``."""
    spec = ensure_pages(spec)
    page = spec.page(component)
    if page is None:
        raise InvalidInputError(f"The spec has no page named {component!r}; its pages are {spec.ui_components}.")
    return spec, page


def split_words(name: str) -> str:
    """'RecipeList' -> 'Recipe List', 'BookAClass' -> 'Book A Class', 'HTMLPage' -> 'HTML Page'."""
    return _WORD_START.sub(" ", name)


def nav_label(page: Page) -> str:
    """How the app's navigation names a page, in sentence case as the generated apps do: 'Recipe list'."""
    first, *rest = split_words(page.name).split(" ")
    return " ".join([first, *(word if word.isupper() and len(word) > 1 else word.lower() for word in rest)])


def field_label(item: EntityField) -> str:
    """What a form or table calls a field, as the page model's default elements do."""
    return item.label or item.name.replace("_", " ").capitalize()


def element_label(element: Element) -> str:
    """The element's own label; a control without one is named after the field it binds, or its id."""
    if element.label:
        return element.label
    if element.kind in ("table", "list", "chart", "map", "calendar", "kanban", "image", "timer", "text", "form"):
        return ""  # a container without a label shows its content only
    name = element.binds.split(".")[-1] if element.binds and "." in element.binds else element.id
    return name.replace("_", " ").replace("-", " ").capitalize()


def _bound(spec: AppSpec, page: Page, element: Element) -> tuple[Entity | None, EntityField | None]:
    """The entity (and field) an element shows: what it binds, else the page's entity."""
    name, _, field_name = (element.binds or page.entity or "").partition(".")
    entity = spec.entity(name) if name else None
    return entity, entity.field(field_name) if entity is not None and field_name else None


def cell(value: Scalar) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def title_field(entity: Entity) -> EntityField:
    """The field that names a row: a title/name-like field, else the first plain string field, else the first."""
    for item in entity.fields:
        if any(word in item.name for word in ("title", "name", "subject", "label", "headline")):
            return item
    return next((f for f in entity.fields if f.type == "string" and not f.choices), entity.fields[0])


def _day(value: Scalar) -> str:
    """The day of the month of an ISO date ('2025-03-04' -> '4'), or '' when it is not one."""
    text = str(value or "")
    day = text[8:10]
    return str(int(day)) if len(text) >= 10 and text[4] == "-" and day.isdigit() else ""


def _choice_field(entity: Entity, preferred: EntityField | None) -> EntityField | None:
    if preferred is not None and preferred.choices:
        return preferred
    return next((f for f in entity.fields if f.choices), None)


def _counts(entity: Entity, item: EntityField) -> tuple[int, ...]:
    return tuple(sum(1 for row in entity.seed if row.get(item.name) == choice) for choice in item.choices or [])


def widget(spec: AppSpec, page: Page, element: Element) -> Widget:
    """The words and data one element shows."""
    entity, bound_field = _bound(spec, page, element)
    label = element_label(element)
    kind = element.kind
    if kind in ("select", "radio"):
        options = element.options or (bound_field.choices if bound_field and bound_field.choices else [])
        return Widget(element, label, options=tuple(options))
    if kind == "table":
        if entity is None:
            return Widget(element, label)
        columns = tuple(field_label(f) for f in entity.fields)
        rows = tuple(tuple(cell(row.get(f.name)) for f in entity.fields) for row in entity.seed[:MAX_ROWS])
        return Widget(element, label, columns=columns, rows=rows)
    if kind == "list":
        return _list_widget(spec, page, element, label, entity)
    if kind == "chart":
        return _chart_widget(spec, page, element, label, entity, bound_field)
    if kind == "kanban" and entity is not None:
        status = _choice_field(entity, bound_field)
        if status is None:
            return Widget(element, label)
        name = title_field(entity).name
        rows = tuple((cell(row.get(status.name)), cell(row.get(name))) for row in entity.seed)
        return Widget(element, label, options=tuple(status.choices or []), rows=rows)
    if kind == "text" and entity is not None and bound_field is None:  # a detail: every field with its value
        first = entity.seed[0] if entity.seed else {}
        rows = tuple((field_label(f), cell(first.get(f.name))) for f in entity.fields)
        return Widget(element, label, rows=rows)
    if kind == "form" and entity is not None:
        return Widget(element, label, columns=tuple(field_label(f) for f in entity.fields))
    if kind == "calendar" and entity is not None:  # each row on the day of its date, when it has one
        when = next((f for f in entity.fields if f.type in ("date", "datetime")), None)
        name = title_field(entity).name
        days = [(cell(row.get(name)), _day(row.get(when.name))) for row in entity.seed] if when else []
        return Widget(element, label, rows=tuple((title, day) for title, day in days if day))
    if kind == "map" and entity is not None:
        name = title_field(entity).name
        return Widget(element, label, rows=tuple((cell(row.get(name)),) for row in entity.seed[:MAX_ROWS]))
    return Widget(element, label)


def _list_widget(spec: AppSpec, page: Page, element: Element, label: str, entity: Entity | None) -> Widget:
    if element.binds is None and page.kind == "home":  # the landing page's list is what the app offers
        return Widget(element, label, rows=tuple((name,) for name in spec.feature_names[:MAX_ROWS]))
    if element.binds is None and page.kind == "dashboard":  # the dashboard's totals: rows per entity
        names = tuple((split_words(e.name),) for e in spec.entities)
        return Widget(element, label, rows=names, values=tuple(len(e.seed) for e in spec.entities))
    if entity is None:
        return Widget(element, label)
    name = title_field(entity).name
    return Widget(element, label, rows=tuple((cell(row.get(name)),) for row in entity.seed[:MAX_ROWS]))


def _chart_widget(
    spec: AppSpec, page: Page, element: Element, label: str, entity: Entity | None, bound: EntityField | None
) -> Widget:
    choice = _choice_field(entity, bound) if entity is not None and element.binds else None
    if entity is not None and choice is not None:  # rows per choice of the entity's field
        return Widget(element, label, options=tuple(choice.choices or []), values=_counts(entity, choice))
    # rows per entity: what the app's /api/stats counts
    names = tuple(split_words(e.name) for e in spec.entities)
    return Widget(element, label, options=names, values=tuple(len(e.seed) for e in spec.entities))


def widgets(spec: AppSpec, page: Page) -> list[Widget]:
    return [widget(spec, page, element) for element in page.elements]


def describe_page(spec: AppSpec, page: Page) -> str:
    """The page in words, element by element, for an image model: what the offline mockup draws."""
    parts = []
    for item in widgets(spec, page):
        text = f"{item.kind} {item.label!r}" if item.label else item.kind
        if item.options:
            text += f" with options {', '.join(item.options)}"
        if item.columns:
            text += f" with columns {', '.join(item.columns)}"
        if item.rows and item.kind in ("table", "list", "kanban"):
            text += f" showing {len(item.rows)} row(s)"
        parts.append(text)
    return "; ".join(parts) or "no elements"
