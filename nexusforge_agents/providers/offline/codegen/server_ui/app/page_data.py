"""What a page's elements show, read from the API: the rows of its lists (narrowed by its search form and
features), the choices of its selects, the titles references show, the numbers of its charts and totals."""

from __future__ import annotations

import datetime as dt
from typing import Any

from . import widgets
from .api_client import Api, ApiError, Row
from .forms import sort_choices
from .site_model import SiteElement, SiteEntity, SitePage
from .web import SITE

SHOWS_ROWS = frozenset({"list", "table", "kanban", "calendar", "map", "chart"})


class Rows:
    """The rows one page request reads, each list fetched once."""

    def __init__(self, api: Api, limit: int) -> None:
        self.api, self.limit = api, limit
        self.refused: dict[str, str] = {}
        self._seen: dict[tuple[str, tuple[tuple[str, str], ...]], list[Row]] = {}

    async def of(
        self, entity: SiteEntity, params: dict[str, str] | None = None, everything: bool = False
    ) -> list[Row]:
        query = {**(params or {}), "limit": str(500 if everything else self.limit)}
        key = (entity.plural, tuple(sorted(query.items())))
        if key not in self._seen:
            try:
                self._seen[key] = await self.api.rows(entity.plural, query)
            except ApiError as err:
                if err.status_code != 422 or not params:
                    raise
                # A value in the address the list cannot take (a hand-edited ?sort=): unfiltered, saying why.
                self.refused.update({name: params[name] for name in params if name in err.errors} or params)
                return await self.of(entity, everything=everything)
        return self._seen[key]


def search_params(page: SitePage, entity: str | None, query: dict[str, str]) -> dict[str, str]:
    """The query-string values of the page's search form and features for ``entity`` that narrow its lists."""
    features = [*page.features, *(e.feature for e in page.elements if e.feature)]
    params = {
        name: query[name]
        for feature in features
        if feature.info.get("entity") == entity
        for name in feature.params
        if query.get(name)
    }
    for block in page.blocks:
        if block.kind != "search" or block.entity != entity:
            continue
        for element in block.elements:
            name = control_name(element)
            if name and query.get(name):
                params[name] = query[name]
    return params


def control_name(element: SiteElement) -> str | None:
    """The form name of a control in a search form: 'q' for the search box, the field for a filter."""
    if element.kind not in ("input", "select", "radio", "checkbox", "date", "number"):
        return None
    if element.field and element.action in ("filter", "sort"):
        return element.field if element.action == "filter" else "sort"
    return "q"


async def element_data(element: SiteElement, page: SitePage, rows: Rows, query: dict[str, str]) -> Any:
    entity = SITE.entity(element.entity)
    if (
        element.kind in ("select", "radio")
        and entity is not None
        and (element.field or element.action == "sort")
    ):
        return await options(entity, element, rows)
    if element.kind == "text" and entity is not None and element.field and page.record_entity != entity.name:
        field = entity.field(element.field)
        if field is not None and field.type in ("integer", "float"):  # outside one row's page: the total
            return sum(float(r.get(field.name) or 0) for r in await rows.of(entity, everything=True))
        return None
    if element.kind == "chart":
        if entity is None:
            totals = [(e.label_plural, float(len(await rows.of(e, everything=True)))) for e in SITE.entities]
            return widgets.bar_chart("Rows per kind", totals)
        return widgets.entity_chart(entity, await rows.of(entity, everything=True), element.field)
    if element.kind == "list" and entity is None:
        if page.kind == "dashboard":
            return [(e.label_plural, len(await rows.of(e, everything=True))) for e in SITE.entities]
        return SITE.features
    if element.kind not in SHOWS_ROWS or entity is None:
        return None
    found = await rows.of(entity, search_params(page, entity.name, query))
    if element.kind == "kanban":
        return widgets.board(entity, found)
    if element.kind == "calendar":
        return widgets.month_view(entity, found, query.get("month"), dt.date.today())
    if element.kind == "map":
        return widgets.map_view(entity, found)
    return found


async def options(entity: SiteEntity, element: SiteElement, rows: Rows) -> list[tuple[str, str]]:
    """(value, label) choices of a select or radio group: the spec's options, the field's, or the rows it may
    reference."""
    if element.action == "sort":
        return sort_choices(entity, element.field, element.options)
    if element.options:
        return [(option, option) for option in element.options]
    field = entity.field(element.field or "")
    if field is None:
        return []
    if field.type == "boolean":
        return [("true", "Yes"), ("false", "No")]
    parent = SITE.entity(field.references)
    if parent is not None:
        return [
            (str(r["id"]), widgets.display(r.get(parent.title_field)))
            for r in await rows.of(parent, everything=True)
        ]
    return [(choice, choice) for choice in field.choices]


async def references(rows: Rows) -> dict[str, dict[int, str]]:
    """entity -> row id -> the row's title, for every entity some field references (tables show titles)."""
    referenced = {f.references for e in SITE.entities for f in e.fields if f.references}
    names: dict[str, dict[int, str]] = {}
    for entity in SITE.entities:
        if entity.name in referenced:
            found = await rows.of(entity, everything=True)
            names[entity.name] = {r["id"]: widgets.display(r.get(entity.title_field)) for r in found}
    return names
