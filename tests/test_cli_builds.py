"""Issue 10, rows 21 and 22: a build whose model cannot run here is refused before anything starts (CLI exit 2,
API 400 MODEL_UNAVAILABLE), and ``nexusforge builds`` lists the builds recorded under the home."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.auth.live_auth import AuthServer, auth_server
from tests.cli_helpers import ROOT

__all__ = ["auth_server"]  # the fixture: a real accounts-enabled server on 127.0.0.1
KEY_VARS = ("GEMINI_API_KEY", "GOOGLE_API_KEY", "OPENAI_API_KEY", "GOOGLE_GENAI_USE_VERTEXAI")
# Runs the real CLI with the gemini extra's packages made unimportable, as on an install without the extra.
WITHOUT_GEMINI_EXTRA = (
    "import sys; sys.modules['google.genai'] = None; sys.modules['langchain_google_genai'] = None; "
    "from nexusforge_agents.cli import main; sys.argv[0] = 'nexusforge'; main()"
)


def cli(*args: str, home: Path, extra_env: dict[str, str] | None = None, code: str | None = None):
    env = {k: v for k, v in os.environ.items() if k not in KEY_VARS}
    env.update({"NEXUSFORGE_HOME": str(home), "COLUMNS": "200", "PYTHONPATH": str(ROOT), **(extra_env or {})})
    command = [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "nexusforge_agents.cli", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_row21_a_model_without_its_key_is_refused_before_anything_starts(tmp_path: Path) -> None:
    out = tmp_path / "app"
    for model, variable in (
        ("spec=gemini:gemini-2.5-pro", "GEMINI_API_KEY"),
        ("coder=litellm:openai/gpt-4.1", "OPENAI_API_KEY"),
    ):
        result = cli("build", "Build a note keeper", "--model", model, "--out", str(out), home=tmp_path / "home")
        assert result.returncode == 2, result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error MODEL_UNAVAILABLE:"), result.stderr
        assert variable in lines[0] and "'offline'" in lines[0]
        assert "Session" not in result.stderr and not out.exists()  # nothing started, no folder made
    assert json.loads(cli("builds", "--json", home=tmp_path / "home").stdout) == []


def test_row21_a_model_without_its_extra_names_the_install_command(tmp_path: Path) -> None:
    result = cli(
        "build",
        "Build a note keeper",
        "--model",
        "spec=gemini:gemini-2.5-pro",
        home=tmp_path / "home",
        extra_env={"GEMINI_API_KEY": "set-but-unused"},
        code=WITHOUT_GEMINI_EXTRA,
    )
    assert result.returncode == 2, result.stderr
    assert "error MODEL_UNAVAILABLE:" in result.stderr
    assert 'pip install -e ".[gemini]"' in result.stderr


def test_row21_the_api_refuses_the_build_with_400_model_unavailable(
    auth_server: AuthServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in KEY_VARS:
        monkeypatch.delenv(name, raising=False)
    body = {"prompt": "Build a note keeper", "config": {"models": {"spec": "gemini:gemini-2.5-pro"}}}
    headers = auth_server.admin.headers
    r = auth_server.http.post("/api/nexus-forge/build", json=body, headers=headers)
    assert r.status_code == 400, r.text
    assert r.json()["error_code"] == "MODEL_UNAVAILABLE"
    assert "GEMINI_API_KEY" in r.json()["detail"]
    assert r.json()["details"]["agent"] == "spec" and r.json()["details"]["env_var"] == "GEMINI_API_KEY"

    monkeypatch.setenv("GEMINI_API_KEY", "set-but-unused")
    monkeypatch.setitem(sys.modules, "langchain_google_genai", None)  # as on an install without the extra
    r = auth_server.http.post("/api/nexus-forge/build", json=body, headers=headers)
    assert r.status_code == 400 and r.json()["error_code"] == "MODEL_UNAVAILABLE"
    assert 'pip install -e ".[gemini]"' in r.json()["detail"] and r.json()["details"]["extra"] == "gemini"
    listed = auth_server.http.get("/api/nexus-forge/builds", headers=headers).json()
    assert listed == [], "a refused build leaves no session behind"


def test_row22_builds_lists_local_builds_newest_first(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert cli("builds", home=home).stderr.startswith("No builds recorded in")
    started = []
    for name in ("first", "second"):  # --review: each build is recorded, then waits for its plan (no code is built)
        result = cli("build", f"Build a {name} note keeper", "--review", "--out", str(tmp_path / name), home=home)
        match = re.search(r"Session (\S+) -> (\S+)", result.stderr)
        assert match, result.stderr
        started.append((match[1], match[2]))

    listed = json.loads(cli("builds", "--json", home=home).stdout)
    assert [(b["session_id"], b["output_dir"]) for b in listed] == started[::-1]
    for build in listed:
        assert build["status"] == "awaiting_review" and build["started_at"].endswith("Z")
        assert "note keeper" in build["prompt"]
    table = cli("builds", home=home)
    assert table.returncode == 0
    for session_id, folder in started:
        assert session_id in table.stdout and folder in table.stdout


def test_row22_resume_of_an_unknown_session_points_at_builds(tmp_path: Path) -> None:
    result = cli("resume", "not-a-session", home=tmp_path / "home")
    assert result.returncode == 1
    assert "SESSION_NOT_FOUND" in result.stderr and "`nexusforge builds` lists the sessions" in result.stderr
    assert cli("builds", home=tmp_path / "home").returncode == 0
