"""The app's pages, served by the same process as the API: a GET and a POST route for every page in site.json.

GET renders the page from the API's data. POST takes the page's forms (create or edit a row, delete, toggle,
move a card, sign in, preferences), calls the API and redirects (Post/Redirect/Get); when the API refuses the
values, the page is shown again with the visitor's input and a message next to each field it refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from . import widgets
from .api_client import Api, ApiError, Row
from .feature_calls import call_from_form, feature_reads
from .forms import complete_state, payload_from_form, sort_choices, values_from_form, values_from_row
from .site_model import SiteElement, SiteEntity, SitePage
from .web import SITE, STATIC, render, visitor

router = APIRouter(include_in_schema=False)
PAGE_SIZES = (10, 20, 50, 100)
PAGE_SIZE_COOKIE = "page_size"
SHOWS_ROWS = frozenset({"list", "table", "kanban", "calendar", "map", "chart"})
ROW_ACTIONS = frozenset({"save", "delete", "toggle", "move"})  # what a page's forms may ask for a row


def form_fields(page: SitePage) -> dict[str, list[str]]:
    """entity -> the fields the page's form for it edits (all of them when it lists no control of its own)."""
    forms: dict[str, list[str]] = {}
    for block in page.blocks:
        entity = SITE.entity(block.entity)
        if block.kind == "form" and entity is not None:
            bound = [e.field for e in block.elements if e.field and e.entity == entity.name]
            forms[entity.name] = bound or [f.name for f in entity.fields]
        for element in block.elements:
            shown = SITE.entity(element.entity)
            if element.kind == "form" and shown is not None:
                forms.setdefault(shown.name, [f.name for f in shown.fields])
    return forms


FORMS = {page.name: form_fields(page) for page in SITE.pages}


@router.get("/static/{path:path}")
def static_file(path: str) -> FileResponse:
    candidate = (STATIC / path).resolve()
    if not candidate.is_file() or not candidate.is_relative_to(STATIC):
        raise HTTPException(status_code=404, detail="Not Found")
    return FileResponse(candidate)


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


async def page_context(
    request: Request,
    page: SitePage,
    api: Api,
    values: dict[str, dict[str, str]],
    errors: dict[str, dict[str, str]],
) -> dict[str, Any]:
    query = dict(request.query_params)
    size = request.cookies.get(PAGE_SIZE_COOKIE, "")
    rows = Rows(api, int(size) if size.isdigit() and int(size) in PAGE_SIZES else 100)
    record: Row | None = None
    record_entity = SITE.entity(page.record_entity)
    if record_entity is not None:
        record_id = request.path_params.get("id") or query.get("id")
        if record_id:
            record = await api.row(record_entity.plural, record_id)
        else:  # no row named: the newest one
            newest = await rows.of(record_entity)
            record = newest[-1] if newest else None
    editing: Row | None = None
    form_entity = SITE.entity(page.entity)
    if page.kind == "form" and form_entity is not None and query.get("id"):
        editing = await api.row(form_entity.plural, query["id"])
        values.setdefault(form_entity.name, values_from_row(form_entity, editing))
    data = {element.id: await element_data(element, page, rows, query) for element in page.elements}
    feature_data: dict[str, dict[str, Any]] = {}
    for feature in [*page.features, *(e.feature for e in page.elements if e.feature)]:
        shown = SITE.entity(feature.info.get("entity"))
        found = await rows.of(shown, search_params(page, shown.name, query)) if shown is not None else []
        own = (
            record
            if shown is not None and record_entity is not None and shown.name == record_entity.name
            else None
        )
        reads = await feature_reads(api, feature, own, found)
        feature_data[feature.info["slug"]] = {"rows": found, "reads": reads}
    saved = SITE.entity(query.get("saved"))
    shown = {e.entity for e in page.elements if e.kind in ("list", "table") and data[e.id]}
    row_actions: dict[str, list[SiteElement]] = {}
    for element in page.elements:
        acts_on_rows = element.kind == "button" and element.action in ("delete", "toggle")
        if acts_on_rows and element.entity in shown and element.entity != page.record_entity:
            row_actions.setdefault(element.entity, []).append(element)
    return {
        "page": page,
        "data": data,
        "record": record,
        "record_entity": record_entity,
        "editing": editing,
        "values": values,
        "errors": errors,
        "forms": FORMS[page.name],
        "refs": await references(rows),
        "query": query,
        "saved": f"{saved.label} saved." if saved else "",
        "user": await visitor(request, api),
        "page_size": rows.limit,
        "page_sizes": PAGE_SIZES,
        "row_actions": row_actions,
        "feature_data": feature_data,
        "refused": rows.refused,
        "rows_shown": {name: True for name in shown if name},
        "here": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
    }


async def show_page(
    request: Request,
    page: SitePage,
    values: dict[str, dict[str, str]] | None = None,
    errors: dict[str, dict[str, str]] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    async with Api(request) as api:
        try:
            context = await page_context(request, page, api, values or {}, errors or {})
        except ApiError as err:
            if err.status_code not in (404, 422):
                raise
            missing = {"page": page, "message": "There is no such record (it may have been deleted)."}
            return render(request, "not_found.html", page.title, missing, 404)
    return render(request, "page.html", page.title, context, status_code)


def _status(err: ApiError) -> int:
    """The page's status for a refusal: 400 for values the API would not take, else the API's own."""
    return 400 if err.status_code == 422 else err.status_code


def local(target: str, fallback: str) -> str:
    """A path of this app to go back to (never another site)."""
    return target if target.startswith("/") and not target.startswith("//") else fallback


def after_save(page: SitePage, entity: SiteEntity, path: str) -> str:
    """Where a saved row is seen: this page if it lists the entity, else the entity's list page."""
    lists_here = any(e.kind in SHOWS_ROWS and e.entity == entity.name for e in page.elements)
    target = path if lists_here or not entity.list_route else entity.list_route
    return f"{target}?saved={quote(entity.name)}"


async def change_row(api: Api, entity: SiteEntity, action: str, row_id: str, value: str) -> None:
    """Delete a row, flip its yes/no field (or step its status), or move its card to another column."""
    if action == "delete":
        await api.delete(entity.plural, row_id)
        return
    row = await api.row(entity.plural, row_id)
    if action == "toggle" and entity.toggle_field:
        change: dict[str, Any] = {entity.toggle_field: not row.get(entity.toggle_field)}
    elif entity.status_field:
        choices = entity.field(entity.status_field).choices  # type: ignore[union-attr]
        current = row.get(entity.status_field)
        step = choices[(choices.index(current) + 1) % len(choices)] if current in choices else choices[0]
        change = {entity.status_field: value if action == "move" and value in choices else step}
    elif action == "move" and entity.toggle_field:
        change = {entity.toggle_field: value == "True"}
    else:
        raise ApiError(400, {"": f"{entity.label_plural} have no field to {action}"})
    await api.update(entity.plural, row_id, complete_state(entity, row, change))


async def submit_page(request: Request, page: SitePage) -> Response:
    form = await request.form()
    action = str(form.get("_action", "save"))
    entity = SITE.entity(str(form.get("_entity", "")))
    back = local(str(form.get("_back", "")), request.url.path)
    if action == "settings":
        size = str(form.get("page_size", ""))
        response = RedirectResponse(back, status_code=303)
        if size.isdigit() and int(size) in PAGE_SIZES:
            response.set_cookie(PAGE_SIZE_COOKIE, size, httponly=True, samesite="lax", path="/")
        return response
    if action == "signin" and page.kind == "login":
        return await sign_in_here(request, page, form)
    if action == "call":
        try:
            async with Api(request) as api:
                await call_from_form(api, form)
        except ApiError as err:
            return await show_page(request, page, errors={"": err.errors}, status_code=_status(err))
        return RedirectResponse(back, status_code=303)
    if entity is None or action not in ROW_ACTIONS:
        problem = {"": {"": "This form does not say what to do (an unknown action or kind of record)"}}
        return await show_page(request, page, errors=problem, status_code=400)
    try:
        async with Api(request) as api:
            if action == "save":
                names = FORMS[page.name].get(entity.name, [f.name for f in entity.fields])
                payload, problems = payload_from_form(entity, form, names)
                if problems:
                    raise ApiError(422, problems)
                row_id = str(form.get("_id", ""))
                if row_id:
                    row = await api.row(entity.plural, row_id)
                    await api.update(entity.plural, row_id, complete_state(entity, row, payload))
                else:
                    await api.create(entity.plural, payload)
                return RedirectResponse(after_save(page, entity, request.url.path), status_code=303)
            await change_row(api, entity, action, str(form.get("_id", "")), str(form.get("_value", "")))
    except ApiError as err:
        values = {entity.name: values_from_form(form)}
        return await show_page(request, page, values, {entity.name: err.errors}, _status(err))
    if action == "delete" and (page.record_entity == entity.name):
        back = entity.list_route or "/"
    return RedirectResponse(back, status_code=303)


async def sign_in_here(request: Request, page: SitePage, form: Any) -> Response:
    """The spec's own sign-in page posts here; the account pages do the same for /account/signin."""
    if not SITE.auth:
        message = {"": {"": "This app has no accounts: nothing needs signing in"}}
        return await show_page(request, page, errors=message, status_code=400)
    from .auth_pages import sign_in, signed_in

    email, password = str(form.get("email", "")), str(form.get("password", ""))
    async with Api(request) as api:
        try:
            token = await sign_in(api, email, password)
        except ApiError as err:
            message = "Wrong email or password" if err.status_code == 401 else "Enter an email and a password"
            values = {"": {"email": email}}
            return await show_page(request, page, values, {"": {"": message}}, 400)
    return signed_in(token, str(form.get("next", "/")))


def _handlers(
    page: SitePage,
) -> tuple[Callable[..., Awaitable[Response]], Callable[..., Awaitable[Response]]]:
    async def get(request: Request) -> Response:
        return await show_page(request, page)

    async def post(request: Request) -> Response:
        return await submit_page(request, page)

    return get, post


for _page in SITE.pages:
    _get, _post = _handlers(_page)
    router.add_api_route(
        _page.route, _get, methods=["GET"], response_class=HTMLResponse, name=f"page_{_page.name}"
    )
    router.add_api_route(_page.route, _post, methods=["POST"], name=f"submit_{_page.name}")

if not any(page.route == "/" for page in SITE.pages):
    _first = next(page.route for page in SITE.pages if "{" not in page.route)

    @router.get("/")
    def start() -> RedirectResponse:
        """The app has no page at /: its first page is where it starts."""
        return RedirectResponse(_first, status_code=307)


if SITE.auth:
    from .auth_pages import router as account_router

    router.include_router(account_router)
