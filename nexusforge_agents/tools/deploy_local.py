"""The local deployment target: the generated backend on 127.0.0.1 at a free port, health-checked.

Deployments live as long as this process (or until ``stop_local``); ``atexit`` stops whatever is left.
"""

from __future__ import annotations

import asyncio
import atexit
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from ..errors import DeploymentFailedError
from .processes import clean_env

HEALTH_PATH = "/api/health"
LOG_FILE = "deploy-local.log"


@dataclass
class LocalDeployment:
    key: str
    url: str
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path

    def stop(self, timeout_s: float = 5.0) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout_s)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


_ACTIVE: dict[str, LocalDeployment] = {}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tail(path: Path, lines: int = 15) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""


async def _wait_healthy(deployment: LocalDeployment, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    async with httpx.AsyncClient(timeout=2.0) as client:
        while time.monotonic() < deadline:
            if deployment.process.poll() is not None:
                break
            try:
                if (await client.get(deployment.url + HEALTH_PATH)).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)  # polling interval while uvicorn starts
    deployment.stop()
    raise DeploymentFailedError(
        f"The generated backend did not answer {HEALTH_PATH} within {timeout_s:.0f} s. "
        f"Last lines of {deployment.log_path}:\n{_tail(deployment.log_path)}",
        retry_possible=False,
        details={"stage": "health_check"},
    )


async def deploy_local(app_dir: Path, key: str, *, python: str | None = None, timeout_s: float = 30) -> str:
    """Start (or restart) the app in ``app_dir`` under ``key``; return its URL once healthy."""
    stop_local(key)
    port = free_port()
    log_path = app_dir / LOG_FILE
    env = clean_env({"DATABASE_URL": f"sqlite:///{app_dir / 'app.db'}"})
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [python or sys.executable, "-m", "uvicorn", "backend.main:app", "--host", "127.0.0.1", "--port", str(port)],
            cwd=app_dir,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    deployment = LocalDeployment(key, f"http://127.0.0.1:{port}", port, process, log_path)
    await _wait_healthy(deployment, timeout_s)
    _ACTIVE[key] = deployment
    return deployment.url


def stop_local(key: str) -> bool:
    deployment = _ACTIVE.pop(key, None)
    if deployment is None:
        return False
    deployment.stop()
    return True


@atexit.register
def stop_all_local() -> None:
    for key in list(_ACTIVE):
        stop_local(key)
