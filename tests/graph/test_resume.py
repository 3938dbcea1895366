"""Kill a build's process mid-build, resume it in a new process: it completes without redoing finished phases."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def spawn(action: str, session_id: str, home: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.graph.build_process", action, session_id, str(home)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_a_killed_build_resumes_in_a_new_process(tmp_path):
    first = spawn("start", "resume-me", tmp_path)
    seen = []
    for line in first.stdout:
        event = json.loads(line)
        seen.append(event)
        if event["type"] == "progress_update" and event["phase"] == "building" and event.get("agent"):
            break
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    assert any(e["type"] == "phase_completed" and e["phase"] == "generating_spec" for e in seen)
    assert not any(e["type"] == "build_completed" for e in seen)

    second = spawn("resume", "resume-me", tmp_path)
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert "unregistered type" not in err and "Blocked deserialization" not in err, "checkpoint types not allowed"
    events = [json.loads(line) for line in out.splitlines()]
    assert events[-1]["type"] == "build_completed", events[-3:]
    assert events[-1]["spec_calls"] == 1, "the finished spec phase was not redone"
    resumed_phases = [e["phase"] for e in events if e["type"] == "phase_completed"]
    assert resumed_phases == ["building", "optimizing", "deploying"]


def test_resuming_a_finished_build_returns_its_result(tmp_path):
    first = spawn("start", "done", tmp_path)
    first.communicate(timeout=120)
    again = spawn("resume", "done", tmp_path)
    out, _ = again.communicate(timeout=60)
    assert json.loads(out.splitlines()[-1])["type"] == "build_completed"
