"""A warm pytest run is a ``python -m pytest`` run: same outcome and exit code, the app's files as they are now, the
run's own environment and folder, its own session (killed whole on timeout or cancel) at the tools' priority; and
it costs less CPU than a cold one once the server has its libraries loaded."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from nexusforge_agents.tools import warm_pytest
from nexusforge_agents.tools.processes import TOOL_NICE_ENV, clean_env, run_process
from nexusforge_agents.tools.warm_pytest import WARM_ENV, run_pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "pidfd_open"), reason="warm runs need fork and pidfd_open (Linux)")

ENV = clean_env({"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "MARKER": "from-the-run"})
ARGS = ["-q", "-p", "no:cacheprovider", "--color=no"]


@pytest.fixture(autouse=True)
def fresh_servers(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(WARM_ENV, raising=False)
    warm_pytest.stop_servers()
    yield
    warm_pytest.stop_servers()


def _app(root: Path, tests: dict[str, str], modules: dict[str, str] | None = None) -> Path:
    (root / "tests").mkdir(parents=True)
    (root / "pytest.ini").write_text("[pytest]\npythonpath = .\ntestpaths = tests\n")
    for name, text in tests.items():
        (root / "tests" / name).write_text(text)
    for name, text in (modules or {}).items():
        (root / name).write_text(text)
    return root


async def _warm(app: Path, *args: str, timeout_s: float = 120) -> warm_pytest.ProcessResult:
    return await run_pytest([*ARGS, *args], cwd=app, timeout_s=timeout_s, env=ENV, python=sys.executable)


async def _cold(app: Path, *args: str) -> warm_pytest.ProcessResult:
    return await run_process([sys.executable, "-m", "pytest", *ARGS, *args], cwd=app, timeout_s=120, env=ENV)


def _last_line(output: str) -> str:
    return output.strip().splitlines()[-1].split(" in ")[0]


async def test_outcomes_and_exit_codes_are_those_of_a_cold_run(tmp_path: Path) -> None:
    tests = {
        "test_ok.py": "def test_one():\n    assert 1 + 1 == 2\n",
        "test_bad.py": "def test_two():\n    assert 'two' == 'three'\n",
    }
    app = _app(tmp_path / "app", tests)
    for args in ([], ["tests/test_ok.py"], ["-k", "nothing_has_this_name"]):
        warm, cold = await _warm(app, *args), await _cold(app, *args)
        assert (warm.exit_code, _last_line(warm.output)) == (cold.exit_code, _last_line(cold.output)), warm.output
        assert not warm.timed_out
    assert [r.exit_code for r in [await _warm(app), await _warm(app, "tests/test_ok.py")]] == [1, 0]
    assert "AssertionError" in (await _warm(app)).output  # pytest's report of the failure, rewritten assert too
    assert "'two' == 'three'" in (await _warm(app)).output


async def test_each_run_sees_the_apps_files_as_they_are_now(tmp_path: Path) -> None:
    uses_backend = "from backend import VALUE\n\n\ndef test_value():\n    assert VALUE == 1\n"
    app = _app(tmp_path / "app", {"test_value.py": uses_backend}, {"backend.py": "VALUE = 1\n"})
    assert (await _warm(app)).exit_code == 0
    (app / "backend.py").write_text("VALUE = 2\n")
    changed = await _warm(app)
    assert changed.exit_code == 1 and "assert 2 == 1" in changed.output


async def test_a_run_has_its_own_folder_environment_path_and_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OURS_ONLY", "secret")  # ours, not the run's: the server gets the run's environment
    probe = """
import os, sys
from pathlib import Path


def test_where_it_runs():
    root = Path(__file__).resolve().parent.parent
    assert Path.cwd() == root
    print("PATH", [p for p in sys.path if "site-packages" not in p])
    assert os.environ["MARKER"] == "from-the-run" and "OURS_ONLY" not in os.environ
    assert os.getsid(0) == os.getpid()
    print("NICE", os.nice(0))
"""
    app = _app(tmp_path / "app", {"test_probe.py": probe})
    monkeypatch.setenv(TOOL_NICE_ENV, "3")
    result, cold = await _warm(app, "-s"), await _cold(app, "-s")
    assert result.exit_code == 0, result.output
    assert f"NICE {min(19, os.nice(0) + 3)}" in result.output
    assert _line("PATH", result.output) == _line("PATH", cold.output)  # as `python -m pytest` from the folder


def _line(start: str, output: str) -> str:
    return next(line for line in output.splitlines() if line.startswith(start))


# A test that starts a process of its own, says its pid in child.pid, then waits far longer than any timeout here.
_SLOW = """
import subprocess, sys, time
from pathlib import Path


def test_slow():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    (Path(__file__).parent.parent / "child.pid").write_text(str(child.pid))
    time.sleep(60)
"""


async def test_a_run_past_its_timeout_is_killed_with_what_it_started(tmp_path: Path) -> None:
    app = _app(tmp_path / "app", {"test_slow.py": _SLOW, "test_ok.py": "def test_ok():\n    pass\n"})
    await _warm(app, "tests/test_ok.py")  # the server is up: the short timeout below is the run's alone
    start = time.monotonic()
    result = await _warm(app, timeout_s=3)
    assert result.timed_out and result.exit_code == -9
    assert time.monotonic() - start < 30
    _assert_gone(int((app / "child.pid").read_text()))


async def test_a_cancelled_run_is_killed_with_what_it_started(tmp_path: Path) -> None:
    app = _app(tmp_path / "app", {"test_slow.py": _SLOW})
    task = asyncio.create_task(_warm(app))
    deadline = time.monotonic() + 60
    while not (app / "child.pid").is_file() and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    _assert_gone(int((app / "child.pid").read_text()))


def _assert_gone(pid: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return
        if state == "Z":
            return
        time.sleep(0.1)
    raise AssertionError(f"process {pid} still runs")


async def test_off_switch_and_cpu_accounting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = _app(tmp_path / "app", {"test_ok.py": "def test_one():\n    pass\n"})
    monkeypatch.setenv(WARM_ENV, "0")
    assert (await _warm(app)).exit_code == 0
    assert warm_pytest.cpu_seconds() == 0.0  # no server was started
    monkeypatch.delenv(WARM_ENV)
    assert (await _warm(app)).exit_code == 0
    assert warm_pytest.cpu_seconds() > 0.0


async def test_a_warm_run_costs_less_cpu_than_a_cold_one(tmp_path: Path) -> None:
    """The run's own CPU (from ``wait4``) against a cold run's: pytest and the seed libraries are loaded once."""
    uses_libraries = "import fastapi, sqlalchemy, pydantic\n\n\ndef test_one():\n    assert fastapi and sqlalchemy\n"
    app = _app(tmp_path / "app", {"test_libs.py": uses_libraries})
    assert (await _warm(app)).exit_code == 0  # starts the server
    server = next(iter(warm_pytest._servers.values()))
    before = server.cpu_of_runs
    assert (await _warm(app)).exit_code == 0
    warm_cpu = server.cpu_of_runs - before
    cold_cpu = _children_cpu()
    assert (await _cold(app)).exit_code == 0
    cold_cpu = _children_cpu() - cold_cpu
    assert warm_cpu < cold_cpu / 2, (warm_cpu, cold_cpu)


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


async def test_a_prewarmed_server_is_the_one_the_runs_use(tmp_path: Path) -> None:
    app = _app(tmp_path / "app", {"test_ok.py": "def test_one():\n    pass\n"})
    warm_pytest.prewarm(sys.executable, ENV)  # returns at once; the server starts in the background
    deadline = time.monotonic() + 120
    while not any(server.process is not None for server in list(warm_pytest._servers.values())):
        assert time.monotonic() < deadline, "no server was started"
        await asyncio.sleep(0.05)
    started = list(warm_pytest._servers.values())
    assert (await _warm(app)).exit_code == 0
    assert list(warm_pytest._servers.values()) == started and started[0].cpu_of_runs > 0


async def test_a_run_whose_caller_went_away_is_killed_by_the_server_at_its_timeout(tmp_path: Path) -> None:
    """A caller whose event loop stopped (a test timed out around it) never kills its run; the server does."""
    app = _app(tmp_path / "app", {"test_slow.py": _SLOW, "test_ok.py": "def test_ok():\n    pass\n"})
    await _warm(app, "tests/test_ok.py")
    server = next(iter(warm_pytest._servers.values()))
    run = server.submit(app, [*ARGS, "tests/test_slow.py"], ENV, tmp_path / "out.txt", timeout_s=1.0)
    pid = await asyncio.wait_for(run.started, 60)  # from here on nobody kills it: the caller "went away"
    assert await asyncio.wait_for(run.ended, 60) == -9  # 1 s + the server's grace, then SIGKILL
    _assert_gone(pid)
    if (app / "child.pid").is_file():  # it got as far as starting its own process: that went too
        _assert_gone(int((app / "child.pid").read_text()))
