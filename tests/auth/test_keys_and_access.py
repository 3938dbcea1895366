"""API keys and who sees what, against the real server."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re

import httpx
import pytest
import websockets

from tests.auth.live_auth import AuthServer

MASKED = re.compile(r"^pk_live_[A-Za-z0-9_-]{4}\.\.\.[A-Za-z0-9_-]{4}$")


def test_key_is_shown_once_then_listed_masked_with_last_used(auth_server: AuthServer) -> None:
    user = auth_server.user()
    key = auth_server.key(user, ["read"])
    assert key.startswith("pk_live_") and len(key) > 40
    listed = auth_server.http.get("/api/keys", headers=user.headers).json()
    assert len(listed) == 1
    row = listed[0]
    assert MASKED.match(row["key"]) and row["key"] == f"pk_live_{key[8:12]}...{key[-4:]}"
    assert key not in auth_server.http.get("/api/keys", headers=user.headers).text
    assert row["created_at"] and row["last_used"] is None and row["permissions"] == ["read"]
    assert auth_server.http.get("/api/nexus-forge/builds", headers={"X-API-Key": key}).status_code == 200
    used = auth_server.http.get("/api/keys", headers=user.headers).json()[0]
    assert used["last_used"] is not None


def test_key_permissions_are_enforced(auth_server: AuthServer) -> None:
    user = auth_server.user()
    read_only = {"Authorization": f"Bearer {auth_server.key(user, ['read'])}"}
    builder = {"X-API-Key": auth_server.key(user, ["build", "read"])}
    assert auth_server.http.get("/api/nexus-forge/builds", headers=read_only).status_code == 200
    denied = auth_server.build(read_only)
    assert denied.status_code == 403 and denied.json()["error_code"] == "FORBIDDEN"
    assert "build" in denied.json()["detail"]
    started = auth_server.build(builder)
    assert started.status_code == 200, started.text
    session_id = started.json()["session_id"]
    auth_server.wait_status(session_id, builder, "completed")
    deploy = auth_server.http.post(f"/api/nexus-forge/deploy/{session_id}", json={}, headers=builder)
    assert deploy.status_code == 403 and "deploy" in deploy.json()["detail"]
    build_only = {"X-API-Key": auth_server.key(user, ["build"])}
    # a key that may start builds may read them (issue 10, row 19); listing them still needs "read"
    assert auth_server.http.get(f"/api/nexus-forge/build/{session_id}", headers=build_only).status_code == 200
    assert auth_server.http.get("/api/nexus-forge/builds", headers=build_only).status_code == 403
    # keys cannot manage keys or sign out: that needs the user's own sign-in
    for method, path in [("GET", "/api/keys"), ("POST", "/api/keys"), ("POST", "/auth/logout")]:
        assert auth_server.http.request(method, path, headers=builder, json={}).status_code == 403


def test_revoked_key_stops_working(auth_server: AuthServer) -> None:
    user = auth_server.user()
    key = auth_server.key(user, ["read"])
    key_id = auth_server.http.get("/api/keys", headers=user.headers).json()[0]["id"]
    assert auth_server.http.delete(f"/api/keys/{key_id}", headers=user.headers).status_code == 200
    r = auth_server.http.get("/api/nexus-forge/builds", headers={"X-API-Key": key})
    assert r.status_code == 401 and r.json()["error_code"] == "UNAUTHORIZED"
    assert auth_server.http.get("/api/keys", headers=user.headers).json() == []


def test_a_users_builds_and_keys_are_invisible_to_others(auth_server: AuthServer) -> None:
    alice, bob = auth_server.user(), auth_server.user()
    session_id = auth_server.build(alice.headers).json()["session_id"]
    auth_server.wait_status(session_id, alice.headers, "completed")
    for method, path, body in [
        ("GET", f"/api/nexus-forge/build/{session_id}", None),
        ("DELETE", f"/api/nexus-forge/build/{session_id}", None),
        ("POST", f"/api/nexus-forge/deploy/{session_id}", {}),
        ("GET", f"/api/nexus-forge/build/{session_id}/events", None),
        ("GET", f"/artifacts/{session_id}/code.zip", None),
    ]:
        r = auth_server.http.request(method, path, headers=bob.headers, json=body)
        assert r.status_code == 404, (method, path, r.text)
        assert r.json()["error_code"] == "SESSION_NOT_FOUND"
    assert auth_server.http.get("/api/nexus-forge/builds", headers=bob.headers).json() == []
    assert [b["session_id"] for b in auth_server.http.get("/api/nexus-forge/builds", headers=alice.headers).json()] == [
        session_id
    ]
    auth_server.key(alice, ["read"])
    alice_key = auth_server.http.get("/api/keys", headers=alice.headers).json()[0]["id"]
    assert auth_server.http.delete(f"/api/keys/{alice_key}", headers=bob.headers).status_code == 404
    assert auth_server.http.get("/api/keys", headers=bob.headers).json() == []
    assert auth_server.http.get(f"/api/nexus-forge/build/{session_id}", headers=alice.headers).status_code == 200


async def _ws_first(url: str, **kwargs: object) -> tuple[dict | None, int | None, int | None]:
    """(first message, close code, HTTP status if the handshake was refused)."""
    try:
        async with asyncio.timeout(20), websockets.connect(url, **kwargs) as ws:
            first = await ws.recv()
            with contextlib.suppress(websockets.ConnectionClosed):
                while True:
                    await ws.recv()
            return json.loads(first), ws.close_code, None
    except websockets.InvalidStatus as exc:
        return None, None, exc.response.status_code


async def test_websocket_and_sse_need_credentials(auth_server: AuthServer) -> None:
    alice, bob = await asyncio.to_thread(auth_server.user), await asyncio.to_thread(auth_server.user)
    session_id = (await asyncio.to_thread(auth_server.build, alice.headers)).json()["session_id"]
    await asyncio.to_thread(auth_server.wait_status, session_id, alice.headers, "completed")
    url = f"{auth_server.live.ws_base}/ws/nexus-forge/{session_id}"
    assert (await _ws_first(url))[2] == 401
    assert (await _ws_first(url + "?token=not-a-token"))[2] == 401
    first, code, _ = await _ws_first(url + f"?token={alice.access_token}")
    assert first["type"] == "connected" and code == 1000
    first, code, _ = await _ws_first(url, additional_headers=alice.headers)
    assert first["type"] == "connected"
    first, code, _ = await _ws_first(url + f"?token={bob.access_token}")
    assert first["type"] == "error" and first["error_code"] == "SESSION_NOT_FOUND" and code == 4404

    events = f"{auth_server.base_url}/api/nexus-forge/build/{session_id}/events"
    async with httpx.AsyncClient() as http:
        assert (await http.get(events)).status_code == 401
        body = (await http.get(events, params={"token": alice.access_token})).text
        assert "event: build_completed" in body


@pytest.mark.parametrize("bad", ["pk_live_" + "x" * 43, "pk_live_"])
def test_unknown_api_keys_are_401(auth_server: AuthServer, bad: str) -> None:
    r = auth_server.http.get("/api/nexus-forge/builds", headers={"X-API-Key": bad})
    assert r.status_code == 401 and r.json() == {"detail": "Invalid API key.", "error_code": "UNAUTHORIZED"}


def test_key_rate_limit_is_its_own(auth_server: AuthServer) -> None:
    user = auth_server.user()
    slow = {"X-API-Key": auth_server.key(user, ["read"], rate_limit=3)}
    fast = {"X-API-Key": auth_server.key(user, ["read"], rate_limit=50)}
    codes = [auth_server.http.get("/api/nexus-forge/builds", headers=slow).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = auth_server.http.get("/api/nexus-forge/builds", headers=slow)
    assert limited.json()["error_code"] == "RATE_LIMIT_EXCEEDED"
    assert 1 <= int(limited.headers["retry-after"]) <= 60 and limited.json()["retry_after"] >= 1
    assert auth_server.http.get("/api/nexus-forge/builds", headers=fast).status_code == 200
    # the limit is per key: neither the other key nor the user's own sign-in is affected
    assert auth_server.http.get("/api/nexus-forge/builds", headers=user.headers).status_code == 200
