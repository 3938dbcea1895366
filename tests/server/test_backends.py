"""Issue 10, row 24: the documented shared backends start the server (Redis for rate limits, PostgreSQL for the
database) with what the extras install, and a missing driver is one line at start-up naming what to install."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.serve_process import served
from tests.server.live import ADMIN_EMAIL, ADMIN_PASSWORD, ROOT
from tests.services import REDIS, reachable

REDIS_DB = 13  # a database of its own on the shared Redis: nothing else's counters are touched


def sign_in(base: str) -> dict[str, str]:
    r = httpx.post(base + "/auth/login", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}, timeout=30)
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


@pytest.mark.skipif(not reachable(REDIS), reason="no Redis server on 127.0.0.1:6379")
def test_row24_the_server_counts_rate_limits_in_redis(tmp_path: Path) -> None:
    import redis

    url = f"redis://{REDIS[0]}:{REDIS[1]}/{REDIS_DB}"
    prefix = f"nftest:{secrets.token_hex(4)}:"
    env = {
        "NEXUSFORGE_REDIS_URL": url,
        "NEXUSFORGE_REDIS_PREFIX": prefix,
        "NEXUSFORGE_RATE_LIMIT_BUILDS_LIST": "3/minute",
    }
    client = redis.Redis.from_url(url)
    with served(tmp_path / "home", env) as (base, _log):
        health = httpx.get(base + "/health", timeout=10).json()  # was reported not_configured whatever was set
        assert health["services"]["redis"] == "healthy" and health["checks"]["redis"]["latency_ms"] >= 0, health
        headers = sign_in(base)
        user_id = httpx.get(base + "/auth/me", headers=headers).json()["id"]  # new with every fresh database
        answers = [httpx.get(base + "/api/nexus-forge/builds", headers=headers).status_code for _ in range(4)]
        assert answers == [200, 200, 200, 429]
        keys = [k.decode() for k in client.scan_iter(match=f"{prefix}limits:*builds_list*{user_id}*")]
        assert keys, "the counters live in Redis, under the deployment's prefix (two deployments, two counts)"
        client.delete(*client.scan_iter(match=f"{prefix}*"))
    client.close()


def test_row24_the_server_runs_on_postgresql(tmp_path: Path, postgres_url: str) -> None:
    env = {"NEXUSFORGE_DATABASE_URL": postgres_url}
    with served(tmp_path / "home", env) as (base, _log):
        health = httpx.get(base + "/health", timeout=10).json()
        assert health["services"]["database"] == "healthy"
        headers = sign_in(base)
        key = httpx.post(base + "/api/keys", json={"name": "pg", "permissions": ["read"]}, headers=headers)
        assert key.status_code == 201, key.text
        assert httpx.get(base + "/api/keys", headers=headers).json()[0]["name"] == "pg"
        assert not (tmp_path / "home" / "server.sqlite").exists(), "the database is PostgreSQL, not the default file"
    listed = operator_cli(["users", "list"], tmp_path / "home", env)
    assert listed.returncode == 0 and ADMIN_EMAIL in listed.stdout


def operator_cli(args: list[str], home: Path, env: dict[str, str], code: str | None = None):
    full = {**os.environ, "NEXUSFORGE_HOME": str(home), "PYTHONPATH": str(ROOT), **env}
    command = [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "nexusforge_agents.cli", *args]
    return subprocess.run(command, env=full, cwd=ROOT, capture_output=True, text=True, timeout=120)


# The real CLI with a driver made unimportable, as on an install without the extra that brings it.
WITHOUT = "import sys; sys.modules[{module!r}] = None; from nexusforge_agents.cli import main; main()"


@pytest.mark.parametrize(
    ("env", "module", "expected"),
    [
        (
            {"NEXUSFORGE_DATABASE_URL": "postgresql+asyncpg://postgres@127.0.0.1:5432/x"},
            "asyncpg",
            "NEXUSFORGE_DATABASE_URL uses postgresql+asyncpg, whose driver asyncpg is not installed: "
            'pip install -e ".[postgres]"',
        ),
        (
            {"NEXUSFORGE_REDIS_URL": "redis://127.0.0.1:6379/0"},
            "redis",
            'NEXUSFORGE_REDIS_URL is set but the redis client is not installed: pip install -e ".[server]"',
        ),
        (
            {"NEXUSFORGE_DATABASE_URL": "mysql+aiomysql://u@127.0.0.1/x"},
            None,
            "NEXUSFORGE_DATABASE_URL uses mysql+aiomysql, whose driver aiomysql is not installed: pip install aiomysql",
        ),
    ],
)
def test_row24_a_missing_driver_is_one_line_at_start_up(tmp_path: Path, env, module, expected) -> None:
    code = WITHOUT.format(module=module) if module else None
    result = operator_cli(["serve", "--port", "1"], tmp_path / "home", env, code=code)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {expected}"), result.stderr
    assert "Traceback" not in result.stderr
