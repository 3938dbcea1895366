"""The generated app set up exactly as its README says: a fresh venv from requirements.txt, then `pytest`; and a
generated frontend really installed and built with npm."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nexusforge_agents.providers.offline.codegen import generate_app
from nexusforge_agents.tools.processes import clean_env
from nexusforge_agents.tools.workspace import write_files

from .test_offline_codegen import SPECS, TASK, make_spec

pytestmark = pytest.mark.slow


def run(args: list[str], cwd: Path, timeout: float, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        args, cwd=cwd, env=env or clean_env(), capture_output=True, text=True, timeout=timeout, check=False
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{' '.join(args)} failed ({result.returncode}):\n{output[-6000:]}"
    return output


def test_readme_setup_in_a_fresh_venv_passes_the_generated_tests(tmp_path: Path) -> None:
    spec = SPECS["all_on"]
    app_dir = tmp_path / "app"
    write_files(app_dir, generate_app(spec))
    readme = (app_dir / "README.md").read_text()
    assert "pip install -r requirements.txt\npytest" in readme

    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path, timeout=120)
    bin_dir = venv / "bin"
    env = clean_env({"PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", "VIRTUAL_ENV": str(venv)})
    run(["pip", "install", "--disable-pip-version-check", "-q", "-r", "requirements.txt"], app_dir, 900, env)
    output = run(["pytest"], app_dir, 600, env)
    assert " passed" in output and "failed" not in output and "error" not in output.lower()


def test_generated_frontend_installs_and_builds_with_npm(tmp_path: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not on PATH: the frontend build needs Node 20.19+ and npm")
    env = clean_env({"npm_config_update_notifier": "false", "npm_config_fund": "false"})
    env["HOME"] = str(tmp_path / "home")  # a private npm cache, never the user's

    tailwind_app = tmp_path / "tailwind"
    write_files(tailwind_app, generate_app(SPECS["all_on"]))
    frontend = tailwind_app / "frontend"
    run([npm, "install", "--no-audit"], frontend, 900, env)
    run([npm, "run", "build"], frontend, 600, env)
    index = frontend / "dist" / "index.html"
    assert index.is_file() and "/assets/" in index.read_text()
    css = "".join(path.read_text() for path in (frontend / "dist" / "assets").glob("*.css"))
    assert "#228b22" in css and ".btn-primary" in css  # the spec's colour, through Tailwind's @apply

    # The plain-CSS variant (no Tailwind, no auth, polling live feed, computed dashboard) type-checks and
    # builds too; it reuses the installed packages, a superset of what it needs.
    plain_app = tmp_path / "plain"
    pages = ["Home", "TaskList", "TaskForm", "TaskDetail", "Dashboard", "LiveFeed", "Login", "Settings", "TodayPanel"]
    write_files(plain_app, generate_app(make_spec("Plain Tasks", [TASK], pages, styling="css")))
    (plain_app / "frontend" / "node_modules").symlink_to(frontend / "node_modules")
    run([npm, "run", "build"], plain_app / "frontend", 600, env)
    assert (plain_app / "frontend" / "dist" / "index.html").is_file()
