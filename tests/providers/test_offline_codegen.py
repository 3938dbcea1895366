"""The offline code generator: the apps it writes pass their own tests, serve exactly the documented endpoints,
are ruff-clean, and come out the same every time."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nexusforge_agents.errors import InvalidInputError
from nexusforge_agents.providers.offline.codegen import generate_app
from nexusforge_agents.schemas import AppSpec, AuthSpec, ColorScheme, Entity, EntityField
from nexusforge_agents.spec_conventions import derive_endpoints, describe_component
from nexusforge_agents.tools.sandbox import run_app_tests
from nexusforge_agents.tools.workspace import validate_relpath, write_files

TASK = Entity(
    name="Task",
    plural="tasks",
    fields=[
        EntityField(name="title"),
        EntityField(name="notes", type="text", required=False),
        EntityField(name="done", type="boolean", required=False),
    ],
)
ORDER = Entity(
    name="Order",
    plural="orders",
    fields=[
        EntityField(name="customer"),
        EntityField(name="total", type="float"),
        EntityField(name="quantity", type="integer"),
        EntityField(name="status", choices=["pending", "paid", "shipped"]),
    ],
)
# Every field type, optional and required, choices, and an entity with no text field at all.
ODD = Entity(
    name="FieldTrip",
    plural="field_trips",
    fields=[
        EntityField(name="leader_email", type="email"),
        EntityField(name="website", type="url", required=False),
        EntityField(name="day", type="date"),
        EntityField(name="starts_at", type="datetime"),
        EntityField(name="ends_at", type="datetime", required=False),
        EntityField(name="budget", type="float", required=False),
        EntityField(name="seats", type="integer"),
        EntityField(name="paid", type="boolean"),
        EntityField(name="mode", choices=["bus", "train"], required=False),
        EntityField(name="summary", type="text"),
    ],
)
READING = Entity(
    name="Reading",
    plural="readings",
    fields=[EntityField(name="value", type="float"), EntityField(name="taken_on", type="date", required=False)],
)
# Text only in choice fields, so search is probed with a choice value.
CLAIM = Entity(
    name="Claim",
    plural="claims",
    fields=[EntityField(name="claim_number", type="integer"), EntityField(name="status", choices=["filed", "paid"])],
)
# A long plural: generated tables and tuples have to wrap the way ruff wraps them.
ARRANGEMENT = Entity(
    name="FuneralArrangementBooking",
    plural="funeral_arrangement_bookings",
    fields=[EntityField(name="family_name"), EntityField(name="guests", type="integer")],
)
IVORY_FOREST = ColorScheme(background="#fffff0", primary="#228b22", text="#1f2937", accent="#f59e0b")


def make_spec(name: str, entities: list[Entity], components: list[str], **overrides: object) -> AppSpec:
    values: dict[str, object] = {
        "name": name,
        "description": f"{name}: an app made by the offline engine's tests.",
        "features": [f"Manage {e.plural.replace('_', ' ')}" for e in entities],
        "ui_components": components,
        "entities": entities,
    }
    return AppSpec.model_validate(values | overrides)


SPECS = {
    "plain_crud": make_spec("Task Tracker", [TASK], ["TaskList", "TaskForm", "TaskDetail"], styling="css"),
    "auth": make_spec("Shop", [ORDER], ["OrderList", "OrderForm", "Login"], auth=AuthSpec(enabled=True)),
    "realtime": make_spec("Live Tasks", [TASK], ["TaskList", "LiveFeed"], realtime=True),
    "dashboard": make_spec("Sales Board", [ORDER, READING], ["Dashboard", "OrderList"], dashboard=True),
    "all_on": make_spec(
        "Field Trips & Orders",
        [ODD, ORDER],
        [
            "Home",
            "Dashboard",
            "FieldTripList",
            "FieldTripForm",
            "FieldTripDetail",
            "Login",
            "LiveFeed",
            "Settings",
            "UpcomingTrips",
        ],  # fmt: skip
        auth=AuthSpec(enabled=True),
        realtime=True,
        dashboard=True,
        colors=IVORY_FOREST,
    ),
    "odd_types": make_spec("Odd Types", [ODD, READING], ["FieldTripList", "ReadingList", "Dashboard"]),
    "quirky_text": make_spec(
        'The "Quoted" Claims Desk',
        [CLAIM, ARRANGEMENT],
        ["ClaimList", "Dashboard"],
        description='A claims desk whose "description" is long enough that the generated FastAPI app has to wrap it '
        "over several lines, with quotes of both kinds in it: users' notes, \\ backslashes and all.",
        dashboard=True,
    ),
}


def endpoint_set(spec: AppSpec) -> set[tuple[str, str]]:
    return {(e.method, e.path) for e in derive_endpoints(spec)}


def write_app(spec: AppSpec, root: Path) -> Path:
    write_files(root, generate_app(spec))
    return root


def served_endpoints(app_dir: Path) -> set[tuple[str, str]]:
    """(method, path) of every HTTP and WebSocket route the generated app serves, read in a fresh process."""
    script = (
        "import json\n"
        "from fastapi.routing import APIWebSocketRoute\n"
        "from backend.main import app\n"
        "served = [[m.upper(), p] for p, item in app.openapi()['paths'].items() for m in item]\n"
        "served += [['WS', r.path] for r in app.routes if isinstance(r, APIWebSocketRoute)]\n"
        "print(json.dumps(served))\n"
    )
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{app_dir / 'routes.db'}"}
    out = subprocess.run([sys.executable, "-c", script], cwd=app_dir, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return {(method, path) for method, path in json.loads(out.stdout)}


@pytest.mark.parametrize("case", sorted(SPECS))
def test_generated_app_passes_its_own_tests(case: str, tmp_path: Path) -> None:
    spec = SPECS[case]
    app_dir = write_app(spec, tmp_path / "app")
    report = asyncio.run(run_app_tests(app_dir, timeout_s=240))
    assert report.passed, report.output
    assert report.failed_count == 0
    # At least the fixed tests plus eight per entity; a suite that collected nothing would not pass this.
    assert report.passed_count >= 3 + 8 * len(spec.entities), report.output


@pytest.mark.parametrize("case", sorted(SPECS))
def test_generated_app_serves_exactly_the_derived_endpoints(case: str, tmp_path: Path) -> None:
    spec = SPECS[case]
    assert served_endpoints(write_app(spec, tmp_path / "app")) == endpoint_set(spec)


def test_routes_follow_the_features() -> None:
    plain, everything = endpoint_set(SPECS["plain_crud"]), endpoint_set(SPECS["all_on"])
    assert ("WS", "/ws/updates") not in plain and ("WS", "/ws/updates") in everything
    assert ("GET", "/api/stats") not in plain and ("GET", "/api/stats") in everything
    assert ("POST", "/api/auth/login") not in plain and ("POST", "/api/auth/login") in everything


def test_generated_tests_fail_when_the_app_is_broken(tmp_path: Path) -> None:
    app_dir = write_app(SPECS["auth"], tmp_path / "app")
    router = app_dir / "backend" / "routers" / "orders.py"
    source = router.read_text()
    broken = source.replace("    if q:\n", "    if q and False:\n")  # search ignored
    broken = broken.replace(", dependencies=WRITE)\ndef delete_order", ")\ndef delete_order")  # deletes unguarded
    assert broken.count("if q and False:") == 1 and broken.count("dependencies=WRITE") == 2
    router.write_text(broken)
    report = asyncio.run(run_app_tests(app_dir, timeout_s=240))
    assert not report.passed
    assert "test_search_ignores_case" in report.output
    assert "test_changes_need_a_signed_in_user" in report.output


def _digest(spec: AppSpec, hash_seed: str) -> str:
    script = (
        "import hashlib, json, sys\n"
        "from nexusforge_agents.providers.offline.codegen import generate_app\n"
        "from nexusforge_agents.schemas import AppSpec\n"
        "files = generate_app(AppSpec.model_validate_json(sys.stdin.read()))\n"
        "print(hashlib.sha256(json.dumps(files).encode()).hexdigest())\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    out = subprocess.run(
        [sys.executable, "-c", script], input=spec.model_dump_json(), env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_output_is_deterministic() -> None:
    spec = SPECS["all_on"]
    first = generate_app(spec)
    assert generate_app(spec) == first
    assert list(first) == sorted(first)
    expected = hashlib.sha256(json.dumps(first).encode()).hexdigest()
    assert _digest(spec, "1") == _digest(spec, "2") == expected


@pytest.mark.parametrize("case", sorted(SPECS))
def test_paths_are_safe_and_leave_other_agents_files_alone(case: str) -> None:
    files = generate_app(SPECS[case])
    for path in files:
        validate_relpath(path)
        assert path != "spec.json" and not path.startswith(("mockups/", "demo/"))
    for required in ("backend/main.py", "backend/database.py", "backend/models.py", "backend/schemas.py",
                     "tests/conftest.py", "pytest.ini", "requirements.txt", "Dockerfile", ".dockerignore",
                     "README.md", ".gitignore", "frontend/package.json", "frontend/index.html",
                     "frontend/vite.config.ts", "frontend/tsconfig.json", "frontend/src/main.tsx",
                     "frontend/src/App.tsx", "frontend/src/api.ts"):  # fmt: skip
        assert required in files


def _ruff(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    from ruff.__main__ import find_ruff_bin

    return subprocess.run([find_ruff_bin(), *args], cwd=cwd, capture_output=True, text=True)


def test_generated_python_is_ruff_clean_and_format_stable(tmp_path: Path) -> None:
    for case, spec in sorted(SPECS.items()):
        app_dir = write_app(spec, tmp_path / case)
        formatted = _ruff("format", "--isolated", "--line-length", "110", "--check", ".", cwd=app_dir)
        assert formatted.returncode == 0, f"{case}: {formatted.stdout}{formatted.stderr}"
        linted = _ruff("check", "--isolated", "--line-length", "110", "--select", "E,F,W,I,UP,B,SIM", ".", cwd=app_dir)
        assert linted.returncode == 0, f"{case}: {linted.stdout}{linted.stderr}"


def test_frontend_has_a_page_and_route_per_component() -> None:
    spec = SPECS["all_on"]
    files = generate_app(spec)
    app_tsx = files["frontend/src/App.tsx"]
    for name in spec.ui_components:
        info = describe_component(spec, name)
        assert f"frontend/src/pages/{name}.tsx" in files
        assert f'<Route path="{info.route}" element={{<{name}Page />}} />' in app_tsx
    assert "<DashboardPage" in app_tsx and "<DashboardView" in files["frontend/src/pages/Dashboard.tsx"]
    assert "BarChart" in files["frontend/src/components/DashboardView.tsx"]
    assert "<svg" in files["frontend/src/components/Charts.tsx"]
    assert "subscribeUpdates" in files["frontend/src/components/LiveFeedView.tsx"]
    assert '"/ws": { target: "ws://127.0.0.1:8000", ws: true }' in files["frontend/vite.config.ts"]
    assert '"/api": "http://127.0.0.1:8000"' in files["frontend/vite.config.ts"]
    api_ts = files["frontend/src/api.ts"]
    for call in ('"/api/auth/login"', '"/api/auth/me"', '"/api/stats"', '"/api/health"', "/ws/updates"):
        assert call in api_ts


def test_features_that_are_off_leave_no_trace_in_the_frontend() -> None:
    files = generate_app(make_spec("Todo", [TASK], ["TaskList", "Dashboard", "LiveFeed", "Login"], styling="css"))
    api_ts = files["frontend/src/api.ts"]
    assert '"/api/stats"' not in api_ts and "/ws/updates" not in api_ts and "/api/auth" not in api_ts
    assert "no /api/stats" in api_ts  # the dashboard computes its numbers from the list endpoints instead
    assert "has no WebSocket endpoint" in files["frontend/src/components/LiveFeedView.tsx"]
    assert "no user accounts" in files["frontend/src/components/NoAccountsView.tsx"]


def test_colours_and_styling_follow_the_spec() -> None:
    tailwind = generate_app(SPECS["all_on"])
    assert '@import "tailwindcss";' in tailwind["frontend/src/index.css"]
    for colour in ("#fffff0", "#228b22", "#1f2937", "#f59e0b"):
        assert colour in tailwind["frontend/src/index.css"]
    package = json.loads(tailwind["frontend/package.json"])
    assert {"tailwindcss", "@tailwindcss/vite", "vite", "@vitejs/plugin-react", "typescript"} <= set(
        package["devDependencies"]
    )
    assert "tailwindcss()" in tailwind["frontend/vite.config.ts"]
    plain = generate_app(SPECS["plain_crud"])
    assert "tailwind" not in plain["frontend/src/index.css"] + plain["frontend/package.json"]
    assert "--color-primary: #2563eb;" in plain["frontend/src/index.css"]


def test_project_files_say_how_to_run_and_test() -> None:
    spec = SPECS["all_on"]
    files = generate_app(spec)
    readme = files["README.md"]
    for line in ("pip install -r requirements.txt\npytest", "uvicorn backend.main:app --reload --port 8000",
                 "cd frontend && npm install && npm run dev"):  # fmt: skip
        assert line in readme
    for endpoint in derive_endpoints(spec):
        assert f"| {endpoint.method} | `{endpoint.path}` |" in readme
    assert "pyjwt" in files["requirements.txt"]
    assert "pyjwt" not in generate_app(SPECS["plain_crud"])["requirements.txt"]
    assert all(">=" in line for line in files["requirements.txt"].splitlines() if line and not line.startswith("#"))
    dockerfile = files["Dockerfile"]
    assert "FROM node:20" in dockerfile and "npm run build" in dockerfile and "${PORT:-8000}" in dockerfile
    assert {"mockups/", "demo/", "node_modules/", "*.db"} <= set(files[".dockerignore"].split())


def test_auth_secret_is_never_hard_coded() -> None:
    auth_py = generate_app(SPECS["auth"])["backend/auth.py"]
    assert 'os.environ.get("APP_SECRET_KEY") or secrets.token_urlsafe(32)' in auth_py
    assert "hashlib.scrypt" in auth_py


@pytest.mark.parametrize(
    ("entity", "problem"),
    [
        (Entity(name="Stat", plural="stats", fields=[EntityField(name="label")]), "reserves"),
        (Entity(name="Point", plural="points", fields=[EntityField(name="dt", type="date")]), "reserves"),
    ],
)
def test_specs_that_would_break_the_app_are_refused(entity: Entity, problem: str) -> None:
    with pytest.raises(InvalidInputError, match=problem):
        generate_app(make_spec("Broken", [entity], [f"{entity.name}List"], dashboard=True))
