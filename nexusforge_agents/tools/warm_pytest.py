"""Running an app's pytest from a warm interpreter: a fork server per Python that has imported pytest and the apps'
libraries once (``warm_pytest_server.py``), so a test run no longer starts Python, pytest, FastAPI, SQLAlchemy and
Playwright from nothing.

What a run sees is what ``python -m pytest ARGS`` from the app's folder sees: the child is forked before anything
of the app is imported, takes the run's working directory, environment and arguments, leads a session of its own
(killed whole on timeout or cancel, like ``run_process``) and runs at the tools' lower priority. A server is kept
per Python and per the ``PYTHON*`` variables (they act when an interpreter starts, so runs that differ in them
never share one); it lives as long as this process. ``NEXUSFORGE_WARM_PYTEST=0`` turns it off (every run starts
a fresh ``python -m pytest``), and so does a platform without ``fork`` and ``pidfd_open`` (Linux 5.3+); a server
that cannot start or dies makes that run, and the later ones, cold. ``cpu_seconds()`` gives the CPU the servers and
their runs used, which ``RUSAGE_CHILDREN`` cannot see while a server lives.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import itertools
import json
import logging
import os
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .processes import ProcessResult, lower_priority, run_process, tool_niceness

logger = logging.getLogger(__name__)

WARM_ENV = "NEXUSFORGE_WARM_PYTEST"
SERVER_SCRIPT = Path(__file__).with_name("warm_pytest_server.py")
_SERVER_GRACE_S = 5.0


class ServerGone(RuntimeError):
    """The warm server stopped answering; the run is made cold instead."""


def warm_enabled() -> bool:
    return os.environ.get(WARM_ENV, "1").strip().lower() not in ("0", "false", "no", "off") and hasattr(
        os, "pidfd_open"
    )


@dataclass
class _Run:
    loop: asyncio.AbstractEventLoop
    started: asyncio.Future[int]
    ended: asyncio.Future[int]
    pid: int | None = None


@dataclass
class WarmServer:
    """One fork server (``warm_pytest_server.py`` under ``python``) and the runs it has going."""

    python: str
    env: dict[str, str]
    process: subprocess.Popen[bytes] | None = None
    runs: dict[str, _Run] = field(default_factory=dict)
    cpu_of_runs: float = 0.0
    alive: bool = True
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ids: itertools.count[int] = field(default_factory=itertools.count)

    def start(self) -> None:
        """Start the server and wait for it to have its libraries loaded (raises ``ServerGone`` if it cannot)."""
        self.process = subprocess.Popen(
            [self.python, str(SERVER_SCRIPT)],
            env=self.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        lower_priority(self.process.pid, tool_niceness())
        assert self.process.stdout is not None
        first = self.process.stdout.readline()
        try:
            ready = json.loads(first) if first else {}
        except ValueError:
            ready = {}
        if "ready" not in ready:
            self.stop()
            raise ServerGone(f"the warm pytest server did not start: {ready.get('error') or first[:200]!r}")
        threading.Thread(target=self._read_answers, name="warm-pytest", daemon=True).start()

    def _read_answers(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        for line in self.process.stdout:
            try:
                answer = json.loads(line)
                run = self.runs[answer["id"]]
            except (ValueError, KeyError):
                continue
            if "pid" in answer:
                run.pid = int(answer["pid"])
                _answer(run, _settle, run.started, run.pid)
            elif "exit" in answer:
                self.cpu_of_runs += float(answer.get("cpu", 0.0))
                self.runs.pop(answer["id"], None)
                _answer(run, _settle, run.ended, int(answer["exit"]))
        self.alive = False  # its runs lead sessions of their own: stop them, then answer for them
        for run in list(self.runs.values()):
            if run.pid is not None:
                _kill_group(run.pid)
            for future in (run.started, run.ended):
                _answer(run, _fail, future, ServerGone("the warm pytest server stopped"))

    def stop(self) -> None:
        self.alive = False
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(OSError):
                assert self.process.stdin is not None
                self.process.stdin.close()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def own_cpu_seconds(self) -> float:
        """The server's own CPU (its imports, the forks), read from ``/proc`` while it lives."""
        if self.process is None or self.process.poll() is not None:
            return 0.0
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def submit(self, cwd: Path, args: list[str], env: dict[str, str], output: Path, timeout_s: float) -> _Run:
        loop = asyncio.get_running_loop()
        run_id = str(next(self._ids))
        run = _Run(loop, loop.create_future(), loop.create_future())
        request = {"id": run_id, "cwd": str(cwd), "args": args, "env": env, "output": str(output)}
        request["timeout_s"] = timeout_s + _SERVER_GRACE_S  # ours first; the server's if we are gone
        lower = tool_niceness()
        request["nice"] = min(19, os.getpriority(os.PRIO_PROCESS, 0) + lower) if lower else None
        self.runs[run_id] = run
        try:
            with self._lock:
                assert self.process is not None and self.process.stdin is not None
                self.process.stdin.write(json.dumps(request).encode() + b"\n")
                self.process.stdin.flush()
        except (OSError, ValueError) as exc:
            self.runs.pop(run_id, None)
            self.alive = False
            raise ServerGone(f"the warm pytest server stopped: {exc}") from None
        return run


def _answer(
    run: _Run, settle: Callable[[asyncio.Future[int], Any], None], future: asyncio.Future[int], value: Any
) -> None:
    """Settle ``future`` in its run's event loop (not at all when that loop has closed: nobody waits any more)."""
    with contextlib.suppress(RuntimeError):
        run.loop.call_soon_threadsafe(settle, future, value)


def _settle(future: asyncio.Future[int], value: int) -> None:
    if not future.done():
        future.set_result(value)


def _fail(future: asyncio.Future[int], exc: BaseException) -> None:
    if not future.done():
        future.set_exception(exc)


_servers: dict[tuple[str, tuple[tuple[str, str], ...]], WarmServer] = {}
_servers_lock = threading.Lock()


def _server_for(python: str, env: dict[str, str]) -> WarmServer:
    startup = tuple(sorted((k, v) for k, v in env.items() if k.startswith("PYTHON")))
    key = (python, startup)
    with _servers_lock:
        server = _servers.get(key)
        if server is None:
            server = _servers[key] = WarmServer(python, dict(env))
            try:
                server.start()
            except (OSError, ServerGone) as exc:
                server.alive = False
                logger.warning("no warm pytest server for %s (%s): its tests start cold", python, exc)
                raise ServerGone(str(exc)) from None
        if not server.alive:  # one that could not start or stopped is not tried again
            raise ServerGone(f"the warm pytest server for {python} has stopped")
        return server


def prewarm(python: str, env: dict[str, str]) -> None:
    """Start the warm server that runs with ``python`` and ``env`` would use, in the background (its imports overlap
    whatever comes before the tests, e.g. writing the code); nothing when it runs already or warm runs are off."""
    if not warm_enabled():
        return

    def start() -> None:
        with contextlib.suppress(ServerGone):
            _server_for(python, env)

    threading.Thread(target=start, name="warm-pytest-start", daemon=True).start()


def cpu_seconds() -> float:
    """User + system CPU seconds of the warm servers of this process and of every run they have finished."""
    return sum(server.cpu_of_runs + server.own_cpu_seconds() for server in list(_servers.values()))


if hasattr(os, "register_at_fork"):  # a forked copy of this process has no reader threads: it starts its own
    os.register_at_fork(after_in_child=_servers.clear)


@atexit.register
def stop_servers() -> None:
    """Stop every warm server (they stop by themselves when this process ends, too: their stdin closes)."""
    for server in list(_servers.values()):
        server.stop()
    _servers.clear()


async def _warm_run(
    server: WarmServer, args: list[str], cwd: Path, timeout_s: float, env: dict[str, str]
) -> ProcessResult:
    start = time.perf_counter()
    deadline = time.monotonic() + timeout_s
    with tempfile.TemporaryDirectory(prefix="nf-warm-") as tmp:
        output = Path(tmp) / "output.txt"
        run = server.submit(cwd, args, env, output, timeout_s)
        pid: int | None = None
        timed_out = False
        try:
            pid = await asyncio.wait_for(asyncio.shield(run.started), max(0.1, deadline - time.monotonic()))
            exit_code = await asyncio.wait_for(asyncio.shield(run.ended), max(0.1, deadline - time.monotonic()))
        except TimeoutError:  # kill it; never wait long for the server's answers (it also kills at its deadline)
            timed_out = True
            pid = pid if pid is not None else await _within(run.started, _SERVER_GRACE_S)
            if pid is not None:
                _kill_group(pid)
            ended = await _within(run.ended, _SERVER_GRACE_S * 2)
            exit_code = ended if ended is not None else -signal.SIGKILL
        except asyncio.CancelledError:
            if pid is None and run.started.done() and not run.started.cancelled():
                pid = run.started.result()
            if pid is not None:
                _kill_group(pid)
            raise
        text = output.read_text(encoding="utf-8", errors="replace") if output.is_file() else ""
    return ProcessResult(exit_code, text, round(time.perf_counter() - start, 3), timed_out)


async def _within(future: asyncio.Future[int], seconds: float) -> int | None:
    try:
        return await asyncio.wait_for(asyncio.shield(future), seconds)
    except (TimeoutError, ServerGone):
        return None


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


async def run_pytest(
    args: list[str], *, cwd: Path, timeout_s: float, env: dict[str, str], python: str
) -> ProcessResult:
    """``python -m pytest ARGS`` from ``cwd`` with ``env``: from a warm server when one can serve ``python``, else
    as a fresh process (``run_process``)."""
    if warm_enabled():
        try:
            server = await asyncio.to_thread(_server_for, python, env)
            return await _warm_run(server, args, cwd, timeout_s, env)
        except ServerGone as exc:
            logger.debug("pytest runs cold: %s", exc)
    return await run_process([python, "-m", "pytest", *args], cwd=cwd, timeout_s=timeout_s, env=env)
