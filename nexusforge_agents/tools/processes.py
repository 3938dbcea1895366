"""Subprocesses that can be cancelled: each runs in its own process group, killed on timeout or cancel."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

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
