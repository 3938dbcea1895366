"""Must-show: one test per documented change kind. The base app is revised on disk as a revision does it (only
the files whose generated text changed are written); the change is visible in the spec, in the code and in the
running app, every other file stays byte-identical, and (slow) the app's own tests, browser tests included,
pass again."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from nexusforge_agents.appspec import AppSpec
from nexusforge_agents.providers.offline.codegen import generate_app
from nexusforge_agents.providers.offline.revise import read_change_request
from nexusforge_agents.spec_impact import file_changes
from nexusforge_agents.spec_revision import apply_delta
from nexusforge_agents.tools.workspace import write_files

from .apps import apply_changes, run_own_tests, served, tree


@dataclass(frozen=True)
class Case:
    kind: str
    requests: tuple[str, ...]
    code: tuple[str, str]  # a file, and a pattern its new text has
    page: tuple[str, str]  # a route of the running app, and a pattern its response has (404 for "gone")
    only_files: frozenset[str] | None = None  # when set: exactly these files change
    gone: tuple[str, ...] = field(default=())  # routes the running app no longer serves


CASES = [
    Case("add_field", ("add a due date to tasks",), ("backend/models.py", r"due_date"),
         ("/task-form", r'id="task-due-date"[^>]*type="date"')),
    Case("add_field_choices", ("add a severity field with choices minor, major and critical to tasks",),
         ("backend/schemas.py", r"critical"), ("/task-form", r'id="task-severity".*critical')),
    Case("remove_field", ("remove the notes field",), ("backend/models.py", r"^(?!.*\bnote\b)"),
         ("/task-form", r"^(?!.*task-note\b)")),
    Case("rename_field", ("rename the notes field to details",), ("backend/models.py", r"\bdetails\b"),
         ("/task-form", r'id="task-details"')),
    Case("add_entity", ("add customers with name, email and phone",), ("backend/models.py", r"class Customer\b"),
         ("/customer-list", r'id="customers-table"')),
    Case("remove_entity", ("add customers with name and email", "remove customers"),
         ("backend/models.py", r"^(?!.*Customer)"), ("/task-list", r'id="tasks-table"'), gone=("/customer-list",)),
    Case("rename_entity", ("rename Task to Chore",), ("backend/models.py", r"class Chore\b"),
         ("/chore-list", r'id="chores-table"'), gone=("/task-list",)),
    Case("add_page", ("add a dashboard page",), ("backend/routers/stats.py", r"def "),
         ("/dashboard", r'id="stats-chart"')),
    Case("remove_page", ("remove the task form page",), ("backend/site.json", r"^(?!.*\"TaskForm\")"),
         ("/task-list", r'id="tasks-table"'), gone=("/task-form",)),
    Case("add_feature", ("let users export tasks to CSV",), ("backend/features/csv_export_tasks.py", r"csv"),
         ("/api/tasks/export.csv", r"title")),
    Case("colours", ("make the primary colour teal",), ("backend/static/theme.css", r"#008080"),
         ("/static/theme.css", r"#008080"),
         only_files=frozenset({"backend/site.json", "backend/static/theme.css", "backend/static/favicon.svg"})),
    Case("theme", ("use a dark theme",), ("backend/static/theme.css", r"#0f172a"), ("/static/theme.css", r"#ffffff"),
         only_files=frozenset({"backend/site.json", "backend/static/theme.css"})),
    Case("app_name", ('call the app "Chore Chart"',), ("README.md", r"Chore Chart"),
         ("/", r"<title>Chore Chart</title>")),
    Case("page_title", ("change the title of the task list page to 'My Tasks'",), ("backend/site.json", r"My Tasks"),
         ("/task-list", r"<title>My Tasks</title>")),
    Case("element_label", ("rename the 'Save' button to 'Store task'",), ("backend/site.json", r"Store task"),
         ("/task-form", r'id="save-task"[^>]*>\s*Store task'), only_files=frozenset({"backend/site.json"})),
    Case("sign_in_on", ("turn on sign-in",), ("backend/auth.py", r"def "), ("/login", r'id="login-email"')),
    Case("sign_in_off", ("turn on sign-in", "turn off sign-in"), ("backend/main.py", r"^(?!.*auth)"),
         ("/task-list", r'id="tasks-table"'), gone=("/login",)),
    Case("realtime_on", ("turn on real-time updates",), ("backend/realtime.py", r"WebSocket"),
         ("/live-feed", r"live")),
    Case("realtime_off", ("turn on real-time updates", "turn off real-time updates"),
         ("backend/main.py", r"^(?!.*realtime)"), ("/task-list", r'id="tasks-table"'), gone=("/live-feed",)),
]  # fmt: skip
BY_KIND = {case.kind: case for case in CASES}


@dataclass
class Revised:
    spec: AppSpec
    folder: Path
    files: dict[str, str]
    written: set[str]


def _revise(case: Case, base_spec: AppSpec, base_files: dict[str, str], folder: Path) -> Revised:
    write_files(folder, base_files)
    spec, files, written = base_spec, base_files, set()
    for request in case.requests:
        delta = read_change_request(spec, request)
        assert delta.changes and not delta.not_built, delta.summary()
        spec = apply_delta(spec, delta)
        new_files = generate_app(spec)
        changes = file_changes(files, new_files)
        before = tree(folder)
        apply_changes(folder, changes)
        after = tree(folder)
        untouched = set(before) - set(changes.written) - set(changes.removed)
        assert all(after[p] == before[p] for p in untouched)  # not rewritten: byte-identical
        files, written = new_files, written | set(changes.written)
    assert tree(folder) == {p: t.encode() for p, t in files.items()}  # the folder is exactly the new app
    return Revised(spec, folder, files, written)


@pytest.mark.parametrize("kind", sorted(BY_KIND))
def test_the_change_is_in_the_code_and_nothing_else_moves(kind: str, base_spec, base_files, tmp_path) -> None:
    case = BY_KIND[kind]
    revised = _revise(case, base_spec, base_files, tmp_path / "app")
    path, pattern = case.code
    assert re.search(pattern, revised.files[path], re.DOTALL), f"{path} lacks {pattern}"
    if case.only_files is not None:
        assert revised.written == case.only_files
    if len(case.requests) > 1 and kind.endswith("_off") or kind == "remove_entity":
        assert revised.files == base_files  # switching back / removing what was added restores the app exactly
    assert len(revised.written) < len(base_files) / 2  # a revision rewrites only what it needs


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(BY_KIND))
def test_the_revised_app_passes_its_own_tests_and_shows_the_change(kind: str, base_spec, base_files, tmp_path) -> None:
    case = BY_KIND[kind]
    revised = _revise(case, base_spec, base_files, tmp_path / "app")
    result = run_own_tests(revised.folder)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "no Chromium" not in result.stdout and "Playwright for Python is not installed" not in result.stdout
    assert "PASSED tests/test_browser.py::" in result.stdout  # the browser tests ran in Chromium and passed
    shutil.rmtree(revised.folder / "tests" / "__pycache__", ignore_errors=True)
    with served(revised.folder) as base:
        route, pattern = case.page
        page = httpx.get(base + route, timeout=10)
        assert page.status_code == 200, (route, page.status_code)
        assert re.search(pattern, page.text, re.DOTALL), f"{route} lacks {pattern}"
        for route in case.gone:
            assert httpx.get(base + route, timeout=10).status_code == 404, route


@pytest.mark.slow
def test_a_revised_app_keeps_the_rows_of_the_previous_version(base_spec, base_files, tmp_path) -> None:
    folder = tmp_path / "app"
    write_files(folder, base_files)
    with served(folder) as base:
        made = httpx.post(base + "/api/tasks", json={"title": "Stored by v1", "note": "old notes"}, timeout=10)
        assert made.status_code in (200, 201), made.text
    spec = base_spec
    for request in ("add a due date to tasks", "remove the notes field"):
        delta = read_change_request(spec, request)
        new_spec = apply_delta(spec, delta)
        apply_changes(folder, file_changes(generate_app(spec), generate_app(new_spec)))
        spec = new_spec
    with served(folder) as base:  # the same database file as v1
        rows = httpx.get(base + "/api/tasks", timeout=10).json()
        rows = rows["items"] if isinstance(rows, dict) else rows
        assert [r["title"] for r in rows] == ["Stored by v1"] and rows[0]["due_date"] is None
        assert "note" not in rows[0]
        new = httpx.post(base + "/api/tasks", json={"title": "v3", "due_date": "2026-12-01"}, timeout=10)
        assert new.status_code in (200, 201) and new.json()["due_date"] == "2026-12-01", new.text


@pytest.mark.slow
def test_renamed_fields_and_entities_keep_the_values_stored_before(base_spec, base_files, tmp_path) -> None:
    folder = tmp_path / "app"
    write_files(folder, base_files)
    text = next(f.name for f in base_spec.entity("Task").fields if f.type == "text")  # the notes, whatever its name
    with served(folder) as base:
        made = httpx.post(base + "/api/tasks", json={"title": "Stored by v1", text: "old notes"}, timeout=10)
        assert made.status_code in (200, 201), made.text
    spec = base_spec
    for request in (f"rename the {text} field to details", "rename Task to Chore"):
        new_spec = apply_delta(spec, read_change_request(spec, request))
        apply_changes(folder, file_changes(generate_app(spec), generate_app(new_spec)))
        spec = new_spec
    for _ in range(2):  # the same database file as v1; started twice: the renames are made once
        with served(folder) as base:
            assert httpx.get(base + "/api/tasks", timeout=10).status_code == 404
            rows = httpx.get(base + "/api/chores", timeout=10).json()
            rows = rows["items"] if isinstance(rows, dict) else rows
            assert [(r["title"], r["details"]) for r in rows] == [("Stored by v1", "old notes")]
            assert text not in rows[0]
