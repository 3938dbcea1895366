"""What every server-rendered page shares: the site model, the Jinja2 templates and the signed-in visitor."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from .api_client import SESSION_COOKIE, Api, ApiError
from .site_model import Site, SiteField
from .widgets import display

HERE = Path(__file__).resolve().parent
SITE = Site.load(HERE / "site.json")
STATIC = HERE / "static"
templates = Jinja2Templates(directory=HERE / "templates")
_DURATION = re.compile(r"(\d+)\s*(h|hours?|m|min|mins|minutes?|s|sec|secs|seconds?)\b", re.IGNORECASE)


def timer_seconds(label: str) -> int:
    """A timer's starting time from its label ('25 minutes', '1 hour 30 min'); 0: it counts up."""
    units = {"h": 3600, "m": 60, "s": 1}
    return sum(int(amount) * units[unit[0].lower()] for amount, unit in _DURATION.findall(label or ""))


def clock(seconds: int) -> str:
    """'04:05', '1:04:05', or '3 d 01:04:05' (app.js ticks the same format)."""
    days, rest = divmod(max(int(seconds), 0), 86400)
    hours, rest = divmod(rest, 3600)
    if days:
        return f"{days} d {hours:02d}:{rest // 60:02d}:{rest % 60:02d}"
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:02d}:{rest % 60:02d}"


def record_url(route: str, row_id: int) -> str:
    """The page of one row: the route's {id} filled in, or ?id= on a route without one."""
    return route.replace("{id}", str(row_id)) if "{id}" in route else f"{route}?id={row_id}"


def kebab(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", name).replace("_", "-").lower()


def field_choices(field: SiteField, refs: dict[str, dict[int, str]]) -> list[tuple[str, str]]:
    """(value, label) of a field's select: the rows it may reference, or its choices."""
    if field.references:
        return [(str(row_id), title) for row_id, title in refs.get(field.references, {}).items()]
    return [(choice, choice) for choice in field.choices]


templates.env.filters.update(
    display=display,
    timer_seconds=timer_seconds,
    clock=clock,
    record_url=record_url,
    kebab=kebab,
    tuple_of=lambda value: (value, value),
)
templates.env.globals.update(site=SITE, field_choices=field_choices)


async def visitor(request: Request, api: Api) -> str | None:
    """The signed-in visitor's email, or None (also when their session has expired)."""
    if not SITE.auth or not request.cookies.get(SESSION_COOKIE):
        return None
    try:
        account = await api.call("GET", "/api/auth/me")
    except ApiError:
        return None
    return str(account["email"])


def local_path(target: str | None, fallback: str) -> str:
    """``target`` when it is a path of this app, else ``fallback``: where a form goes back to never leads to
    another site ("//host" and "/\\host" are other sites to a browser)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return fallback


def render(
    request: Request, template: str, title: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    return templates.TemplateResponse(request, template, {"title": title, **context}, status_code=status_code)
