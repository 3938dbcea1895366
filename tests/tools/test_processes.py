"""A build's tools run below the CPU priority of the process that starts them, and still stop on timeout."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from nexusforge_agents.tools.processes import DEFAULT_TOOL_NICE, TOOL_NICE_ENV, run_process

# The priority is lowered right after the start (Python's subprocess has no portable nice option); the short sleep
# keeps a loaded machine's scheduling out of the reading.
PRINT_NICENESS = [sys.executable, "-c", "import os, time; time.sleep(0.3); print(os.nice(0))"]


async def _niceness_of_a_tool(tmp_path: Path) -> int:
    result = await run_process(PRINT_NICENESS, cwd=tmp_path, timeout_s=30)
    assert result.exit_code == 0, result.output
    return int(result.output.strip())


async def test_a_tool_runs_ten_steps_below_us_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TOOL_NICE_ENV, raising=False)
    ours = os.nice(0)
    assert await _niceness_of_a_tool(tmp_path) == min(19, ours + DEFAULT_TOOL_NICE)


async def test_the_niceness_is_a_setting_and_zero_keeps_ours(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ours = os.nice(0)
    monkeypatch.setenv(TOOL_NICE_ENV, "3")
    assert await _niceness_of_a_tool(tmp_path) == min(19, ours + 3)
    monkeypatch.setenv(TOOL_NICE_ENV, "0")
    assert await _niceness_of_a_tool(tmp_path) == ours


async def test_children_of_a_tool_inherit_its_priority(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TOOL_NICE_ENV, "4")
    ours = os.nice(0)
    nested = f"import subprocess, sys; subprocess.run({PRINT_NICENESS!r})"
    result = await run_process([sys.executable, "-c", nested], cwd=tmp_path, timeout_s=30)
    assert int(result.output.strip()) == min(19, ours + 4)


async def test_a_tool_past_its_timeout_is_stopped(tmp_path: Path) -> None:
    result = await run_process([sys.executable, "-c", "import time; time.sleep(30)"], cwd=tmp_path, timeout_s=0.5)
    assert result.timed_out and result.exit_code != 0 and result.duration_s < 10


@pytest.mark.skipif(not Path("/proc/self/autogroup").exists(), reason="no scheduler autogroups on this system")
async def test_the_tools_session_group_is_lowered_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A tool leads a session of its own; with autogroups each session shares the CPU equally with the server's
    # whole session unless the group's nice value is lowered as well.
    monkeypatch.setenv(TOOL_NICE_ENV, "7")
    ours = os.nice(0)
    code = "import time; time.sleep(0.3); print(open('/proc/self/autogroup').read().split()[-1])"
    result = await run_process([sys.executable, "-c", code], cwd=tmp_path, timeout_s=30)
    assert int(result.output.strip()) == min(19, ours + 7)
