"""The callers (CLI, server, evals) use only public names of the packages below them: no ``_private`` name and no
``_private`` module imported across a package boundary, and the server never reaches into the graph or an agent
(it goes through ``nexusforge_agents.builds``)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "nexusforge_agents"
CALLERS = ("cli.py", "server", "evals")


def _modules(caller: str) -> list[Path]:
    path = PACKAGE / caller
    return [path] if path.is_file() else sorted(path.rglob("*.py"))


def _dotted(path: Path) -> list[str]:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def _target(node: ast.ImportFrom, importer: Path) -> list[str]:
    """The absolute module path an ``ImportFrom`` names."""
    if node.level == 0:
        return (node.module or "").split(".")
    package = _dotted(importer) if importer.name == "__init__.py" else _dotted(importer)[:-1]
    base = package[: len(package) - (node.level - 1)]
    return base + (node.module.split(".") if node.module else [])


def _top(parts: list[str]) -> str | None:
    """The package under nexusforge_agents a module belongs to (``server``, ``builds``, ``cli``...)."""
    return parts[1] if len(parts) > 1 and parts[0] == "nexusforge_agents" else None


def cross_package_private_imports(path: Path, source: str | None = None) -> list[str]:
    """The private imports across a package boundary in the module at ``path`` (its text, or ``source``)."""
    found = []
    home = _top(_dotted(path))
    for node in ast.walk(ast.parse(source if source is not None else path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            target = _target(node, path)
            if _top(target) in (None, home):
                continue
            names = [alias.name for alias in node.names]
            private = [p for p in target[2:] if p.startswith("_")] + [
                n for n in names if n.startswith("_") and not n.startswith("__")
            ]
            if private:
                found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {'.'.join(target)}: {private}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if _top(parts) not in (None, home) and any(p.startswith("_") for p in parts[2:]):
                    found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {alias.name}")
    return found


@pytest.mark.parametrize("caller", CALLERS)
def test_callers_import_no_private_name_of_another_package(caller):
    problems = [problem for module in _modules(caller) for problem in cross_package_private_imports(module)]
    assert problems == []


def test_the_server_reaches_builds_not_the_graph_or_an_agent():
    reached = []
    for module in _modules("server"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and _top(_target(node, module)) in ("graph", "agents"):
                reached.append(f"{module.relative_to(PACKAGE.parent)}:{node.lineno}")
    assert reached == []


def test_the_check_finds_private_imports():
    """The checker itself: private names and modules of another package are reported, the own package's are not."""
    source = (
        "from ..graph.result import _private_helper\n"
        "from ..builds._internals import thing\n"
        "from ..builds import service\n"
        "from .deps import _own_helper\n"
    )
    assert cross_package_private_imports(PACKAGE / "server" / "probe.py", source) == [
        "nexusforge_agents/server/probe.py:1 nexusforge_agents.graph.result: ['_private_helper']",
        "nexusforge_agents/server/probe.py:2 nexusforge_agents.builds._internals: ['_internals']",
    ]
