"""The app's pages, served by the same process as the API: a GET and a POST route for every page in site.json.

GET renders the page from the API's data. POST takes the page's forms (create or edit a row, delete, toggle,
move a card, sign in, preferences), calls the API and redirects (Post/Redirect/Get); when the API refuses the
values, the page is shown again with the visitor's input and a message next to each field it refused.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from .api_client import Api, ApiError, Row
from .feature_calls import call_from_form, feature_reads
from .forms import complete_state, payload_from_form, values_from_form, values_from_row
from .page_data import Rows, element_data, references, search_params
from .site_model import Block, SiteElement, SiteEntity, SitePage
from .web import SITE, STATIC, local_path, render, visitor

router = APIRouter(include_in_schema=False)
PAGE_SIZES = (10, 20, 50, 100)
PAGE_SIZE_COOKIE = "page_size"
ROW_ACTIONS = frozenset({"save", "delete", "toggle", "move"})  # what a page's forms may ask for a row


def form_blocks(page: SitePage) -> dict[str, Block]:
    """entity -> the page's create form for it: a form block, or a ``form`` element (every field)."""
    forms: dict[str, Block] = {}
    for block in page.blocks:
        entity = SITE.entity(block.entity)
        if block.kind == "form" and entity is not None:
            forms[entity.name] = block
        for element in block.elements:
            shown = SITE.entity(element.entity)
            if element.kind == "form" and shown is not None and shown.name not in forms:
                forms[shown.name] = Block(
                    kind="form", entity=shown.name, elements=[], fields=[f.name for f in shown.fields]
                )
    return forms


FORMS = {page.name: form_blocks(page) for page in SITE.pages}


@router.get("/static/{path:path}")
def static_file(path: str) -> FileResponse:
    candidate = (STATIC / path).resolve()
    if not candidate.is_file() or not candidate.is_relative_to(STATIC):
        raise HTTPException(status_code=404, detail="Not Found")
    return FileResponse(candidate)


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


def after_save(block: Block, entity: SiteEntity, path: str) -> str:
    """Where the form leads once saved (site.py decided: the spec's target, or where the row is listed)."""
    return f"{block.after or path}?saved={quote(entity.name)}"


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
    back = local_path(str(form.get("_back", "")), request.url.path)
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
                block = FORMS[page.name].get(entity.name)
                if block is None:
                    raise ApiError(400, {"": f"This page has no form for {entity.label_plural.lower()}"})
                payload, problems = payload_from_form(entity, form, block.fields)
                if problems:
                    raise ApiError(422, problems)
                named = entity.session_field
                if named and named not in block.fields and (user := await visitor(request, api)):
                    payload[named] = user  # the form's row belongs to the signed-in visitor
                row_id = str(form.get("_id", ""))
                if row_id:
                    row = await api.row(entity.plural, row_id)
                    await api.update(entity.plural, row_id, complete_state(entity, row, payload))
                else:
                    await api.create(entity.plural, payload)
                return RedirectResponse(after_save(block, entity, request.url.path), status_code=303)
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
    from .auth_pages import sign_in_form, signed_in

    token, email, problem = await sign_in_form(request, form)
    if token is None:
        return await show_page(request, page, {"": {"email": email}}, {"": {"": problem}}, 400)
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
