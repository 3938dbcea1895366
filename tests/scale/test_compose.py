"""docker-compose.yml cannot be run here (no Docker): its shape is checked against the code instead — the commands
exist, API and workers share the database, Redis and data folder, and every NEXUSFORGE_ variable it sets is a
setting some part reads."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from nexusforge_agents.builds.process_settings import ProcessSettings
from nexusforge_agents.builds.queue_settings import QueueSettings
from nexusforge_agents.config import Settings
from nexusforge_agents.server.auth.settings import AuthSettings

ROOT = Path(__file__).resolve().parents[2]


def _settings_variables() -> set[str]:
    names = set()
    for model in (Settings, ProcessSettings, QueueSettings, AuthSettings):
        for name, field in model.model_fields.items():
            names.add(f"NEXUSFORGE_{name.upper()}")
            aliases = getattr(field.validation_alias, "choices", None) or []
            names.update(a for a in aliases if isinstance(a, str))
    return names


def test_compose_runs_api_replicas_and_workers_on_shared_services() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"postgres", "redis", "api", "worker"}
    api, worker = services["api"], services["worker"]
    assert api["command"][:3] == ["nexusforge", "serve", "--api-only"]
    assert worker["command"][:2] == ["nexusforge", "worker"]
    assert api["environment"] == worker["environment"]  # same database, Redis, home
    env = api["environment"]
    assert (
        env["NEXUSFORGE_DATABASE_URL"].startswith("postgresql+asyncpg://")
        and "@postgres:" in env["NEXUSFORGE_DATABASE_URL"]
    )
    assert env["NEXUSFORGE_REDIS_URL"].startswith("redis://redis:")
    assert api["volumes"] == worker["volumes"] and env["NEXUSFORGE_HOME"] == api["volumes"][0].split(":")[1]
    unknown = {name for name in env if name.startswith("NEXUSFORGE_")} - _settings_variables()
    assert not unknown, f"docker-compose.yml sets variables nothing reads: {unknown}"
    for service in (api, worker):
        assert {"postgres", "redis"} <= set(service["depends_on"])


def _help(command: str) -> str:
    env = {**os.environ, "COLUMNS": "200"}
    done = subprocess.run(
        [sys.executable, "-m", "nexusforge_agents.cli", command, "--help"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_commands_compose_runs_exist() -> None:
    assert "--api-only" in _help("serve")
    assert "--concurrency" in _help("worker")
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert '".[server,postgres,queue]"' in dockerfile
