"""Ruff over the generated Python: the templates say what the code is, ruff lays it out (and sorts imports,
drops the imports a template's branch left unused), exactly as the optimizer would. Deterministic."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from ....errors import BuildFailedError

LINE_LENGTH = "110"  # the optimizer's width


def _ruff_bin() -> str:
    from ruff.__main__ import find_ruff_bin

    return find_ruff_bin()


def format_python(files: dict[str, str]) -> dict[str, str]:
    """``files`` with every ``.py`` file fixed (unused imports, import order, pyupgrade) and formatted."""
    python = sorted(path for path in files if path.endswith(".py"))
    if not python:
        return files
    with tempfile.TemporaryDirectory(prefix="nexusforge-codegen-") as tmp:
        root = Path(tmp)
        for path in python:
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_text(files[path], encoding="utf-8")
        common = ["--isolated", "--line-length", LINE_LENGTH, "--no-cache", *python]
        ruff = _ruff_bin()
        fixed = subprocess.run([ruff, "check", "--fix", "--select", "F401,I,UP", "--exit-zero", *common], cwd=root,
                               capture_output=True, text=True)  # fmt: skip
        formatted = subprocess.run([ruff, "format", *common], cwd=root, capture_output=True, text=True)
        if fixed.returncode != 0 or formatted.returncode != 0:
            # A template rendered invalid Python: a generator bug, reported with ruff's own words.
            raise BuildFailedError(
                "The code generator produced Python that ruff cannot parse: "
                + (fixed.stderr + formatted.stderr).strip()[:1500]
            )
        return {**files, **{path: (root / path).read_text(encoding="utf-8") for path in python}}
