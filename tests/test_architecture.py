"""The package's shape, checked from the code (issue 12's "Must show"): imports only go down the layers, no import
circles at any depth, and no module over the size limit.

The contracts live in pyproject.toml ([tool.importlinter]); each one is a test here, run by import-linter itself
(`lint-imports --contract <id>`), whose report names every offending import chain when a contract is broken.
Contract owners while issue 12 is in progress (see ARCH-12): builds/ [life, scale], graph/ + agents/ [state],
providers/ + context.py [packaging], server/ [sdkauth for server/auth, life for the routes].
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "nexusforge_agents"
MAX_MODULE_LINES = 400

CONTRACTS = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]


def test_the_layers_and_the_no_circles_contracts_are_declared():
    by_id = {contract["id"]: contract for contract in CONTRACTS}
    assert by_id["layers"]["type"] == "layers" and by_id["layers"]["exhaustive"] is True
    circles = by_id["no-circles"]
    assert circles["type"] == "acyclic_siblings" and circles["ancestors"] == ["nexusforge_agents"]


def lint_imports(cwd: Path, *args: str, **env: str) -> str:
    done = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache", "--no-logo", *args],
        cwd=cwd, capture_output=True, text=True, timeout=120, env={**os.environ, **env},
    )  # fmt: skip
    return done.stdout + done.stderr


@pytest.mark.parametrize("contract", [c["id"] for c in CONTRACTS])
def test_import_contract_is_kept(contract: str):
    report = lint_imports(REPO, "--contract", contract)
    assert "Contracts: 1 kept, 0 broken." in report, report


def test_the_contracts_catch_an_upward_import_and_a_circle(tmp_path: Path):
    """The same contracts on a copy of the package with one import running up and one circle added: both broken."""
    copy = tmp_path / "nexusforge_agents"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    with (copy / "tools" / "workspace.py").open("a", encoding="utf-8") as module:
        module.write("\nfrom ..graph import starri  # noqa: E402 (injected upward import)\n")
    (copy / "tools" / "circle_a.py").write_text("from . import circle_b\n")
    (copy / "tools" / "circle_b.py").write_text("from . import circle_a\n")
    report = lint_imports(tmp_path, PYTHONPATH=str(tmp_path))
    assert "Contracts: 0 kept, 2 broken." in report, report
    assert "nexusforge_agents.tools.workspace -> nexusforge_agents.graph.starri" in report
    assert "circle_a" in report and "circle_b" in report


def test_no_module_is_longer_than_the_limit():
    lengths = {
        str(path.relative_to(REPO)): len(path.read_text(encoding="utf-8").splitlines())
        for path in PACKAGE.rglob("*.py")
        if "__pycache__" not in path.parts
    }
    assert len(lengths) > 100, "the package's modules were found"
    too_long = {path: lines for path, lines in sorted(lengths.items()) if lines > MAX_MODULE_LINES}
    assert not too_long, f"modules over {MAX_MODULE_LINES} lines (split them by responsibility): {too_long}"
