"""A generated frontend really installed and built with npm. (The generated app set up exactly as its README says,
a fresh venv from requirements.txt then `pytest`, is tests/e2e/test_offline_apps.py: its dashboard app has the same
auth, real-time, dashboard, React and Tailwind choices as SPECS["all_on"].)"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from nexusforge_agents.providers.offline.codegen import generate_app
from nexusforge_agents.tools.frontend_build import default_cache, npm_env
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


def test_generated_frontend_installs_and_builds_with_npm(tmp_path: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not on PATH: the frontend build needs Node 20.19+ and npm")
    # npm's download cache is the one QA's frontend builds use (nexusforge's own, never the user's ~/.npm), so the
    # packages come from it when a build fetched them before; the install into node_modules is a real one all the same.
    env = {**npm_env(default_cache()), "npm_config_fund": "false"}
    env["HOME"] = str(tmp_path / "home")  # no user npm configuration

    tailwind_app = tmp_path / "tailwind"
    write_files(tailwind_app, generate_app(SPECS["all_on"]))
    frontend = tailwind_app / "frontend"
    run([npm, "install", "--no-audit", "--prefer-offline"], frontend, 900, env)
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
