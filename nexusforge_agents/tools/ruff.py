"""The optimizer's mechanical pass: ``ruff format`` and ``ruff check --fix`` on the generated Python."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from .processes import run_process

_FINDING = re.compile(r"^\S+:\d+:\d+: ")


def _ruff_bin() -> str:
    from ruff.__main__ import find_ruff_bin

    return find_ruff_bin()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


async def ruff_optimize(app_dir: Path, python_files: list[str], *, timeout_s: float = 60) -> list[str]:
    """Format and auto-fix ``python_files``; return one note per file that changed, plus remaining issues."""
    if not python_files:
        return ["no Python files to optimize"]
    before = {rel: _digest(app_dir / rel) for rel in python_files}
    ruff = _ruff_bin()
    common = ["--isolated", "--line-length", "110", *python_files]
    fixed = await run_process(
        [ruff, "check", "--fix", "--select", "F401,I,UP", "--exit-zero", *common],
        cwd=app_dir,
        timeout_s=timeout_s,
    )
    formatted = await run_process([ruff, "format", *common], cwd=app_dir, timeout_s=timeout_s)
    changed = [rel for rel in python_files if _digest(app_dir / rel) != before[rel]]
    notes = [f"ruff: {rel} reformatted/fixed" for rel in changed]
    if formatted.exit_code != 0:
        notes.append(f"ruff format could not parse some files: {formatted.output.strip()[:500]}")
    remaining = await run_process(
        [ruff, "check", "--exit-zero", "--output-format", "concise", *common],
        cwd=app_dir,
        timeout_s=timeout_s,
    )
    issues = [line for line in remaining.output.splitlines() if _FINDING.match(line)]
    if fixed.exit_code != 0:
        notes.append(f"ruff check failed: {fixed.output.strip()[:500]}")
    notes.append(f"ruff: {len(changed)} file(s) changed, {len(issues)} lint finding(s) left")
    return notes
