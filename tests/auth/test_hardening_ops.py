"""Issue 10, operator rows, against real servers: password change and deactivation end sessions at once (8, 13),
the API-key cap (15), credentials in URLs redacted in the access log (9, 10), private files (14), /docs offline
(20, the API's own page)."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import time
from pathlib import Path

import httpx

from nexusforge_agents.server.auth.keys import MAX_KEYS_PER_USER
from tests.auth.live_auth import AuthServer, new_password
from tests.docs_browser import CHROMIUM, rendered_dom
from tests.serve_process import served
from tests.server.live import ROOT


def operator(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """``nexusforge users ...`` in a subprocess, on the test server's home (NEXUSFORGE_HOME of this process)."""
    return subprocess.run(
        [sys.executable, "-m", "nexusforge_agents.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )


def test_row8_password_change_ends_every_session_at_once(auth_server: AuthServer) -> None:
    user = auth_server.user()
    laptop = auth_server.login(type(user)(user.email, user.password))  # a second sign-in of the same account
    assert auth_server.http.get("/auth/me", headers=user.headers).status_code == 200

    changed = new_password()
    done = operator("users", "passwd", user.email, "--password-stdin", stdin=changed + "\n")
    assert done.returncode == 0, done.stderr
    assert "2 session(s) ended" in done.stdout

    for account in (user, laptop):  # old access and refresh tokens: refused on the very next request
        me = auth_server.http.get("/auth/me", headers=account.headers)
        assert me.status_code == 401 and me.json()["error_code"] == "UNAUTHORIZED"
        refresh = auth_server.http.post("/auth/refresh", json={"refresh_token": account.refresh_token})
        assert refresh.status_code == 401
    old = auth_server.http.post("/auth/login", json={"email": user.email, "password": user.password})
    assert old.status_code == 401
    new = auth_server.http.post("/auth/login", json={"email": user.email, "password": changed})
    assert new.status_code == 200


def test_row13_deactivation_refuses_tokens_and_keys_at_once(auth_server: AuthServer) -> None:
    user = auth_server.user()
    key = auth_server.key(user, ["read"])
    # Warm every path a cache could serve the next request from.
    for _ in range(3):
        assert auth_server.http.get("/auth/me", headers=user.headers).status_code == 200
        assert auth_server.http.get("/auth/me", headers={"X-API-Key": key}).status_code == 200

    done = operator("users", "deactivate", user.email)
    assert done.returncode == 0, done.stderr
    assert auth_server.http.get("/auth/me", headers=user.headers).status_code == 401  # no 5 s grace
    assert auth_server.http.get("/auth/me", headers={"X-API-Key": key}).status_code == 401
    login = auth_server.http.post("/auth/login", json={"email": user.email, "password": user.password})
    assert login.status_code == 401
    assert "(deactivated)" in operator("users", "list").stdout

    assert operator("users", "activate", user.email).returncode == 0
    assert auth_server.http.get("/auth/me", headers=user.headers).status_code == 401, "old sessions stay ended"
    assert auth_server.http.get("/auth/me", headers={"X-API-Key": key}).status_code == 200
    again = auth_server.http.post("/auth/login", json={"email": user.email, "password": user.password})
    assert again.status_code == 200


def test_row8_passwd_of_an_unknown_account_is_one_line(auth_server: AuthServer) -> None:
    done = operator("users", "passwd", "ghost@example.org", "--password-stdin", stdin=new_password() + "\n")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "error INVALID_INPUT: No account 'ghost@example.org'; create it with: nexusforge users create ghost@example.org"
    ]


def test_row15_api_keys_are_capped_per_user(auth_server: AuthServer) -> None:
    user = auth_server.user()
    body = {"name": "ci", "permissions": ["read"], "rate_limit": 10}
    created = [auth_server.http.post("/api/keys", json=body, headers=user.headers) for _ in range(MAX_KEYS_PER_USER)]
    assert [r.status_code for r in created] == [201] * MAX_KEYS_PER_USER
    refused = auth_server.http.post("/api/keys", json=body, headers=user.headers)
    assert refused.status_code == 400
    assert refused.json()["error_code"] == "INVALID_INPUT"
    assert f"({MAX_KEYS_PER_USER})" in refused.json()["detail"] and "revoke" in refused.json()["detail"]
    assert len(auth_server.http.get("/api/keys", headers=user.headers).json()) == MAX_KEYS_PER_USER

    other = auth_server.user()  # the cap is per account
    assert auth_server.http.post("/api/keys", json=body, headers=other.headers).status_code == 201
    revoked = auth_server.http.delete(f"/api/keys/{created[0].json()['id']}", headers=user.headers)
    assert revoked.status_code == 200
    assert auth_server.http.post("/api/keys", json=body, headers=user.headers).status_code == 201


def test_rows_9_10_14_20_credentials_never_reach_the_log_files_are_private_docs_are_local(tmp_path: Path) -> None:
    home = tmp_path / "home"
    leaked = ["x-token-value", "pk_live_NotARealKeyButLooksLikeOne0123456789abcd", "hunter2-password"]
    with served(home) as (base, log):
        paths = [
            f"/health?token={leaked[0]}",
            f"/api/nexus-forge/builds?api_key={leaked[1]}&limit=5",
            f"/api/nexus-forge/templates?access_token={leaked[0]}&password={leaked[2]}&client_secret=s3&key=k",
            f"/no-such-page?token={leaked[0]}",
        ]
        for path in paths:
            httpx.get(base + path, timeout=10)

        # Row 20: the docs page loads Swagger UI from this server only, and every asset answers.
        page = httpx.get(base + "/docs", timeout=10)
        assert page.status_code == 200
        assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
        assert assets and all(url.startswith("/docs/assets/") for url in assets), assets
        assert "cdn" not in page.text.lower()
        for url in assets:
            assert httpx.get(base + url, timeout=10).status_code == 200, url
        if CHROMIUM:  # a real browser renders the API's operations from those files alone
            dom = rendered_dom(base + "/docs")
            assert "opblock-summary-path" in dom and "/api/nexus-forge/build" in dom, dom[:2000]
        time.sleep(0.5)  # the access lines are written after the responses
    text = log.read_text()
    assert "Logging error" not in text and "Traceback" not in text, text[-3000:]
    for secret in (*leaked, "s3", "=k "):
        assert secret not in text, f"{secret!r} reached the log"
    access = [line for line in text.splitlines() if '"GET /' in line and "[redacted]" in line]
    assert len(access) == len(paths), text[-3000:]  # one access line per request, each one redacted
    assert 'GET /health?token=[redacted] HTTP/1.1" 200' in text
    assert "api_key=[redacted]&limit=5" in text  # only credentials are hidden

    # Row 14: the home and the SQLite files in it are private.
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    for name in ("server.sqlite", "checkpoints.sqlite", "jwt_secret"):
        assert stat.S_IMODE((home / name).stat().st_mode) == 0o600, name
    for sidecar in home.glob("*.sqlite-*"):  # WAL and shared-memory files inherit the database's mode
        assert stat.S_IMODE(sidecar.stat().st_mode) & 0o077 == 0, sidecar.name


def test_row14_an_existing_home_and_its_databases_are_tightened(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    os.chmod(home, 0o755)
    for name in ("server.sqlite", "checkpoints.sqlite"):
        (home / name).touch()
        os.chmod(home / name, 0o644)
    env = {**os.environ, "NEXUSFORGE_HOME": str(home), "PYTHONPATH": str(ROOT)}
    env.pop("NEXUSFORGE_DATABASE_URL", None)
    for command in (["builds"], ["users", "list"]):  # one opens the checkpoints, the other the server database
        result = subprocess.run(
            [sys.executable, "-m", "nexusforge_agents.cli", *command], env=env, cwd=ROOT, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert stat.S_IMODE((home / "server.sqlite").stat().st_mode) == 0o600
    assert stat.S_IMODE((home / "checkpoints.sqlite").stat().st_mode) == 0o600
