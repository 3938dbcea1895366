"""`nexusforge eval DATASET --queue` on the real PostgreSQL and Redis with one `nexusforge worker` process: the eval
process is killed (-9) once its first case is scored; the same command run again scores every case, following the
builds already submitted instead of submitting them again (one build and one spec call per case)."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.scale.cluster import ROOT, Cluster, install_provider

CASES = ("notes", "tasks", "habits")


@pytest.fixture
def cluster(tmp_path: Path, postgres_url: str, redis_url: str, redis_prefix: str):  # noqa: ANN201
    plugins = install_provider(tmp_path / "plugins")  # the eval and worker subprocesses import it from PYTHONPATH
    running = Cluster(tmp_path / "home", postgres_url, redis_url, redis_prefix, plugins)
    yield running
    running.stop()


def _dataset(path: Path) -> Path:
    rows = [{"id": case, "instruction": f"A tiny {case} keeper"} for case in CASES]
    path.write_text("\n".join(json.dumps(row) for row in rows))
    return path


def _eval_args(dataset: Path, out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "nexusforge_agents.cli",
        "eval",
        str(dataset),
        "--provider",
        "tinywait:300",
        "--queue",
        "--out",
        str(out),
        "--no-video",
        "--quiet",
    ]


def _finished(out: Path) -> list[str]:
    return sorted(p.parent.name for p in (out / "cases").glob("*/result.json"))


async def _stored_builds(database_url: str) -> list[str]:
    import asyncpg

    conn = await asyncpg.connect(database_url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        return sorted(row["session_id"] for row in await conn.fetch("SELECT session_id FROM builds"))
    finally:
        await conn.close()


@pytest.mark.slow
def test_an_interrupted_queued_eval_resumes_without_building_a_case_twice(cluster: Cluster, tmp_path: Path) -> None:
    dataset, out = _dataset(tmp_path / "three.jsonl"), tmp_path / "run"
    cluster.worker("a", concurrency=1)
    with (tmp_path / "eval-1.log").open("wb") as log:
        first = subprocess.Popen(
            _eval_args(dataset, out), cwd=ROOT, env=cluster.env(), stdout=log, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 240
        while not _finished(out):
            cluster.assert_running()
            assert first.poll() is None, (tmp_path / "eval-1.log").read_text()[-3000:]
            assert time.monotonic() < deadline, cluster.all_logs()
            time.sleep(0.2)
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert len(_finished(out)) < len(CASES), "the first run finished every case before it was killed"
    submitted = json.loads((out / "queue-sessions.json").read_text())["sessions"]
    assert sorted(submitted) == sorted(CASES)  # every case was queued before the first one was scored

    second = subprocess.run(
        _eval_args(dataset, out), cwd=ROOT, env=cluster.env(), capture_output=True, text=True, timeout=400
    )
    assert second.returncode == 0, second.stdout + second.stderr + cluster.all_logs()
    assert "cases: 3 (3 built, 0 build failures)" in second.stdout, second.stdout
    assert _finished(out) == sorted(CASES)
    for case in CASES:
        result = json.loads((out / "cases" / case / "result.json").read_text())
        assert result["status"] == "completed", result
        assert result["build"]["session_id"] == submitted[case]
        # scored here, on the app the worker wrote into the case folder (tinywait's tiny app has no CRUD routes)
        stages = result["scores"]["executability"]["details"]["stages"]
        assert stages["boots"] and stages["own_tests"], result["scores"]["executability"]
    assert json.loads((out / "queue-sessions.json").read_text())["sessions"] == submitted  # nothing resubmitted
    assert asyncio.run(_stored_builds(cluster.database_url)) == sorted(submitted.values())
    spec_calls = [line for line in cluster.call_log.read_text().splitlines() if line.startswith("spec ")]
    assert len(spec_calls) == len(CASES), spec_calls  # one spec per case: no build ran twice


def test_eval_queue_without_redis_says_what_is_missing(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEXUSFORGE_") and k != "DATABASE_URL"}
    run = subprocess.run(
        _eval_args(_dataset(tmp_path / "three.jsonl"), tmp_path / "run"),
        cwd=tmp_path,
        env={**env, "NEXUSFORGE_HOME": str(tmp_path / "home")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2, run.stdout + run.stderr
    assert "--queue needs NEXUSFORGE_REDIS_URL" in run.stderr and "Traceback" not in run.stderr, run.stderr
    run = subprocess.run(
        _eval_args(_dataset(tmp_path / "three.jsonl"), tmp_path / "run"),
        cwd=tmp_path,
        env={**env, "NEXUSFORGE_HOME": str(tmp_path / "home"), "NEXUSFORGE_REDIS_URL": "redis://127.0.0.1:6379/12"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2 and "--queue needs NEXUSFORGE_DATABASE_URL" in run.stderr, run.stdout + run.stderr
