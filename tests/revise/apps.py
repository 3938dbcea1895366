"""A generated app on disk: written, revised in place (only the files a revision changes), its own test suite
run, and served by a real uvicorn on 127.0.0.1."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from nexusforge_agents.spec_impact import FileChanges
from nexusforge_agents.tools.workspace import write_files

CHROMIUM = "/usr/bin/chromium"


def tree(folder: Path) -> dict[str, bytes]:
    skip = {".git", ".ruff_cache", ".mypy_cache", "node_modules", "app.db", "served.db", "__pycache__", ".pytest_cache"}
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not skip & set(p.relative_to(folder).parts)
    }


def apply_changes(folder: Path, changes: FileChanges) -> None:
    """What a revision's coder does on disk: write the changed files, remove the ones no longer generated."""
    write_files(folder, changes.written)
    for path in changes.removed:
        (folder / path).unlink()


def run_own_tests(folder: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEXUSFORGE_CHROMIUM": CHROMIUM, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rA"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """The app under uvicorn on a free port, with its own SQLite file; its base URL."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder / 'served.db'}", "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "uvicorn", "backend.main:app", "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(command, cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stdout.read().decode()[-3000:] if proc.stdout else "exited"
            assert time.monotonic() < deadline, "the app did not answer /api/health"
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                    break
            time.sleep(0.2)
        yield base
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
