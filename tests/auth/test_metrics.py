"""Admin metrics from real data (builds, measured response times, the server's run record)."""

from __future__ import annotations

import re
from datetime import timedelta

from nexusforge_agents.builds.db import Database
from nexusforge_agents.errors import ModelUnavailableError
from nexusforge_agents.server.auth.metrics import uptime_ratio
from nexusforge_agents.server.auth.models import ServerRun, utcnow
from tests.auth.live_auth import AuthServer


def test_metrics_are_admin_only_and_count_real_builds(auth_server: AuthServer) -> None:
    user = auth_server.user()
    for path in ("/api/metrics", "/metrics"):
        r = auth_server.http.get(path, headers=user.headers)
        assert r.status_code == 403 and r.json()["error_code"] == "FORBIDDEN"
    admin_key = {"X-API-Key": auth_server.key(auth_server.admin, ["read"])}

    ok = auth_server.build(user.headers).json()["session_id"]
    auth_server.wait_status(ok, user.headers, "completed")
    auth_server.script.fail["coder"] = ModelUnavailableError("coder model is down")
    bad = auth_server.build(user.headers).json()["session_id"]
    auth_server.wait_status(bad, user.headers, "failed")

    data = auth_server.http.get("/api/metrics", headers=auth_server.admin.headers).json()
    assert data["builds"] == {"total": 2, "successful": 1, "failed": 1, "success_rate": 0.5}
    assert data["usage"] == {"active_sessions": 0, "daily_builds": 2, "monthly_builds": 2}
    assert re.fullmatch(r"\d+\.\d (seconds|minutes)", data["performance"]["avg_build_time"])
    assert re.fullmatch(r"\d+ms", data["performance"]["avg_response_time"])
    assert data["performance"]["uptime"] == "100.0%"
    assert data["raw"]["requests"] > 5 and data["raw"]["avg_build_time_s"] > 0

    text = auth_server.http.get("/metrics", headers=admin_key)
    assert text.status_code == 200 and text.headers["content-type"].startswith("text/plain")
    lines = text.text.splitlines()
    assert 'nexusforge_builds{outcome="total"} 2' in lines
    assert 'nexusforge_builds{outcome="failed"} 1' in lines
    assert "nexusforge_build_success_ratio 0.5" in lines
    assert any(line.startswith('nexusforge_http_responses_total{code="403"} ') for line in lines)
    assert any(line.startswith('nexusforge_http_request_duration_seconds_bucket{le="+Inf"}') for line in lines)


async def test_uptime_is_the_covered_share_of_the_window(tmp_path) -> None:  # noqa: ANN001
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'runs.sqlite'}")
    await db.create_all()
    now = utcnow()
    async with db.sessions() as session:
        session.add(ServerRun(id=1, started_at=now - timedelta(hours=10), last_seen=now - timedelta(hours=6)))
        session.add(ServerRun(id=2, started_at=now - timedelta(hours=2), last_seen=now - timedelta(hours=1)))
        await session.commit()
        # run 2 is the current one: it is up until now, whatever its last heartbeat said
        assert abs(await uptime_ratio(session, 2, now) - 0.6) < 1e-6
        assert abs(await uptime_ratio(session, None, now) - 0.5) < 1e-6
    await db.dispose()
