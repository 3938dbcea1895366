"""No password, token, API key or signing secret in any log line or error body.

The server runs with info-level logging (uvicorn's access log included) and every way of handing it a credential
is exercised, right and wrong; then everything logged and every error body is searched for each secret.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import websockets

from nexusforge_agents.server.auth.accounts import ADMIN_NOTICE_FILE
from tests.auth.live_auth import Account, new_password, serve
from tests.scripted import Script, install, scripted_settings


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@contextlib.contextmanager
def captured_logs() -> Iterator[Capture]:
    handler = Capture()
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    loggers = [
        logging.getLogger(name) for name in ("", "uvicorn", "uvicorn.access", "uvicorn.error", "nexusforge_agents")
    ]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield handler
    finally:
        for logger in loggers:
            logger.removeHandler(handler)


def _exercise(base_url: str, ws_base: str, admin: Account, secrets: list[str], bodies: list[str]) -> None:
    http = httpx.Client(base_url=base_url)

    def call(method: str, path: str, **kwargs: object) -> httpx.Response:
        r = http.request(method, path, **kwargs)
        if r.status_code >= 400:
            bodies.append(r.text)
        return r

    call("POST", "/auth/login", json={"email": admin.email, "password": admin.password + "x"})
    call("POST", "/auth/login", json={"email": admin.email, "password": 12345})  # wrong type: validation error
    login = call("POST", "/auth/login", json={"email": admin.email, "password": admin.password}).json()
    access, refresh = login["access_token"], login["refresh_token"]
    headers = {"Authorization": f"Bearer {access}"}
    key = call("POST", "/api/keys", json={"name": "ci", "permissions": ["read"]}, headers=headers).json()["key"]
    secrets += [access, refresh, key, key[8:-4]]
    call("GET", "/api/nexus-forge/builds", headers={"X-API-Key": key})
    call("GET", "/api/nexus-forge/builds", headers={"X-API-Key": key[:-1] + "A"})
    call("POST", "/api/nexus-forge/build", json={"prompt": "x"}, headers={"X-API-Key": key})  # 403
    call("GET", "/api/nexus-forge/build/nope/events", params={"token": key})
    call("GET", "/api/nexus-forge/build/nope/events", params={"token": access[:-2]})
    call("GET", "/api/nexus-forge/builds", headers={"Authorization": f"Bearer {access[:-3]}abc"})
    session_id = call("POST", "/api/nexus-forge/build", json={"prompt": "Build a notes app"}, headers=headers).json()[
        "session_id"
    ]
    with contextlib.suppress(Exception):
        asyncio.run(_ws(f"{ws_base}/ws/nexus-forge/{session_id}?token={access}"))
    with contextlib.suppress(Exception):
        asyncio.run(_ws(f"{ws_base}/ws/nexus-forge/{session_id}?token={key}x"))
    rotated = call("POST", "/auth/refresh", json={"refresh_token": refresh}).json()
    secrets += [rotated["access_token"], rotated["refresh_token"]]
    call("POST", "/auth/refresh", json={"refresh_token": refresh})  # reuse: family revoked
    call("POST", "/auth/logout", headers={"Authorization": f"Bearer {rotated['access_token']}"})


async def _ws(url: str) -> None:
    async with asyncio.timeout(15), websockets.connect(url) as ws:
        async for _ in ws:
            pass


def test_no_secret_in_logs_or_error_bodies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    admin = Account("admin@example.org", new_password())
    monkeypatch.setenv("NEXUSFORGE_HOME", str(home))
    monkeypatch.setenv("NEXUSFORGE_ADMIN_EMAIL", admin.email)
    monkeypatch.setenv("NEXUSFORGE_ADMIN_PASSWORD", admin.password)
    install(Script())
    secrets: list[str] = [admin.password]
    bodies: list[str] = []
    # uvicorn configures its loggers when the server is made: capture from then on (stdout/stderr all along)
    with serve(scripted_settings(tmp_path), log_level="debug") as live, captured_logs() as logs:
        _exercise(live.base_url, live.ws_base, admin, secrets, bodies)
    secrets.append((home / "jwt_secret").read_text().strip())
    out, err = capfd.readouterr()
    text = "\n".join([*logs.lines, out, err, *bodies])
    assert any("GET /api/nexus-forge/build/nope/events" in line for line in logs.lines)  # the access log was on
    assert len(bodies) >= 8
    for secret in secrets:
        leaks = [line.replace(secret, "<SECRET>")[:160] for line in text.splitlines() if secret in line]
        assert not leaks, f"a secret appears in logs or error bodies: {leaks}"


def test_generated_admin_password_goes_to_a_private_file_not_the_console(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("NEXUSFORGE_HOME", str(home))
    for name in ("NEXUSFORGE_ADMIN_EMAIL", "NEXUSFORGE_ADMIN_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    install(Script())
    with serve(scripted_settings(tmp_path), log_level="debug") as live, captured_logs() as logs:
        notice = home / ADMIN_NOTICE_FILE
        fields = dict(line.split(": ", 1) for line in notice.read_text().splitlines())
        assert stat.S_IMODE(os.stat(notice).st_mode) == 0o600
        login = httpx.post(live.base_url + "/auth/login", json=fields)
        assert login.status_code == 200
    with serve(scripted_settings(tmp_path)):
        pass  # a second start finds the admin and says nothing more
    out, err = capfd.readouterr()
    console = out + err + "\n".join(logs.lines)
    assert fields["password"] not in console
    assert console.count("created the first admin account") == 1
    assert str(notice) in console and "nexusforge users passwd" in console
