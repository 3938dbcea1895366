"""What a feature's server fragment reads and does: its GET endpoints fetched before the page is rendered, and
its forms' requests to its other endpoints, passed to the API as the visitor.

A fragment's form says which request it makes in a hidden field ``_call`` ("POST /api/tasks/3/vote"; a
``{id}`` in it is the form's ``_id`` field, e.g. a row picked in a select); only the app's own /api/ paths may
be called, with the visitor's own session, so a form can do nothing the visitor could not do with the API
directly. The other fields become the JSON body: ``rating:int`` sends an integer, ``done:bool`` a boolean,
``answers.12`` the key 12 of the object ``answers``, plain names text. A file field ``_body`` is sent as the
whole request body (CSV imports); other file fields go as a multipart upload under their own names.
"""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData, UploadFile

from .api_client import Api, ApiError, Row
from .site_model import SiteFeature

METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MAX_ROWS_READ = 20  # a list page reads a per-row endpoint (reviews of each row) for its first rows only
_TYPES = {"int": int, "float": float, "bool": lambda raw: raw.lower() in ("on", "true", "1", "yes")}


async def feature_reads(
    api: Api, feature: SiteFeature, record: Row | None, rows: list[Row]
) -> dict[str, Any]:
    """endpoint -> what it answered (None when it refused). A per-row endpoint ("/{id}/...") answers for the
    page's record, or, on a page without one, as {row id: answer} for the first rows."""
    found: dict[str, Any] = {}
    for endpoint in feature.reads:
        path = endpoint.split(" ", 1)[1]
        if "{id}" not in path:
            found[endpoint] = await _get(api, path)
        elif record is not None:
            found[endpoint] = await _get(api, path.replace("{id}", str(record["id"])))
        else:
            found[endpoint] = {
                row["id"]: await _get(api, path.replace("{id}", str(row["id"])))
                for row in rows[:MAX_ROWS_READ]
            }
    return found


async def _get(api: Api, path: str) -> Any:
    try:
        return await api.call("GET", path)
    except ApiError:
        return None


def _body(form: FormData) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for key, value in form.multi_items():
        if key.startswith("_") or not isinstance(value, str):
            continue
        name, _, kind = key.partition(":")
        try:
            typed = _TYPES[kind](value) if kind in _TYPES else value
        except ValueError:
            raise ApiError(422, {name: "Enter a number"}) from None
        outer, dot, inner = name.partition(".")
        if dot:
            body.setdefault(outer, {})[inner] = typed
        else:
            body[name] = typed
    return body


async def call_from_form(api: Api, form: FormData) -> None:
    """Make the request the form names; ApiError when it is not allowed or the API refuses it."""
    method, _, path = str(form.get("_call", "")).partition(" ")
    if "{id}" in path:
        row_id = str(form.get("_id", ""))
        if not row_id.isdigit():
            raise ApiError(422, {"": "Choose one first"})
        path = path.replace("{id}", row_id)
    if method not in METHODS or not path.startswith("/api/") or ".." in path or "{" in path:
        raise ApiError(400, {"": "This form asks for a request the pages do not make"})
    upload = form.get("_body")
    files = {
        key: (value.filename or key, await value.read(), value.content_type or "application/octet-stream")
        for key, value in form.multi_items()
        if isinstance(value, UploadFile) and key != "_body" and value.filename
    }
    if isinstance(upload, UploadFile):
        content = await upload.read()
        headers = {"Content-Type": upload.content_type or "application/octet-stream"}
        await api.call(method, path, content=content, headers=headers)
    elif files:
        await api.call(method, path, files=files)
    elif method == "DELETE":
        await api.call(method, path)
    else:
        await api.call(method, path, json=_body(form))
