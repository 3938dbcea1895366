"""Credits against the real server: paid before the build starts, 402 when short, refunds when it is not the
user's fault (and only then)."""

from __future__ import annotations

import sqlite3
import time

from nexusforge_agents.errors import ModelUnavailableError
from nexusforge_agents.server.auth.credits import is_users_fault
from tests.auth.live_auth import AuthServer


def _charges(auth_server: AuthServer, email: str) -> list[tuple[int, str, str | None]]:
    with sqlite3.connect(auth_server.home / "server.sqlite") as db:
        return db.execute(
            "SELECT c.amount, c.state, c.reason FROM credit_charges c JOIN users u ON u.id = c.user_id "
            "WHERE u.email = ? ORDER BY c.created_at",
            (email,),
        ).fetchall()


def _eventually(check, timeout_s: float = 10) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout_s
    while not check():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


def test_builds_are_paid_for_and_402_when_short(auth_server: AuthServer) -> None:
    user = auth_server.user(credits=2)
    for _ in range(2):
        started = auth_server.build(user.headers)
        assert started.status_code == 200
        auth_server.wait_status(started.json()["session_id"], user.headers, "completed")
    assert auth_server.credits(user) == 0
    short = auth_server.build(user.headers)
    assert short.status_code == 402
    assert short.json()["error_code"] == "INSUFFICIENT_CREDITS"
    assert short.json()["details"] == {"required": 1, "balance": 0}
    assert len(auth_server.http.get("/api/nexus-forge/builds", headers=user.headers).json()) == 2  # nothing started
    _eventually(lambda: [s for _, s, _ in _charges(auth_server, user.email)] == ["settled", "settled"])
    assert auth_server.credits(user) == 0


def test_a_failure_that_is_not_the_users_fault_is_refunded(auth_server: AuthServer) -> None:
    user = auth_server.user(credits=1)
    auth_server.script.fail["spec"] = ModelUnavailableError("the spec model is down")
    started = auth_server.build(user.headers)
    assert started.status_code == 200
    assert auth_server.credits(user) == 0  # paid up front
    failed = auth_server.wait_status(started.json()["session_id"], user.headers, "failed")
    assert failed["status"] == "failed"
    _eventually(lambda: auth_server.credits(user) == 1)
    assert _charges(auth_server, user.email) == [(1, "refunded", "build_failed:MODEL_UNAVAILABLE")]


def test_a_cancelled_build_is_not_refunded(auth_server: AuthServer) -> None:
    user = auth_server.user(credits=1)
    auth_server.script.wait_s["coder"] = 30
    session_id = auth_server.build(user.headers).json()["session_id"]
    auth_server.wait_status(session_id, user.headers, "building")
    assert auth_server.http.delete(f"/api/nexus-forge/build/{session_id}", headers=user.headers).status_code == 200
    auth_server.wait_status(session_id, user.headers, "cancelled")
    _eventually(lambda: _charges(auth_server, user.email) == [(1, "settled", "cancelled")])
    assert auth_server.credits(user) == 0


def test_a_refused_request_costs_nothing(auth_server: AuthServer) -> None:
    user = auth_server.user(credits=1)
    r = auth_server.http.post("/api/nexus-forge/build", json={"prompt": "   "}, headers=user.headers)
    assert r.status_code == 400 and r.json()["error_code"] == "INVALID_INPUT"
    assert auth_server.credits(user) == 1
    assert _charges(auth_server, user.email) == [], "refused before anything is charged"


def test_offline_builds_cost_nothing_by_default(auth_server: AuthServer) -> None:
    user = auth_server.user(credits=0)
    offline = {agent: "offline" for agent in ("spec", "design", "video", "coder", "optimizer")}
    r = auth_server.http.post(
        "/api/nexus-forge/build",
        json={"prompt": "Build a todo app", "config": {"models": offline, "enableVideoDemo": False}},
        headers=user.headers,
    )
    assert r.status_code == 200, r.text
    assert auth_server.credits(user) == 0 and _charges(auth_server, user.email) == []
    auth_server.http.delete(f"/api/nexus-forge/build/{r.json()['session_id']}", headers=user.headers)


def test_which_failures_are_the_users() -> None:
    assert is_users_fault({"error_code": "INVALID_INPUT"})
    assert is_users_fault({"error_code": "BUILD_FAILED", "details": {"max_cost_usd": 0.01, "spent_usd": 0.01}})
    assert not is_users_fault({"error_code": "MODEL_UNAVAILABLE"})
    assert not is_users_fault({"error_code": "DEPLOYMENT_FAILED", "details": None})
    assert not is_users_fault(None)
