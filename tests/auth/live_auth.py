"""A real accounts-enabled server for tests: create_app on uvicorn (127.0.0.1, free port, its own thread), the
scripted providers (fast, with hooks to fail or wait), settings from NEXUSFORGE_* variables set per test, and
operator commands run through the real CLI (``nexusforge users/keys``)."""

from __future__ import annotations

import contextlib
import secrets
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import typer
import uvicorn
from fastapi import APIRouter
from typer.testing import CliRunner

from nexusforge_agents.config import Settings
from nexusforge_agents.server import ServerSettings, create_app
from nexusforge_agents.server.auth.cli import register
from tests.scripted import Script, install, scripted_settings


@dataclass
class Live:
    base_url: str
    ws_base: str
    app: Any


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve(settings: Settings, *, log_level: str = "warning", routers: Sequence[APIRouter] = ()) -> Iterator[Live]:
    """create_app on uvicorn in a thread of this process, with settings from the current environment, plus
    ``routers`` (as an add-on would include them).

    Builds run inline (in this process) because the tests script the providers here."""
    app = create_app(settings, ServerSettings(build_runner="inline"))
    for router in routers:
        app.include_router(router)
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level=log_level, ws="websockets-sansio")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn-auth-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield Live(f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}", app)
    finally:
        server.should_exit = True
        thread.join(30)


def new_password() -> str:
    return "pw-" + secrets.token_urlsafe(16)


@dataclass
class Account:
    email: str
    password: str
    access_token: str = ""
    refresh_token: str = ""

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


@dataclass
class AuthServer:
    live: Live
    home: Path
    script: Script
    admin: Account
    http: httpx.Client
    secrets_seen: list[str] = field(default_factory=list)  # every credential a test handled, for leak checks

    @property
    def base_url(self) -> str:
        return self.live.base_url

    def cli(self, *args: str, input: str | None = None) -> str:
        app = typer.Typer()
        register(app)
        result = CliRunner().invoke(app, list(args), input=input)
        assert result.exit_code == 0, result.output
        return result.stdout

    def login(self, account: Account) -> Account:
        r = self.http.post("/auth/login", json={"email": account.email, "password": account.password})
        assert r.status_code == 200, r.text
        account.access_token, account.refresh_token = r.json()["access_token"], r.json()["refresh_token"]
        self.secrets_seen += [account.access_token, account.refresh_token]
        return account

    def user(self, *, credits: int | None = None, role: str = "user") -> Account:
        """A new account created with `nexusforge users create`, signed in."""
        account = Account(f"u{secrets.token_hex(4)}@example.org", new_password())
        self.secrets_seen.append(account.password)
        extra = ["--credits", str(credits)] if credits is not None else []
        self.cli("users", "create", account.email, "--role", role, "--password-stdin", *extra, input=account.password)
        return self.login(account)

    def key(self, account: Account, permissions: list[str], rate_limit: int = 1000) -> str:
        r = self.http.post(
            "/api/keys",
            json={"name": "test key", "permissions": permissions, "rate_limit": rate_limit},
            headers=account.headers,
        )
        assert r.status_code == 201, r.text
        self.secrets_seen.append(r.json()["key"])
        return r.json()["key"]

    def build(self, headers: dict[str, str], prompt: str = "Build a tiny note keeper") -> httpx.Response:
        return self.http.post("/api/nexus-forge/build", json={"prompt": prompt}, headers=headers)

    def wait_status(self, session_id: str, headers: dict[str, str], *statuses: str, timeout_s: float = 120) -> Any:
        """Poll the build's status as a client should: a 429 (the status rate limit, met by a build slowed by a
        busy machine) waits out its Retry-After instead of spending the rest of the limit's window."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            answer = self.http.get(f"/api/nexus-forge/build/{session_id}", headers=headers)
            body = answer.json()
            if body.get("status") in statuses:
                return body
            time.sleep(float(answer.headers["Retry-After"]) if answer.status_code == 429 else 0.2)
        raise AssertionError(f"build {session_id} never reached {statuses}; last: {body}")

    def credits(self, account: Account) -> int:
        return self.http.get("/auth/me", headers=account.headers).json()["credits"]


@pytest.fixture
def auth_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[AuthServer]:
    home = tmp_path / "home"
    admin = Account("admin@example.org", new_password())
    for name, value in {
        "NEXUSFORGE_HOME": str(home),
        "NEXUSFORGE_ADMIN_EMAIL": admin.email,
        "NEXUSFORGE_ADMIN_PASSWORD": admin.password,
        "NEXUSFORGE_CREDITS_SETTLE_INTERVAL_S": "0.1",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("NEXUSFORGE_JWT_SECRET", raising=False)
    monkeypatch.delenv("NEXUSFORGE_REDIS_URL", raising=False)
    script = install(Script())
    with serve(scripted_settings(tmp_path)) as live, httpx.Client(base_url=live.base_url) as http:
        server = AuthServer(live=live, home=home, script=script, admin=admin, http=http, secrets_seen=[admin.password])
        server.login(admin)
        yield server
