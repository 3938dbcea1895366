"""`nexusforge serve` starts the API on the embedded defaults (SQLite file, offline models, local storage)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import httpx

from tests.server.live import ROOT, free_port


def test_serve_starts_the_api_and_stops_cleanly(tmp_path):
    port = free_port()
    env = {**os.environ, "NEXUSFORGE_HOME": str(tmp_path / "home"), "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "nexusforge_agents.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 90
        health = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert health is not None and health.status_code == 200, proc.stdout.read() if proc.poll() else health
        body = health.json()
        assert body["services"]["database"] == "healthy" and body["services"]["redis"] == "not_configured"
        assert body["checks"]["builds"]["engine"]["alive"]
        assert httpx.get(f"http://127.0.0.1:{port}/docs").status_code == 200
        assert (tmp_path / "home" / "server.sqlite").is_file(), "the default database lives under the home"
    finally:
        proc.send_signal(signal.SIGINT)
        output, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, output
    assert f"http://127.0.0.1:{port}" in output


def test_serve_is_a_registered_command():
    result = subprocess.run(
        [sys.executable, "-m", "nexusforge_agents.cli", "serve", "--help"], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0
    for option in ("--host", "--port", "--reload"):
        assert option in result.stdout


# The app started as `nexusforge serve` starts it (its lifespan), in a process of its own: how many objects the
# garbage collector's full collections no longer walk once it is up.
FROZEN_AFTER_START = """
import gc
from fastapi.testclient import TestClient
from nexusforge_agents.server import create_app
with TestClient(create_app()) as client:
    assert client.get("/health").status_code == 200
    print(gc.get_freeze_count())
"""


def test_serve_leaves_its_start_up_heap_out_of_full_collections(tmp_path):
    """`nexusforge serve` sets NEXUSFORGE_FREEZE_HEAP (builds/heap.py: full collections of the start-up heap stalled
    the API under load); an app embedded elsewhere (tests, a host's own uvicorn) keeps the collector as it is."""
    counts = {}
    for flag in ("1", "0"):
        env = {**os.environ, "NEXUSFORGE_HOME": str(tmp_path / flag), "PYTHONPATH": str(ROOT)}
        env["NEXUSFORGE_FREEZE_HEAP"] = flag
        run = subprocess.run([sys.executable, "-c", FROZEN_AFTER_START], env=env, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr[-3000:]
        counts[flag] = int(run.stdout.split()[-1])
    assert counts["0"] == 0 and counts["1"] > 100_000, counts
