"""The contract's rate-limit table, row by row, against the real server with its default limits."""

from __future__ import annotations

import pytest

from nexusforge_agents.server.auth.ratelimit import RateLimiter, storage_uri
from nexusforge_agents.server.auth.settings import AuthSettings
from tests.auth.live_auth import AuthServer
from tests.server.live import free_port
from tests.services import REDIS, reachable


def _hammer(auth_server: AuthServer, method: str, path: str, headers: dict, n: int, **kwargs: object) -> list[int]:
    return [auth_server.http.request(method, path, headers=headers, **kwargs).status_code for _ in range(n)]


def _assert_429(r, window_s: int) -> None:  # noqa: ANN001
    assert r.status_code == 429
    body = r.json()
    assert body["error_code"] == "RATE_LIMIT_EXCEEDED" and body["detail"]
    assert body["retry_after"] == int(r.headers["retry-after"])
    assert 1 <= body["retry_after"] <= window_s


def test_builds_5_per_hour(auth_server: AuthServer) -> None:
    user = auth_server.user()
    for _ in range(5):
        assert auth_server.build(user.headers).status_code == 200
    r = auth_server.build(user.headers)
    _assert_429(r, 3600)
    assert r.json()["retry_after"] > 3000
    assert r.json()["detail"] == "Rate limit exceeded. Please wait before starting another build."
    other = auth_server.user()  # per user: someone else may still build
    assert auth_server.build(other.headers).status_code == 200


def test_build_status_60_per_minute(auth_server: AuthServer) -> None:
    user = auth_server.user()
    session_id = auth_server.build(user.headers).json()["session_id"]
    path = f"/api/nexus-forge/build/{session_id}"
    assert set(_hammer(auth_server, "GET", path, user.headers, 60)) == {200}
    _assert_429(auth_server.http.get(path, headers=user.headers), 60)
    # a different row is counted apart
    assert auth_server.http.get("/api/nexus-forge/builds", headers=user.headers).status_code == 200


def test_builds_list_100_per_minute(auth_server: AuthServer) -> None:
    user = auth_server.user()
    assert set(_hammer(auth_server, "GET", "/api/nexus-forge/builds", user.headers, 100)) == {200}
    _assert_429(auth_server.http.get("/api/nexus-forge/builds", headers=user.headers), 60)


def test_auth_endpoints_10_per_5_minutes(auth_server: AuthServer) -> None:
    # the fixture already signed the admin in once from this address
    wrong = {"email": auth_server.admin.email, "password": "not-the-password"}
    assert _hammer(auth_server, "POST", "/auth/login", {}, 9, json=wrong) == [401] * 9
    r = auth_server.http.post("/auth/login", json=wrong)
    _assert_429(r, 300)
    assert r.json()["retry_after"] > 60
    refresh = auth_server.http.post("/auth/refresh", json={"refresh_token": auth_server.admin.refresh_token})
    assert refresh.status_code == 429  # refresh is an auth endpoint too


def test_everything_else_1000_per_hour(auth_server: AuthServer) -> None:
    user = auth_server.user()
    assert set(_hammer(auth_server, "GET", "/auth/me", user.headers, 1000)) == {200}
    r = auth_server.http.get("/api/nexus-forge/templates", headers=user.headers)
    _assert_429(r, 3600)
    assert auth_server.http.get("/health").status_code == 200  # probes are never limited


def test_redis_storage_when_configured() -> None:
    assert storage_uri(AuthSettings()) == "async+memory://"
    assert storage_uri(AuthSettings(redis_url="redis://127.0.0.1:6379/0")) == "async+redis://127.0.0.1:6379/0"
    with pytest.raises(ValueError, match="redis://"):
        storage_uri(AuthSettings(redis_url="http://127.0.0.1:6379"))


async def test_health_pings_the_configured_redis() -> None:
    """/health's redis row (RateLimiter.check_redis): not_configured when the counters are in memory, else a PING."""
    assert await RateLimiter(AuthSettings(redis_url=None)).check_redis() == ("not_configured", {})
    nobody = await RateLimiter(AuthSettings(redis_url=f"redis://127.0.0.1:{free_port()}/0")).check_redis()
    assert nobody == ("unhealthy", {"error": "Redis did not answer PING"})
    if not reachable(REDIS):
        pytest.skip("no Redis server on 127.0.0.1:6379")
    status, detail = await RateLimiter(AuthSettings(redis_url=f"redis://{REDIS[0]}:{REDIS[1]}/13")).check_redis()
    assert status == "healthy" and detail["latency_ms"] >= 0
