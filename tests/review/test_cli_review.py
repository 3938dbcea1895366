"""`nexusforge build --review`, `approve` and `reject` through the real CLI in a subprocess (offline engine)."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_helpers import ROOT

PROMPT = "Build a note keeper with a title and a body for each note"


def cli(*args: str, home: Path, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    full = {**os.environ, "NEXUSFORGE_HOME": str(home), "COLUMNS": "200", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "nexusforge_agents.cli", *args],
        cwd=ROOT,
        env=full,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
    )


def session_of(result: subprocess.CompletedProcess) -> str:
    return re.search(r"Session (\S+) ->", result.stderr).group(1)


def test_scripted_review_shows_the_plan_and_waits_then_reject(tmp_path):
    home = tmp_path / "home"
    waiting = cli("build", PROMPT, "--review", "--no-video", "--json", "-o", str(tmp_path / "app"), home=home)
    assert waiting.returncode == 0, waiting.stderr
    plan = json.loads(waiting.stdout)
    entity = plan["entities"][0]["name"]
    assert plan["pages"] and plan["features"]
    sid = session_of(waiting)
    assert f"nexusforge approve {sid}" in waiting.stderr and f"{entity}: " in waiting.stderr, "the plan is shown"
    assert not (tmp_path / "app" / "backend").exists(), "no code before the plan is approved"

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**plan, "entities": [{**plan["entities"][0], "fields": [{"name": "t", "type": "?"}]}]}))
    refused = cli("approve", sid, "--spec", str(bad), home=home)
    assert (
        refused.returncode == 2 and "INVALID_INPUT" in refused.stderr and "entities.0.fields.0.type" in refused.stderr
    )

    rejected = cli("reject", sid, home=home)
    assert (rejected.returncode, rejected.stdout.strip()) == (0, "cancelled"), rejected.stderr
    late = cli("approve", sid, home=home)
    assert late.returncode == 1 and "INVALID_STATE" in late.stderr and "cancelled" in late.stderr
    assert "Traceback" not in refused.stderr + rejected.stderr + late.stderr


@pytest.mark.slow  # a whole offline build
def test_interactive_review_edits_in_the_editor_and_builds_the_edited_plan(tmp_path):
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import json, sys\n"
        "spec = json.load(open(sys.argv[1]))\n"
        "spec['name'] = 'Edited Notes'\n"
        "json.dump(spec, open(sys.argv[1], 'w'))\n"
    )
    built = cli(
        "build",
        PROMPT,
        "--review",
        "--no-video",
        "--json",
        "-o",
        str(tmp_path / "app"),
        home=tmp_path / "home",
        stdin="e\na\n",
        env={"EDITOR": f"{sys.executable} {editor}", "VISUAL": f"{sys.executable} {editor}"},
    )
    assert built.returncode == 0, built.stderr[-3000:]
    assert "Edited Notes" in built.stderr, "the edited plan is shown before it is approved"
    result = json.loads(built.stdout)
    assert result["status"] == "completed" and result["specification"]["name"] == "Edited Notes"
    assert json.loads((tmp_path / "app" / "spec.json").read_text())["name"] == "Edited Notes"
