"""Hand-made app folders for the evaluator tests: a small working FastAPI backend with a React-style frontend,
and ways to break each part. Written here, not generated, so the evaluators are tested independently of the
engine they will judge."""

from __future__ import annotations

from pathlib import Path

from nexusforge_agents.schemas import AppSpec, AuthSpec, ColorScheme, Entity, EntityField
from nexusforge_agents.spec_conventions import derive_endpoints

BACKEND = '''"""A note keeper: health, CRUD for notes with ?q= search, stats."""
import itertools
from typing import Literal

from fastapi import FastAPI, Header, HTTPException, Response
from pydantic import BaseModel, Field

app = FastAPI(title="Notes")
NOTES: dict[int, dict] = {}
IDS = itertools.count(1)


class NoteIn(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    body: str = ""
    category: Literal["work", "home"] = "work"
    priority: int = Field(1, ge=1, le=5)


@app.get("/api/health")
def health() -> dict:
    return {"status": "ok"}


@app.get("/api/notes")
def list_notes(q: str | None = None) -> list[dict]:
    rows = list(NOTES.values())
    if q:
        rows = [r for r in rows if q.lower() in (r["title"] + " " + r["body"]).lower()]
    return rows


@app.post("/api/notes", status_code=201)
def create_note(note: NoteIn) -> dict:
    row = {"id": next(IDS), **note.model_dump()}
    NOTES[row["id"]] = row
    return row


@app.get("/api/notes/{id}")
def get_note(id: int) -> dict:
    if id not in NOTES:
        raise HTTPException(404, "not found")
    return NOTES[id]


@app.put("/api/notes/{id}")
def update_note(id: int, note: NoteIn) -> dict:
    if id not in NOTES:
        raise HTTPException(404, "not found")
    NOTES[id] = {"id": id, **note.model_dump()}
    return NOTES[id]


@app.delete("/api/notes/{id}", status_code=204)
def delete_note(id: int) -> Response:
    DELETE_BODY
    return Response(status_code=204)


AUTH_ROUTES


@app.get("/api/stats")
def stats() -> dict:
    return {"counts": {"notes": len(NOTES)}, "series": {}, "sums": {}}
'''
AUTH = """
ACCOUNTS: dict[str, str] = {}


class Credentials(BaseModel):
    email: str
    password: str = Field(min_length=8)


@app.post("/api/auth/register", status_code=201)
def register(body: Credentials) -> dict:
    if body.email in ACCOUNTS:
        raise HTTPException(409, "taken")
    ACCOUNTS[body.email] = body.password
    return {"email": body.email}


@app.post("/api/auth/login")
def login(body: Credentials) -> dict:
    if ACCOUNTS.get(body.email) != body.password:
        raise HTTPException(401, "wrong email or password")
    return {"access_token": "token-" + body.email, "token_type": "bearer"}


@app.get("/api/auth/me")
def me(authorization: str = Header("")) -> dict:
    if authorization.removeprefix("Bearer token-") not in ACCOUNTS:
        raise HTTPException(401, "sign in")
    return {"email": authorization.removeprefix("Bearer token-")}
"""
WORKING_DELETE = 'if NOTES.pop(id, None) is None:\n        raise HTTPException(404, "not found")'
BROKEN_DELETE = 'raise HTTPException(500, "delete is not implemented")'
OWN_TEST = """from fastapi.testclient import TestClient

from backend.main import app


def test_health():
    assert TestClient(app).get("/api/health").json() == {"status": "ok"}
"""
APP_TSX = """import { BrowserRouter, NavLink, Route, Routes } from "react-router-dom";
import NoteList from "./pages/NoteList";
import Home from "./pages/Home";

export default function App() {
  return (
    <BrowserRouter>
      <nav>
        <NavLink to="/">Home</NavLink>
        <NavLink to="/note-list">Notes</NavLink>
      </nav>
      <Routes>
        <Route path="/" element={<Home />} />
        <Route path="/note-list" element={<NoteList />} />
      </Routes>
    </BrowserRouter>
  );
}
"""
CSS = """:root {
  --color-background: BG;
  --color-primary: PRIMARY;
}
body { background: var(--color-background); }
"""


def notes_spec(**update: object) -> AppSpec:
    spec = AppSpec(
        name="Notes",
        description="A note keeper",
        features=["Notes with categories"],
        ui_components=["Home", "NoteList", "NoteForm"],
        entities=[
            Entity(
                name="Note",
                plural="notes",
                fields=[
                    EntityField(name="title"),
                    EntityField(name="body", type="text", required=False),
                    EntityField(name="category", choices=["work", "home"]),
                    EntityField(name="priority", type="integer"),
                ],
            )
        ],
        colors=ColorScheme(background="#ffffff", primary="#000080"),
        auth=AuthSpec(enabled=False),
    )
    spec = spec.model_copy(update=update)
    return spec.model_copy(update={"api_endpoints": derive_endpoints(spec)})


def make_app(
    root: Path,
    *,
    background: str = "#ffffff",
    primary: str = "#000080",
    import_error: bool = False,
    broken_delete: bool = False,
    failing_test: bool = False,
    auth: bool = False,
) -> Path:
    """Write the notes app into ``root`` and return it."""
    backend = BACKEND.replace("DELETE_BODY", BROKEN_DELETE if broken_delete else WORKING_DELETE)
    backend = backend.replace("AUTH_ROUTES", AUTH if auth else "")
    if import_error:
        backend = "import a_module_that_does_not_exist\n" + backend
    files = {
        "backend/__init__.py": "",
        "backend/main.py": backend,
        "tests/test_app.py": OWN_TEST.replace('{"status": "ok"}', '{"status": "down"}') if failing_test else OWN_TEST,
        "pytest.ini": "[pytest]\npythonpath = .\n",
        "frontend/package.json": '{"name": "notes", "private": true}\n',
        "frontend/src/App.tsx": APP_TSX,
        "frontend/src/pages/NoteList.tsx": "export default function NoteList() { return <h1>Notes</h1>; }\n",
        "frontend/src/pages/Home.tsx": "export default function Home() { return <h1>Home</h1>; }\n",
        "frontend/src/index.css": CSS.replace("BG", background).replace("PRIMARY", primary),
    }
    if auth:
        files["frontend/src/pages/Login.tsx"] = "export default function Login() { return <h1>Sign in</h1>; }\n"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root
