"""A warm pytest: one interpreter that has imported pytest and the generated apps' libraries once, and forks a
child per test run (run by ``warm_pytest.py`` as a script with the app's Python; standard library only).

Requests come one JSON line each on stdin: ``{"id", "cwd", "args", "env", "output"}``. For each the server forks;
the child leads a session of its own, takes the request's working directory, environment (replaced whole) and
arguments, writes its output to the file ``output`` and exits with pytest's exit code, as ``python -m pytest ARGS``
from ``cwd`` would. Nothing of the app is imported before the fork (only modules from outside ``cwd``), so every run
sees the app's files as they are now. Answers go to stdout, one JSON line each: ``{"id", "pid"}`` when the child
started, ``{"id", "exit", "cpu"}`` when it ended (``cpu``: its user + system seconds with its own children's, from
``wait4``). A request's ``timeout_s`` is kept here too: the server kills a run still going then (the one who asked
may have gone without stopping it). Each ended run also names the library modules it imported; the server imports
them too, so the next run starts with them loaded. End of stdin: the server kills the runs still going and exits.
"""

from __future__ import annotations

import os
import sys

# Not the folder of this script: `python -m pytest` puts the app's folder first, and nothing else of ours.
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != os.path.dirname(os.path.abspath(__file__))]

import atexit  # noqa: E402
import contextlib  # noqa: E402
import gc  # noqa: E402
import importlib  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import selectors  # noqa: E402
import signal  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402

# Imported before the first run: pytest and the stack the offline generator's apps and their tests use.
SEED_MODULES = (
    "pytest",
    "fastapi",
    "fastapi.testclient",
    "sqlalchemy",
    "sqlalchemy.orm",
    "pydantic",
    "httpx",
    "jinja2",
    "playwright.sync_api",
)
_MODULES_FILE_SUFFIX = ".modules"


def _preload(names: list[str] | tuple[str, ...]) -> None:
    """Import ``names``, then move every object there is to the collector's permanent generation (``gc.freeze``):
    a forked run's collections then never walk the preloaded libraries (which cost each run ~0.13 s of CPU and
    copied the pages they touched)."""
    for name in names:
        if name in sys.modules:
            continue
        try:
            importlib.import_module(name)
        except BaseException:  # a module that does not import outside its app is simply not preloaded
            sys.modules.pop(name, None)
    gc.freeze()


def _library_modules(app_dir: str, preloaded: set[str]) -> list[str]:
    """Names of the modules loaded since the fork (not in ``preloaded``) that come from the interpreter's own
    folders (standard library, installed packages), never from ``app_dir``."""
    app_dir = os.path.realpath(app_dir) + os.sep
    prefixes = tuple({os.path.realpath(p) + os.sep for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)})
    names = []
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None)
        if not path or name == "__main__" or name in preloaded:
            continue
        path = os.path.realpath(path)
        if path.startswith(prefixes) and not path.startswith(app_dir):
            names.append(name)
    return names


def _child(request: dict, inherited: list[int]) -> None:
    """In the forked child: become ``python -m pytest ARGS`` in ``cwd``; never returns."""
    code = 1
    preloaded = set(sys.modules)
    try:
        os.setsid()
        if request.get("nice") is not None:  # the tools' priority; a new session is a new autogroup, lower it too
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, 0, int(request["nice"]))
            with contextlib.suppress(OSError), open("/proc/self/autogroup", "w") as group:
                group.write(str(request["nice"]))
        out = os.open(request["output"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(out, 1)  # from here on, what goes wrong is in the run's output, not in the server's answers
        os.dup2(out, 2)
        for fd in {out, null, *inherited} - {0, 1, 2}:  # and the server's selector and the other runs' pidfds
            with contextlib.suppress(OSError):
                os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        if hasattr(time, "tzset"):
            time.tzset()
        random.seed()
        sys.path.insert(0, os.getcwd())  # what `python -m` puts first
        sys.argv = ["pytest", *request["args"]]
        import pytest

        code = int(pytest.main(request["args"]))
        with open(request["output"] + _MODULES_FILE_SUFFIX, "w", encoding="utf-8") as listed:
            listed.write("\n".join(_library_modules(request["cwd"], preloaded)))
        atexit._run_exitfuncs()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(BaseException):
                stream.flush()
        os._exit(code)


def _say(message: dict) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def _stop_runs(running: dict[int, tuple[str, str, int]]) -> None:
    for _id, _out, pid in running.values():
        with contextlib.suppress(OSError):
            os.killpg(pid, signal.SIGKILL)


def _learned(output: str) -> list[str]:
    """The library modules a finished run listed (its list file removed)."""
    try:
        with open(output + _MODULES_FILE_SUFFIX, encoding="utf-8") as listed:
            names = listed.read().split()
        os.unlink(output + _MODULES_FILE_SUFFIX)
    except OSError:
        return []
    return names


def serve() -> None:
    _preload(SEED_MODULES)
    if threading.active_count() > 1:  # a preloaded module started a thread: forking would be unsafe
        _say({"error": "a preloaded module started a thread; no warm runs"})
        return
    stdin_fd = sys.stdin.fileno()
    selector = selectors.DefaultSelector()
    selector.register(stdin_fd, selectors.EVENT_READ, None)
    running: dict[int, tuple[str, str, int]] = {}  # pidfd -> (request id, output file, pid)
    ends: dict[int, float] = {}  # pid -> when the run is killed whatever the client does
    to_load: list[str] = []
    pending = b""
    _say({"ready": os.getpid()})
    while True:
        if to_load and not running:  # between runs, never while one waits for its answer
            _preload(to_load)
            to_load.clear()
            if threading.active_count() > 1:
                _say({"error": "a module the tests imported started a thread; no more warm runs"})
                _stop_runs(running)
                return
        deadlines = [(end, pid) for pid, end in ends.items()]
        wait = max(0.0, min(deadlines)[0] - time.monotonic()) if deadlines else None
        for _end, pid in deadlines:  # past its time (the one who asked may have gone without stopping it)
            if _end <= time.monotonic():
                with contextlib.suppress(OSError):
                    os.killpg(pid, signal.SIGKILL)
                ends.pop(pid, None)
        for key, _ in selector.select(wait):
            if key.data is None:
                chunk = os.read(stdin_fd, 65536)
                if not chunk:
                    _stop_runs(running)
                    return
                pending += chunk
                while b"\n" in pending:
                    line, pending = pending.split(b"\n", 1)
                    request = json.loads(line)
                    pid = os.fork()
                    if pid == 0:
                        _child(request, [stdin_fd, selector.fileno(), *running])
                    pidfd = os.pidfd_open(pid)
                    running[pidfd] = (request["id"], request["output"], pid)
                    if request.get("timeout_s"):
                        ends[pid] = time.monotonic() + float(request["timeout_s"])
                    selector.register(pidfd, selectors.EVENT_READ, pidfd)
                    _say({"id": request["id"], "pid": pid})
            else:
                pidfd = key.data
                selector.unregister(pidfd)
                os.close(pidfd)
                request_id, output, pid = running.pop(pidfd)
                ends.pop(pid, None)
                _, status, usage = os.wait4(pid, 0)
                code = os.waitstatus_to_exitcode(status)
                _say({"id": request_id, "exit": code, "cpu": usage.ru_utime + usage.ru_stime})
                to_load += _learned(output)


if __name__ == "__main__":
    serve()
