"""Real servers for tests: uvicorn on 127.0.0.1 at a free port, in a thread or in its own process.

``serve_process`` is also the subprocess entry point: ``python -m tests.server.live HOME PORT [scripted]``.
With ``scripted`` the build's providers are the scripted ones (tests/scripted.py) with waits, so a build
spends a few seconds in ``building``; otherwise the offline engine runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import uvicorn
import websockets

from nexusforge_agents.config import Settings
from nexusforge_agents.server import ServerSettings, create_app

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = secrets.token_urlsafe(16)  # new for every test run
# The first admin, and limits that let a test start more than the contract's 5 builds an hour.
TEST_ENV = {
    "NEXUSFORGE_ADMIN_EMAIL": ADMIN_EMAIL,
    "NEXUSFORGE_ADMIN_PASSWORD": ADMIN_PASSWORD,
    "NEXUSFORGE_RATE_LIMIT_BUILD": "10000/hour",
    "NEXUSFORGE_RATE_LIMIT_BUILD_STATUS": "100000/minute",
    "NEXUSFORGE_RATE_LIMIT_BUILDS_LIST": "100000/minute",
    "NEXUSFORGE_RATE_LIMIT_DEFAULT": "100000/hour",
    "NEXUSFORGE_INITIAL_CREDITS": "100000",
}


@dataclass
class Live:
    base_url: str
    ws_base: str
    app: Any = None
    token: str | None = None

    def login(self) -> str:
        """Sign in as the first admin (POST /auth/login, as the contract documents) and keep the token."""
        answer = httpx.post(self.base_url + "/auth/login", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
        answer.raise_for_status()
        self.token = answer.json()["access_token"]
        return self.token

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def client(self, **kwargs: Any) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=self.base_url, headers=self.headers, timeout=60, **kwargs)

    def ws_url(self, session_id: str, **query: Any) -> str:
        """The build's WebSocket URL; browsers cannot set headers on WebSockets, so the token goes in ?token=."""
        if self.token:
            query = {**query, "token": self.token}
        suffix = "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
        return f"{self.ws_base}/ws/nexus-forge/{session_id}{suffix}"


@contextlib.contextmanager
def thread_server(settings: Settings, server_settings: ServerSettings | None = None) -> Iterator[Live]:
    """create_app(settings) served by uvicorn in a thread of this process (its own event loop), signed in.

    The default ServerSettings run builds in a build-worker process; tests that script the providers in this
    process pass ``ServerSettings(build_runner="inline")``."""
    saved = {key: os.environ.get(key) for key in TEST_ENV}
    os.environ.update(TEST_ENV)  # read by the accounts settings inside create_app
    try:
        app = create_app(settings, server_settings or ServerSettings())
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="uvicorn-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    live = Live(f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}", app)
    live.login()
    try:
        yield live
    finally:
        server.should_exit = True
        thread.join(30)


class ServerProcess:
    """The API in its own process (for kill -9 and restart); home and port stay the same across restarts."""

    def __init__(self, home: Path, *, scripted: bool, port: int | None = None) -> None:
        self.home = home
        self.scripted = scripted
        self.port = port or free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = home / f"server-{self.port}.log"
        self.live = Live(f"http://127.0.0.1:{self.port}", f"ws://127.0.0.1:{self.port}")

    def start(self, timeout_s: float = 60) -> Live:
        self.home.mkdir(parents=True, exist_ok=True)
        args = [sys.executable, "-m", "tests.server.live", str(self.home), str(self.port)]
        env = {**os.environ, **TEST_ENV, "PYTHONPATH": str(ROOT), "NEXUSFORGE_HOME": str(self.home)}
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                args + (["scripted"] if self.scripted else []), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}:\n{self.log.read_text()[-3000:]}")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(self.live.base_url + "/health", timeout=2).status_code in (200, 503):
                    self.live.login()
                    return self.live
            time.sleep(0.1)
        raise RuntimeError(f"server did not answer /health:\n{self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()


async def ws_messages(url: str, *, stop_after: int | None = None, timeout_s: float = 120) -> list[dict[str, Any]]:
    """Every message a WebSocket client receives until the server closes (or ``stop_after`` messages)."""
    messages: list[dict[str, Any]] = []
    async with asyncio.timeout(timeout_s), websockets.connect(url) as ws:
        async for raw in ws:
            messages.append(json.loads(raw))
            if stop_after is not None and len(messages) >= stop_after:
                break
    return messages


def _serve(home: str, port: str, mode: str | None) -> None:
    settings, server = Settings(home=Path(home)), ServerSettings()
    if mode == "scripted":
        import tests.server.scripted_worker  # noqa: F401  (the API validates model ids against the registry)

        models = {f"model_{agent}": "scripted" for agent in ("spec", "design", "video", "coder", "optimizer")}
        settings = Settings(home=Path(home), **models)
        server = ServerSettings(worker_imports=["tests.server.scripted_worker"])
    app = create_app(settings, server)
    uvicorn.run(app, host="127.0.0.1", port=int(port), log_level="warning")


if __name__ == "__main__":
    _serve(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
