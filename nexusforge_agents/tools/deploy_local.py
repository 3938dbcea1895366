"""The local deployment target: the generated backend on 127.0.0.1 at a free port, health-checked.

Deployments live as long as this process (or until ``stop_local``); ``atexit`` stops whatever is left. Given a
records folder, a deployment is also recorded there (``local_records``), so that another process can stop it and
a restarted server stops it when this process died without doing so.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from ..errors import DeploymentFailedError
from .local_records import LocalRecord, process_started, remove_record, stop_recorded, write_record
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
    records: Path | None = None

    def stop(self, timeout_s: float = 5.0) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout_s)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.records is not None:
            remove_record(self.records, self.key, pid=self.process.pid)


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


async def deploy_local(
    app_dir: Path, key: str, *, python: str | None = None, timeout_s: float = 30, records: Path | None = None
) -> str:
    """Start (or restart) the app in ``app_dir`` under ``key``; return its URL once healthy. With ``records``,
    the deployment is recorded there until it stops."""
    stop_local(key, records=records)
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
            start_new_session=True,  # its own process group: whoever stops it stops all of it
        )
    deployment = LocalDeployment(key, f"http://127.0.0.1:{port}", port, process, log_path, records)
    if records is not None:  # recorded before the health check: a crash while waiting must not orphan it
        write_record(records, _record(deployment, app_dir))
    await _wait_healthy(deployment, timeout_s)
    _ACTIVE[key] = deployment
    return deployment.url


def _record(deployment: LocalDeployment, app_dir: Path) -> LocalRecord:
    owner = os.getpid()
    return LocalRecord(
        key=deployment.key,
        url=deployment.url,
        port=deployment.port,
        pid=deployment.process.pid,
        pid_started=process_started(deployment.process.pid),
        app_dir=str(app_dir),
        owner_pid=owner,
        owner_started=process_started(owner),
    )


def stop_local(key: str, *, records: Path | None = None) -> bool:
    """Stop the deployment under ``key``: this process's own, or (with ``records``) one another process started."""
    deployment = _ACTIVE.pop(key, None)
    if deployment is not None:
        deployment.stop()
        return True
    return records is not None and stop_recorded(records, key)


@atexit.register
def stop_all_local() -> None:
    for key in list(_ACTIVE):
        stop_local(key)
