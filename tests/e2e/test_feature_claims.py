"""Must-show: a request naming twelve features builds through the CLI with every feature claimed built, each with
the generated tests that show it; the claims in build.json are the ones the CLI prints."""

import json

import pytest

from tests.cli_helpers import run_cli

PROMPT = (
    "Build a task manager where users can create tasks with a title, status (todo, doing, done), due date and "
    "priority; search tasks, filter tasks by status, sort tasks by due date, mark tasks complete, validate the task "
    "form, view task details, group tasks into projects, see a dashboard with charts, a calendar of due dates, a "
    "kanban board by status, export tasks to CSV, import tasks from CSV, and comment on tasks"
)


@pytest.mark.slow
def test_twelve_requested_features_are_built_each_with_its_tests(tmp_path):
    app = tmp_path / "app"
    built = run_cli("build", PROMPT, "--out", str(app), "--no-video", home=tmp_path / "home", timeout=900)
    assert built.returncode == 0, built.stderr[-3000:]
    result = json.loads((app / "build.json").read_text())
    claims = result["features"]
    assert len(claims) >= 12
    assert [c["name"] for c in claims] == [f["name"] for f in result["specification"]["features"]]
    for claim in claims:
        assert claim["status"] == "built", f"{claim['name']}: {claim['reason']}"
        assert claim["tests"], claim["name"]
        for test in claim["tests"]:
            path, _, name = test.partition("::")
            assert f"def {name}(" in (app / path).read_text(), test
    assert result["tests"]["passed"] and result["tests"]["failed_count"] == 0
    assert f"features {len(claims)}/{len(claims)} built" in built.stdout + built.stderr
