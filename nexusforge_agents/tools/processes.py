"""Subprocesses that can be cancelled: each runs in its own process group, killed on timeout or cancel."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

# What a generated app's processes may see of our environment: enough to run, no secrets.
_PASSED_ENV = ("PATH", "LANG", "LC_ALL", "TZ", "SYSTEMROOT", "TMPDIR", "TEMP", "TMP")


def clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k in _PASSED_ENV}
    env.setdefault("PATH", "/usr/local/bin:/usr/bin:/bin")
    env["HOME"] = env.get("TMPDIR", "/tmp")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra or {})
    return env


TOOL_NICE_ENV = "NEXUSFORGE_TOOL_NICE"
DEFAULT_TOOL_NICE = 10


def tool_niceness() -> int:
    """How much lower than ours the CPU priority of a build's tools is (``NEXUSFORGE_TOOL_NICE``, default 10; 0 keeps
    ours). An app's tests, ruff, npm and ffmpeg are a build's heavy CPU work; run below the process that starts them,
    they cannot starve the event loop that records and publishes the build's events, renews its lease, or (in the
    embedded server) answers the API."""
    raw = os.environ.get(TOOL_NICE_ENV, "").strip()
    if not raw:
        return DEFAULT_TOOL_NICE
    try:
        return max(0, min(19, int(raw)))
    except ValueError:
        logger.warning("%s=%r is not a whole number; using %d", TOOL_NICE_ENV, raw, DEFAULT_TOOL_NICE)
        return DEFAULT_TOOL_NICE


def lower_priority(pid: int, increment: int) -> None:
    """Lower the CPU priority of process ``pid`` (and so of the children it starts afterwards) by ``increment``.

    ``pid`` leads a session of its own. Where Linux groups the CPU by session (``sched_autogroup``, on by default),
    a process's nice value only ranks it inside its group and every group gets an equal share, so the group's own
    nice value (``/proc/<pid>/autogroup``) is lowered too: otherwise each tool would weigh as much as the whole
    server beside it."""
    if increment <= 0 or not hasattr(os, "setpriority"):
        return
    niceness = min(19, os.getpriority(os.PRIO_PROCESS, 0) + increment)
    with contextlib.suppress(OSError):  # the process may already have exited
        os.setpriority(os.PRIO_PROCESS, pid, niceness)
    with contextlib.suppress(OSError):  # no autogroups here (other systems, or the kernel option off)
        Path(f"/proc/{pid}/autogroup").write_text(str(niceness))


@dataclass
class ProcessResult:
    exit_code: int
    output: str
    duration_s: float
    timed_out: bool


def kill_group(proc: asyncio.subprocess.Process) -> None:
    if proc.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


async def run_process(
    args: list[str], *, cwd: Path, timeout_s: float, env: dict[str, str] | None = None
) -> ProcessResult:
    """Run ``args`` to completion with output captured; kill its whole group on timeout or cancellation."""
    start = time.perf_counter()
    proc = await asyncio.create_subprocess_exec(
        *args,
        cwd=cwd,
        env=env if env is not None else clean_env(),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        stdin=asyncio.subprocess.DEVNULL,
        start_new_session=True,
    )
    lower_priority(proc.pid, tool_niceness())
    timed_out = False
    try:
        out, _ = await asyncio.wait_for(proc.communicate(), timeout_s)
    except TimeoutError:
        timed_out = True
        kill_group(proc)
        out, _ = await proc.communicate()
    except asyncio.CancelledError:
        kill_group(proc)
        raise
    return ProcessResult(
        exit_code=proc.returncode if proc.returncode is not None else -9,
        output=out.decode("utf-8", "replace"),
        duration_s=round(time.perf_counter() - start, 3),
        timed_out=timed_out,
    )
