"""Nothing lost: ``nexusforge revise`` killed with SIGKILL half-way (its new code written, its tests not yet
passed) records no version; ``nexusforge cancel SESSION`` then puts the folder back to the last version, and
``nexusforge resume SESSION`` goes on from the checkpoint and completes the revision as the next version, whose
tree is exactly the folder's. A real CLI subprocess, a real kill."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from nexusforge_agents.versions import history, record_version
from tests.cli_helpers import ROOT, run_cli

from .apps import tree
from .conftest import BASE_PROMPT

pytestmark = pytest.mark.slow

REQUEST = "add a due date to tasks"


def _revise_until_built(folder: Path, home: Path) -> tuple[subprocess.Popen[str], list[str]]:
    """``nexusforge revise`` in its own session, once it reports its building phase done (the new code is in
    the folder; its tests run next)."""
    env = {**os.environ, "NEXUSFORGE_HOME": str(home), "COLUMNS": "200"}
    command = [sys.executable, "-m", "nexusforge_agents.cli", "revise", str(folder), REQUEST]
    proc = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    lines: list[str] = []
    built = threading.Event()

    def read() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.append(line)
            if "building" in line and "✓" in line:
                built.set()

    threading.Thread(target=read, daemon=True).start()
    deadline = time.monotonic() + 600
    while not built.is_set():
        assert proc.poll() is None, f"the revision ended before it was killed: {''.join(lines)[-3000:]}"
        assert time.monotonic() < deadline, "the revision never finished its building phase"
        time.sleep(0.05)
    return proc, lines


def _kill_half_way(folder: Path, home: Path) -> None:
    v1 = tree(folder)
    proc, _ = _revise_until_built(folder, home)
    try:
        os.kill(proc.pid, signal.SIGKILL)  # the CLI process itself, as an OOM kill or a power cut would
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # what it had started in its session goes too
    assert "due_date" in (folder / "backend/models.py").read_text(), "killed before the new code was written"
    assert tree(folder) != v1 and [v.tag for v in history(folder)] == ["v1"]  # half-way: nothing recorded


def test_a_revision_killed_half_way_is_cancelled_or_resumed_to_the_next_version(tmp_path: Path) -> None:
    home, folder = tmp_path / "home", tmp_path / "app"
    made = run_cli("build", BASE_PROMPT, "--out", str(folder), "--no-video", "--json", home=home, timeout=900)
    assert made.returncode == 0, made.stderr[-3000:]
    session_id = json.loads(made.stdout)["session_id"]
    v1 = tree(folder)

    _kill_half_way(folder, home)  # then cancelled: the folder goes back to v1
    cancelled = run_cli("cancel", session_id, home=home, timeout=120)
    assert cancelled.returncode == 0, cancelled.stderr[-3000:]
    assert tree(folder) == v1 and [v.tag for v in history(folder)] == ["v1"]

    _kill_half_way(folder, home)  # then resumed
    again = run_cli("revise", str(folder), "add a settings page", home=home, timeout=120)
    assert again.returncode != 0 and f"nexusforge resume {session_id}" in again.stderr  # says how to go on

    resumed = run_cli("resume", session_id, "--json", home=home, timeout=900)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    result = json.loads(resumed.stdout)
    task = next(e for e in result["specification"]["entities"] if e["name"] == "Task")
    assert any(f["name"] == "due_date" and f["type"] == "date" for f in task["fields"])
    assert [(v.tag, v.message) for v in history(folder)] == [("v1", BASE_PROMPT), ("v2", REQUEST)]
    assert record_version(folder, "nothing changed").number == 2  # the folder is exactly v2's tree
