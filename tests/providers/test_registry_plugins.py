"""A third-party provider package, installed for real with pip, is found through its entry point: listed by
`nexusforge models` and used by a build's agents in a fresh process, with nothing registered by hand."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PLUGIN = REPO / "benchmarks" / "scale_provider"  # nexusforge-scale-provider: the `tinywait` provider


@pytest.fixture(scope="module")
def plugin_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``nexusforge-scale-provider`` installed with pip into a folder of its own (the venv stays untouched)."""
    target = tmp_path_factory.mktemp("plugins")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "--target", str(target),
         str(PLUGIN)],
        check=True, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert (target / "nexusforge_scale_provider-0.1.0.dist-info" / "entry_points.txt").is_file()
    return target


def run_python(args: list[str], plugin_path: Path | None, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    environ = {**os.environ, "NEXUSFORGE_HOME": str(tmp_path / "home"), **env}
    environ.pop("PYTHONPATH", None)
    if plugin_path is not None:
        environ["PYTHONPATH"] = str(plugin_path)
    return subprocess.run(args, capture_output=True, text=True, env=environ, timeout=240, cwd=tmp_path)


def test_nexusforge_models_lists_an_installed_plugin(plugin_path, tmp_path):
    cli = [sys.executable, "-m", "nexusforge_agents.cli", "models", "--json"]
    listed = run_python(cli, plugin_path, tmp_path)
    assert listed.returncode == 0, listed.stderr
    models = {m["model_id"]: m for m in json.loads(listed.stdout)["models"]}
    assert models["tinywait:300"]["provider"] == "tinywait" and models["tinywait:300"]["status"] == "available"
    assert models["tinywait:300"]["version"] == "0.1.0" and "not a model" in models["tinywait:300"]["note"]
    assert "offline" in models and models["offline"]["status"] == "available", "the built-ins stay listed"

    table = run_python([sys.executable, "-m", "nexusforge_agents.cli", "models"], plugin_path, tmp_path, COLUMNS="200")
    assert table.returncode == 0 and "tinywait:300" in table.stdout, table.stderr


BUILD = """
import asyncio, json, sys
from nexusforge_agents import build_app
config = {"models": {"spec": sys.argv[1], "coder": sys.argv[1]}, "enableVideoDemo": False}
result = asyncio.run(build_app("Build a simple todo list app", config, output_dir=sys.argv[2]))
print(json.dumps({"models": result.models_by_agent, "usage": result.usage.by_agent}))
"""


@pytest.mark.slow
def test_a_build_runs_its_agents_on_the_installed_plugin(plugin_path, tmp_path):
    done = run_python(
        [sys.executable, "-c", BUILD, "tinywait:20", str(tmp_path / "app")], plugin_path, tmp_path,
        NEXUSFORGE_TINYWAIT_LOG=str(tmp_path / "calls.log"),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["models"]["spec"] == "tinywait:20" and report["models"]["coder"] == "tinywait:20"
    assert report["usage"]["spec"]["calls"] >= 1 and report["usage"]["coder"]["calls"] >= 1
    calls = (tmp_path / "calls.log").read_text().split()
    assert calls.count("spec") == 1 and calls.count("coder") >= 1, "the plugin's own code ran in that process"
    assert (tmp_path / "app" / "backend" / "main.py").is_file()


def test_a_build_naming_an_uninstalled_plugin_is_refused_naming_the_installed_ones(tmp_path):
    refused = run_python([sys.executable, "-c", BUILD, "tinywait:20", str(tmp_path / "app")], None, tmp_path)
    assert refused.returncode != 0
    assert "Unknown model provider 'tinywait'" in refused.stderr and "gemini:..." in refused.stderr
