"""The feature library: every spec feature is claimed built (with the tests that show it, which pass) or not built
(with the reason), and the pages carry the spec's titles and element ids. Specs are made by hand here, so these
tests do not depend on how the spec writer classifies requests."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from nexusforge_agents.graph.claims import checked_claims, claims_line
from nexusforge_agents.providers.offline.codegen import generate_app, generate_app_with_claims
from nexusforge_agents.providers.offline.codegen.features import IMPLEMENTATIONS
from nexusforge_agents.schemas import AppSpec, TestReport
from nexusforge_agents.tools.workspace import write_files

PROJECT = {"name": "Project", "plural": "projects", "fields": [
    {"name": "name"}, {"name": "budget", "type": "float", "min": 0, "max": 100000}],
    "seed": [{"name": "Launch", "budget": 500}, {"name": "Website", "budget": 1200}]}  # fmt: skip
TASK = {"name": "Task", "plural": "tasks", "fields": [
    {"name": "title", "min": 3, "max": 80}, {"name": "notes", "type": "text", "required": False},
    {"name": "status", "choices": ["todo", "doing", "done"]}, {"name": "done", "type": "boolean", "required": False},
    {"name": "due_on", "type": "date"}, {"name": "points", "type": "integer", "min": 1, "max": 13},
    {"name": "project_id", "type": "reference", "references": "Project", "required": False}],
    "seed": [{"title": "Write plan", "status": "todo", "due_on": "2024-05-02", "points": 3,
              "project_id": "Launch"}]}  # fmt: skip
TWELVE = [
    ("Search tasks", "search", "title"),
    ("Filter by status", "filter", "status"),
    ("Sort by due date", "sort", "due_on"),
    ("Mark tasks complete", "status_toggle", "done"),
    ("Validate task input", "validation", None),
    ("Task details", "detail", None),
    ("Tasks belong to projects", "relation", "project_id"),
    ("Progress dashboard", "dashboard", None),
    ("Calendar of due dates", "calendar", "due_on"),
    ("Kanban board", "kanban", "status"),
    ("Export tasks to CSV", "csv_export", None),
    ("Import tasks from CSV", "csv_import", None),
    ("Manage tasks", "crud", None),
]


def spec_with(features: list[dict[str, object]], **overrides: object) -> AppSpec:
    values: dict[str, object] = {
        "name": "Team Tasks",
        "description": "Tasks in projects, with statuses and due dates.",
        "ui_components": ["Home", "TaskList", "TaskForm", "TaskDetail", "ProjectList", "ProjectDetail", "Dashboard"],
        "entities": [PROJECT, TASK],
        "features": features,
    }
    return AppSpec.model_validate(values | overrides)


def twelve_feature_spec() -> AppSpec:
    features = [
        {"name": name, "kind": kind, "entity": None if kind == "dashboard" else "Task", "field": field}
        for name, kind, field in TWELVE
    ]
    return spec_with([*features, {"name": "Teleport tasks to Mars", "kind": "custom"}])


def run_pytest(app_dir: Path) -> dict[str, str]:
    """test id -> outcome ('passed', 'failed', 'skipped') of the app's own suite, run like a user would."""
    report = app_dir / "report.xml"
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}"],
                   cwd=app_dir, capture_output=True, text=True, timeout=600, check=False)  # fmt: skip
    outcomes = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        path = case.get("classname", "").replace(".", "/") + ".py"
        name = case.get("name", "").split("[")[0]
        state = "failed" if case.find("failure") is not None or case.find("error") is not None else "passed"
        state = "skipped" if case.find("skipped") is not None else state
        key = f"{path}::{name}"
        outcomes[key] = "failed" if outcomes.get(key) == "failed" else state
    return outcomes


def test_a_request_with_twelve_features_builds_every_one_with_a_passing_test(tmp_path: Path) -> None:
    spec = twelve_feature_spec()
    files, claims = generate_app_with_claims(spec)
    assert [c.name for c in claims] == spec.feature_names
    by_name = {c.name: c for c in claims}
    for name, kind, _ in TWELVE:
        claim = by_name[name]
        assert claim.status == "built", f"{name}: {claim.reason}"
        assert claim.kind == kind and claim.tests and claim.endpoints and claim.pages
    custom = by_name["Teleport tasks to Mars"]
    assert custom.status == "not_built" and "custom" in custom.reason
    assert claims_line(claims).startswith(f"features {len(TWELVE)}/{len(TWELVE) + 1} built; not built: Teleport")

    app_dir = tmp_path / "app"
    write_files(app_dir, files)
    outcomes = run_pytest(app_dir)
    for claim in claims:
        for test in claim.tests:
            assert outcomes.get(test) == "passed", f"{claim.name}: {test} -> {outcomes.get(test)}"
    assert not [t for t, state in outcomes.items() if state == "failed"]


def test_a_filter_on_a_date_field_builds_and_its_tests_pass(tmp_path: Path) -> None:
    """A date filter types its query parameter with the datetime module: the router must import it."""
    spec = spec_with([{"name": "Tasks due on a day", "kind": "filter", "entity": "Task", "field": "due_on"}])
    files, claims = generate_app_with_claims(spec)
    assert claims[0].status == "built", claims[0].reason
    app_dir = tmp_path / "app"
    write_files(app_dir, files)
    outcomes = run_pytest(app_dir)
    assert outcomes and all(state != "failed" for state in outcomes.values()), outcomes
    assert all(outcomes.get(test) == "passed" for test in claims[0].tests), claims[0].tests


@pytest.mark.parametrize(
    ("kind", "field", "reason"),
    [
        ("filter", "notes", "free text"),
        ("calendar", "title", "no date field"),
        ("kanban", "done", "no field with choices"),
        ("relation", "title", "no reference field"),
        ("status_toggle", "points", "no yes/no field"),
        ("filter", "colour", "has no field 'colour'"),
    ],
)
def test_a_feature_its_entity_cannot_carry_is_not_built_with_the_reason(kind: str, field: str, reason: str) -> None:
    spec = spec_with([{"name": "The feature", "kind": kind, "entity": "Task", "field": field}])
    _, claims = generate_app_with_claims(spec)
    assert claims[0].status == "not_built" and reason in claims[0].reason
    assert not claims[0].tests


def test_features_need_the_page_they_show_on() -> None:
    spec = spec_with(
        [{"name": "Stats", "kind": "dashboard"}, {"name": "Details", "kind": "detail", "entity": "Task"}],
        ui_components=["TaskList", "TaskForm"],
    )
    claims = {c.name: c for c in generate_app_with_claims(spec)[1]}
    assert "no dashboard page" in claims["Stats"].reason
    assert "no detail page for Task" in claims["Details"].reason


def test_every_kind_the_spec_can_name_has_a_place_in_the_library() -> None:
    assert set(IMPLEMENTATIONS) <= set(AppSpec.model_json_schema()["$defs"]["Feature"]["properties"]["kind"]["enum"])
    for kind, impl in IMPLEMENTATIONS.items():
        assert impl.kind == kind


def test_claims_are_checked_against_the_code_and_the_test_run(tmp_path: Path) -> None:
    spec = twelve_feature_spec()
    files, _ = generate_app_with_claims(spec)
    write_files(tmp_path, files)
    claims = checked_claims(tmp_path, spec, files, None)
    assert sum(c.status == "built" for c in claims) == len(TWELVE)

    sort_test = next(c for c in claims if c.kind == "sort").tests[0]
    failed_run = TestReport(passed=False, exit_code=1, output=f"FAILED {sort_test} - AssertionError\n")
    sort_claim = next(c for c in checked_claims(tmp_path, spec, files, failed_run) if c.kind == "sort")
    assert sort_claim.status == "not_built" and "failed" in sort_claim.reason

    without_tests = {p: t for p, t in files.items() if "test_feature_kanban" not in p}
    kanban = next(c for c in checked_claims(tmp_path, spec, without_tests, None) if c.kind == "kanban")
    assert kanban.status == "not_built" and "not in the code" in kanban.reason

    (tmp_path / "features.json").unlink()
    assert all(c.status == "not_built" and "no claims" in c.reason for c in checked_claims(tmp_path, spec, files, None))


def test_pages_carry_the_spec_titles_element_ids_and_navigation() -> None:
    spec = AppSpec.model_validate(
        {
            "name": "Expense Tracker",
            "description": "Track expenses.",
            "ui_components": ["AddExpense", "ExpenseList"],
            "entities": [
                {
                    "name": "Expense",
                    "plural": "expenses",
                    "fields": [
                        {"name": "amount", "type": "float"},
                        {"name": "category", "choices": ["Food", "Travel"]},
                        {"name": "spent_on", "type": "date"},
                    ],
                }
            ],  # fmt: skip
            "features": [
                {
                    "name": "Filter by category",
                    "kind": "filter",
                    "entity": "Expense",
                    "field": "category",
                    "pages": ["ExpenseList"],
                }
            ],  # fmt: skip
            "pages": [
                {
                    "name": "AddExpense",
                    "route": "/",
                    "title": "Add Expense - Expense Tracker",
                    "kind": "form",
                    "entity": "Expense",
                    "elements": [
                        {"id": "amountInput", "kind": "number", "binds": "Expense.amount", "label": "Amount"},
                        {
                            "id": "categorySelect",
                            "kind": "select",
                            "binds": "Expense.category",
                            "options": ["Food", "Travel"],
                        },
                        {"id": "addExpenseBtn", "kind": "button", "action": "submit", "label": "Add"},
                        {
                            "id": "viewExpensesLink",
                            "kind": "link",
                            "action": "navigate",
                            "target": "/expenses",
                            "label": "View expenses",
                        },
                    ],
                },
                {
                    "name": "ExpenseList",
                    "route": "/expenses",
                    "title": "All Expenses",
                    "kind": "list",
                    "entity": "Expense",
                    "elements": [
                        {"id": "expenseTable", "kind": "table", "binds": "Expense"},
                        {"id": "categoryFilter", "kind": "select", "action": "filter", "options": ["Food", "Travel"]},
                        {"id": "backHome", "kind": "button", "action": "navigate", "target": "/", "label": "Back"},
                    ],
                },
            ],
        }  # fmt: skip
    )
    files = generate_app(spec)
    add = files["frontend/src/pages/AddExpense.tsx"]
    assert 'useDocumentTitle("Add Expense - Expense Tracker")' in add
    for element_id in ("amountInput", "categorySelect", "addExpenseBtn"):
        assert f'"{element_id}"' in add
    assert 'submitId="addExpenseBtn"' in add
    assert '<Link id="viewExpensesLink" className="btn" to="/expenses">' in add
    listing = files["frontend/src/pages/ExpenseList.tsx"]
    assert 'useDocumentTitle("All Expenses")' in listing
    assert '<EntityTable id="expenseTable"' in listing
    assert '<FilterExpenses id="categoryFilter" />' in listing
    assert '<Link id="backHome" className="btn" to="/">' in listing
    assert '<Route path="/" element={<AddExpensePage />} />' in files["frontend/src/App.tsx"]


RECIPE = {"name": "Recipe", "plural": "recipes", "fields": [{"name": "title"}, {"name": "minutes", "type": "integer"},
          {"name": "price", "type": "float", "min": 0}, {"name": "ready_at", "type": "datetime"},
          {"name": "photo_url", "type": "url", "required": False},
          {"name": "latitude", "type": "float", "required": False},
          {"name": "longitude", "type": "float", "required": False}]}  # fmt: skip
QUESTION = {"name": "Question", "plural": "questions", "fields": [{"name": "prompt"}, {"name": "answer"}]}
MORE_KINDS = ["reviews", "comments", "favorites", "poll", "random_draw", "timer", "map", "upload", "cart", "orders"]


def kinds_spec(auth: bool) -> AppSpec:
    """Every kind over one entity; with accounts, its rows are per account (``owned``), for the kinds' own
    endpoints too."""
    features: list[dict[str, object]] = [
        {"name": f"The {kind}", "kind": kind, "entity": "Recipe"} for kind in MORE_KINDS
    ]
    features += [{"name": "The quiz", "kind": "quiz", "entity": "Question"}]
    features += [{"name": "Accounts", "kind": "auth"}] if auth else []
    return AppSpec.model_validate(
        {
            "name": "Recipe Box",
            "description": "Recipes to rate, buy and find on a map.",
            "ui_components": ["RecipeList", "RecipeForm", "RecipeDetail", "QuestionList", *(["Login"] if auth else [])],
            "entities": [RECIPE | {"owned": auth}, QUESTION],
            "features": features,
        }
    )


# Written into the app with per-account recipes: another account sees none of them through the features either.
ACCOUNTS_APART = """
from fastapi.testclient import TestClient

ROW = {"title": "Soup", "minutes": 20, "price": 4.5, "ready_at": "2024-05-01T12:00:00", "latitude": 1.5,
       "longitude": 2.5}


def sign_up(client: TestClient, email: str) -> dict[str, str]:
    account = {"email": email, "password": "a long enough password"}
    assert client.post("/api/auth/register", json=account).status_code == 201
    return {"Authorization": "Bearer " + client.post("/api/auth/login", json=account).json()["access_token"]}


def test_feature_endpoints_keep_accounts_apart(client: TestClient, auth_headers: dict[str, str]) -> None:
    mine = client.post("/api/recipes", json=ROW, headers=auth_headers).json()
    other = sign_up(client, "other@mail.test")
    assert client.get("/api/recipes/markers", headers=auth_headers).json()[0]["id"] == mine["id"]
    assert client.get("/api/recipes/markers", headers=other).json() == []
    assert client.get("/api/recipes/results", headers=other).json() == []
    assert client.get(f"/api/recipes/{mine['id']}/countdown", headers=other).status_code == 404
    assert client.post(f"/api/recipes/{mine['id']}/reviews", json={"rating": 5}, headers=other).status_code == 404
    assert client.post("/api/recipes/draws", headers=other).status_code == 409  # nothing of theirs to draw
    assert client.get("/api/recipes/markers").status_code == 401
"""


def text_files_spec() -> AppSpec:
    return AppSpec.model_validate(
        {
            "name": "Expense Tracker",
            "description": "Expenses kept in plain text files.",
            "ui_components": ["ExpenseList", "ExpenseForm", "Login"],
            "auth": {"enabled": True},
            "roles": [{"name": "member"}, {"name": "admin"}],
            "entities": [
                {
                    "name": "Expense",
                    "plural": "expenses",
                    "fields": [
                        {"name": "spent_on", "type": "date"},
                        {"name": "category", "choices": ["Food", "Travel"]},
                        {"name": "amount", "type": "float", "min": 0},
                    ],
                    "seed": [{"spent_on": "2024-01-05", "category": "Food", "amount": 12.5}],
                },
                {
                    "name": "Note",
                    "plural": "notes",
                    "owned": True,
                    "fields": [{"name": "text"}, {"name": "pinned", "type": "boolean", "required": False}],
                },
            ],  # fmt: skip
            "storage": {
                "kind": "text_files",
                "files": [
                    {
                        "path": "data/expenses.txt",
                        "entity": "Expense",
                        "delimiter": "|",
                        "columns": ["spent_on", "category", "amount"],
                        "example_lines": ["2024-01-05|Food|12.5", "2024-01-06|Travel|40.0"],
                    }
                ],
            },  # fmt: skip
            "features": [
                {"name": "Plain-text storage", "kind": "text_storage"},
                {"name": "Sign in", "kind": "auth"},
                {"name": "Filter by category", "kind": "filter", "entity": "Expense", "field": "category"},
                {"name": "Pin notes", "kind": "status_toggle", "entity": "Note"},
            ],
        }
    )


@pytest.mark.parametrize("case", ["kinds", "kinds_with_accounts", "text_files_roles_and_owned_rows"])
def test_every_library_kind_builds_and_passes_its_tests(case: str, tmp_path: Path) -> None:
    spec = {"kinds": kinds_spec(False), "kinds_with_accounts": kinds_spec(True)}.get(case) or text_files_spec()
    files, claims = generate_app_with_claims(spec)
    built = {c.kind for c in claims if c.status == "built"}
    if case == "text_files_roles_and_owned_rows":
        assert built == {"text_storage", "auth", "filter", "status_toggle"}
        assert "python-multipart" not in files["requirements.txt"]
    else:
        assert set(MORE_KINDS) | {"quiz"} <= built
        assert '"leaflet"' in files["frontend/package.json"] and "python-multipart" in files["requirements.txt"]
    if case == "kinds_with_accounts":
        files["tests/test_accounts_apart.py"] = ACCOUNTS_APART
    write_files(tmp_path / "app", files)
    outcomes = run_pytest(tmp_path / "app")
    assert not [t for t, state in outcomes.items() if state == "failed"], outcomes
    if case == "kinds_with_accounts":
        assert outcomes["tests/test_accounts_apart.py::test_feature_endpoints_keep_accounts_apart"] == "passed"
    for claim in claims:
        assert all(outcomes.get(t) == "passed" for t in claim.tests), claim
