"""The pages' way to the data: this app's own JSON API, called in-process.

The pages are a client of the API, like any other: validation, storage (database or text files), sign-in
rules and per-user data are decided once, in the API, and the pages show what it answers. The calls go
straight to the ASGI application, with no network hop; the signed-in user's token travels with them.
"""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import Request

SESSION_COOKIE = "session"
Row = dict[str, Any]


class ApiError(Exception):
    """The API refused a request; ``errors`` maps a field name ("" for the whole request) to its message."""

    def __init__(self, status_code: int, errors: dict[str, str]) -> None:
        super().__init__(f"{status_code}: {errors}")
        self.status_code = status_code
        self.errors = errors


def _messages(status_code: int, body: Any) -> dict[str, str]:
    detail = body.get("detail") if isinstance(body, dict) else None
    if isinstance(detail, list):  # FastAPI's validation errors: one per field
        errors: dict[str, str] = {}
        for item in detail:
            location = item.get("loc", []) if isinstance(item, dict) else []
            field = str(location[-1]) if len(location) > 1 else ""
            message = str(item.get("msg", "is not valid")) if isinstance(item, dict) else str(item)
            errors.setdefault(field, "This field is required" if message == "Field required" else message)
        return errors
    if isinstance(detail, str):
        return {"": detail}
    return {"": f"The request failed ({status_code})"}


class Api:
    """One page request's view of the API, signed in as the page's visitor (if they are)."""

    def __init__(self, request: Request) -> None:
        token = request.cookies.get(SESSION_COOKIE)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        transport = httpx.ASGITransport(app=request.app)
        # The visitor's own scheme and host: addresses the API makes (an uploaded file's) then work for them.
        base = str(request.base_url).rstrip("/")
        self._client = httpx.AsyncClient(transport=transport, base_url=base, headers=headers)

    async def __aenter__(self) -> Api:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._client.aclose()

    async def call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = await self._client.request(method, path, **kwargs)
        json_body = response.headers.get("content-type", "").startswith("application/json")
        body = response.json() if response.content and json_body else response.text or None
        if response.status_code >= 400:
            raise ApiError(response.status_code, _messages(response.status_code, body))
        return body

    async def rows(self, plural: str, params: dict[str, str] | None = None) -> list[Row]:
        body = await self.call("GET", f"/api/{plural}", params=params or {})
        return body["items"] if isinstance(body, dict) and "items" in body else body

    async def row(self, plural: str, id: int | str) -> Row:
        return await self.call("GET", f"/api/{plural}/{id}")

    async def create(self, plural: str, payload: Row) -> Row:
        return await self.call("POST", f"/api/{plural}", json=payload)

    async def update(self, plural: str, id: int | str, payload: Row) -> Row:
        return await self.call("PUT", f"/api/{plural}/{id}", json=payload)

    async def delete(self, plural: str, id: int | str) -> None:
        await self.call("DELETE", f"/api/{plural}/{id}")
