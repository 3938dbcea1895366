"""A small hand-written app with server-rendered pages, for testing the browser checks on something known.

``make_browser_app`` writes it (backend/main.py, served as ``backend.main:app``) with its spec and the generated
browser tests. ``break_with`` damages one thing the spec promises, so the tests can be shown to fail.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from nexusforge_agents.appspec import AppSpec
from nexusforge_agents.providers.offline.codegen.browser_tests import browser_test_files

Damage = Literal["element_id", "title", "flow", "navigation", "sign_in"]

SPEC = {
    "name": "Pantry",
    "description": "Keep a list of pantry items.",
    "frontend_style": "server",
    "features": [{"name": "Add items", "kind": "crud", "entity": "Item"}],
    "ui_components": ["Home", "ItemList", "ItemForm"],
    "entities": [
        {
            "name": "Item",
            "plural": "items",
            "fields": [{"name": "name", "type": "string"}, {"name": "qty", "type": "integer", "min": 1}],
        }
    ],
    "pages": [
        {
            "name": "Home",
            "route": "/",
            "title": "Pantry",
            "kind": "home",
            "elements": [
                {"id": "app-title", "kind": "heading"},
                {"id": "go-items", "kind": "link", "action": "navigate", "target": "/items"},
            ],
        },
        {
            "name": "ItemList",
            "route": "/items",
            "title": "Items | Pantry",
            "kind": "list",
            "entity": "Item",
            "elements": [
                {"id": "items-table", "kind": "table", "binds": "Item"},
                {"id": "new-item", "kind": "link", "action": "navigate", "target": "/items/new"},
            ],
        },
        {
            "name": "ItemForm",
            "route": "/items/new",
            "title": "New item | Pantry",
            "kind": "form",
            "entity": "Item",
            "elements": [
                {"id": "item-name", "kind": "input", "binds": "Item.name"},
                {"id": "item-qty", "kind": "number", "binds": "Item.qty"},
                {"id": "save-item", "kind": "button", "action": "submit"},
            ],
        },
    ],
}

MAIN = """
import secrets
from html import escape
from urllib.parse import parse_qs

from fastapi import FastAPI, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

app = FastAPI()
ITEMS: list[dict[str, str]] = []
ACCOUNTS: dict[str, str] = {}
SESSIONS: set[str] = set()
ACCOUNTS_ON = False


async def form_of(request: Request) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs((await request.body()).decode()).items()}


@app.post("/api/auth/register", status_code=201)
async def register(request: Request) -> dict[str, str]:
    body = await request.json()
    ACCOUNTS[body["email"]] = body["password"]
    return {"email": body["email"]}


@app.get("/login")
def login_page() -> HTMLResponse:
    return page(
        "Sign in | Pantry",
        '<form method="post" action="/login"><input id="login-email" name="email" type="email">'
        '<input id="login-password" name="password" type="password"><button id="login-submit">Sign in</button></form>',
    )


@app.post("/login")
async def login(request: Request) -> Response:
    form = await form_of(request)
    if ACCOUNTS.get(form.get("email", "")) != form.get("password"):
        return HTMLResponse("wrong email or password", status_code=401)
    token = secrets.token_hex(8)
    SESSIONS.add(token)
    answer = RedirectResponse("/", status_code=303)
    answer.set_cookie("session", token)
    return answer


def page(title: str, body: str) -> HTMLResponse:
    return HTMLResponse(f"<!doctype html><html><head><title>{title}</title></head><body>{body}</body></html>")


@app.get("/api/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/")
def home() -> HTMLResponse:
    return page("Pantry", '<h1 id="app-title">Pantry</h1><a id="go-items" href="/items">Items</a>')


@app.get("/items")
def items() -> HTMLResponse:
    rows = "".join(f"<tr><td>{escape(i['name'])}</td><td>{escape(i['qty'])}</td></tr>" for i in ITEMS)
    return page("Items | Pantry", f'<table id="items-table">{rows}</table><a id="new-item" href="/items/new">New</a>')


@app.get("/items/new")
def new_item() -> HTMLResponse:
    return page(
        "New item | Pantry",
        '<form method="post" action="/items/new"><input id="item-name" name="name" required>'
        '<input id="item-qty" name="qty" type="number" min="1" required>'
        '<button id="save-item" type="submit">Save</button></form>',
    )


@app.post("/items/new")
async def add_item(request: Request) -> Response:
    if ACCOUNTS_ON and request.cookies.get("session") not in SESSIONS:
        return HTMLResponse("sign in first", status_code=401)
    form = await form_of(request)
    ITEMS.append({"name": form.get("name", ""), "qty": form.get("qty", "")})
    return RedirectResponse("/items", status_code=303)
"""

DAMAGE: dict[str, tuple[str, str]] = {
    "element_id": ('<h1 id="app-title">', "<h1>"),
    "title": ('"New item | Pantry"', '"New item"'),
    "flow": ("ITEMS.append(", "len("),
    "navigation": ('id="new-item" href="/items/new"', 'id="new-item" href="/"'),
    "sign_in": ("    SESSIONS.add(token)\n", ""),
}
LOGIN_PAGE = {
    "name": "Login",
    "route": "/login",
    "title": "Sign in | Pantry",
    "kind": "login",
    "elements": [
        {"id": "login-email", "kind": "email"},
        {"id": "login-password", "kind": "password"},
        {"id": "login-submit", "kind": "button", "action": "submit"},
    ],
}


def browser_spec(*, accounts: bool = False) -> AppSpec:
    """The app's spec; with ``accounts``, adding an item needs a signed-in user (there is a Login page)."""
    if not accounts:
        return AppSpec.model_validate(SPEC)
    pages = [*SPEC["pages"], LOGIN_PAGE]  # type: ignore[list-item]
    components = [*SPEC["ui_components"], "Login"]  # type: ignore[list-item]
    return AppSpec.model_validate({**SPEC, "auth": {"enabled": True}, "pages": pages, "ui_components": components})


def make_browser_app(root: Path, break_with: Damage | None = None, *, accounts: bool = False) -> Path:
    """The app in ``root`` with its browser tests; ``break_with`` removes one promise of the spec from it."""
    source = MAIN.replace("ACCOUNTS_ON = False", f"ACCOUNTS_ON = {accounts}")
    if break_with is not None:
        old, new = DAMAGE[break_with]
        assert old in source, old
        source = source.replace(old, new)
    (root / "backend").mkdir(parents=True)
    (root / "backend" / "__init__.py").write_text("")
    (root / "backend" / "main.py").write_text(source)
    (root / "pytest.ini").write_text("[pytest]\npythonpath = .\ntestpaths = tests\n")
    for path, text in browser_test_files(browser_spec(accounts=accounts)).items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    return root
