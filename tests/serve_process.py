"""``nexusforge serve`` in a subprocess, as an operator starts it: its base URL and its log file."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from tests.server.live import ROOT, TEST_ENV, free_port


@contextlib.contextmanager
def served(home: Path, env: dict[str, str] | None = None, *, timeout_s: float = 90) -> Iterator[tuple[str, Path]]:
    """The server on a free port with the access log on (builds inline: no worker process to wait for)."""
    port = free_port()
    log = home.parent / f"serve-{port}.log"
    full_env = {**os.environ, **TEST_ENV, "NEXUSFORGE_HOME": str(home), "PYTHONPATH": str(ROOT)}
    full_env["NEXUSFORGE_BUILD_RUNNER"] = "inline"
    for name in ("NEXUSFORGE_REDIS_URL", "NEXUSFORGE_DATABASE_URL", "DATABASE_URL"):
        full_env.pop(name, None)
    full_env.update(env or {})
    home.parent.mkdir(parents=True, exist_ok=True)
    with serve_subprocess(full_env, log, port=port, log_level="info", timeout_s=timeout_s) as (base, _):
        yield base, log


@contextlib.contextmanager
def serve_subprocess(
    env: dict[str, str], log: Path, *, port: int | None = None, log_level: str = "warning", timeout_s: float = 90
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``nexusforge serve`` with ``env`` (its whole environment) and its output in ``log``: the base URL once
    ``/health`` answers, and the process; stopped with SIGINT (killed after 30 s) on exit. Also used by benchmarks."""
    port = port or free_port()
    command = [sys.executable, "-m", "nexusforge_agents.cli", "serve", "--port", str(port), "--log-level", log_level]
    with log.open("wb") as out:
        proc = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            assert proc.poll() is None, f"the server exited:\n{log.read_text()[-3000:]}"
            assert time.monotonic() < deadline, f"the server did not answer /health:\n{log.read_text()[-3000:]}"
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(base + "/health", timeout=2).status_code == 200:
                    break
            time.sleep(0.2)
        yield base, proc
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
