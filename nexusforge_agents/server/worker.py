"""The build worker: runs one API server's builds in a process of their own.

    python -m nexusforge_agents.server.worker [--nice N]     (started by the server; not a user command)

It speaks JSON lines: requests on stdin (``init`` first, then ``start``, ``resume``, ``cancel``,
``mark_cancelled``), replies on stdout (``ready``, ``event``, ``ended``, ``marked``, ``fatal``); fd 1 belongs to
the protocol, anything a library prints goes to stderr. When stdin closes (the server stopped or died) it stops
its builds without marking them, so the next server resumes them from their checkpoints. A lock file under the
home keeps one worker (one checkpointer, as LangGraph's SQLite saver needs) per home.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import fcntl
import importlib
import json
import logging
import os
import signal
import sys
import time
from pathlib import Path
from typing import IO, Any

from ..config import Settings
from ..errors import NexusForgeError, SessionNotFoundError
from ..events import ProgressUpdate
from ..graph.run import cancel_build, is_running, open_checkpointer, stream_build
from ..schemas import BuildStatus
from .engine import EventStream, as_stream, resumed_events, warm_up

log = logging.getLogger("nexusforge.worker")
LOCK_FILE = "build-worker.lock"
LOCK_TIMEOUT_S = 60.0


def acquire_lock(path: Path, timeout_s: float) -> IO[str]:
    """Hold an exclusive lock on ``path`` (released when this process exits, however it exits)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a")
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return handle
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"another build worker holds {path}") from None
            time.sleep(0.1)  # waiting for the previous server's worker to finish exiting


class Worker:
    def __init__(self, settings: Settings, saver: Any, out: IO[bytes]) -> None:
        self.settings = settings
        self.saver = saver
        self.out = out
        self.tasks: dict[str, asyncio.Task[None]] = {}
        self.cancelling: set[str] = set()
        self.progress: dict[str, int] = {}

    def emit(self, message: dict[str, Any]) -> None:
        self.out.write(json.dumps(message, separators=(",", ":")).encode() + b"\n")
        self.out.flush()

    def handle(self, message: dict[str, Any]) -> None:
        op, sid = message.get("op"), message.get("session_id", "")
        common = {"settings": self.settings, "checkpointer": self.saver}
        if op == "start":
            events = stream_build(
                message["prompt"], message["config"], session_id=sid, output_dir=message["output_dir"], **common
            )
            self._launch(sid, as_stream(events))
        elif op == "resume":
            args = (sid, message["prompt"], message["config"], Path(message["output_dir"]))
            self._launch(sid, resumed_events(*args, self.settings, self.saver))
        elif op == "cancel":
            asyncio.create_task(self._cancel(sid))
        elif op == "mark_cancelled":
            asyncio.create_task(self._mark(sid, reply=True))
        else:
            log.error("unknown request %r", op)

    def _launch(self, sid: str, events: EventStream) -> None:
        task = asyncio.create_task(self._run(sid, events), name=f"nexusforge-worker-build:{sid}")
        self.tasks[sid] = task
        task.add_done_callback(lambda done: self._finished(sid, done))

    async def _run(self, sid: str, events: EventStream) -> None:
        try:
            async with contextlib.aclosing(events):
                async for event in events:
                    if event.progress is not None:
                        self.progress[sid] = max(self.progress.get(sid, 0), event.progress)
                    self.emit({"type": "event", "session_id": sid, "event": event.model_dump(mode="json")})
            self._ended(sid)
        except asyncio.CancelledError:
            if sid not in self.cancelling:
                raise  # the server is gone: leave the build unmarked for the next one to resume
            await self._cancelled(sid)
        except NexusForgeError as exc:
            self._ended(sid, {**exc.to_dict(), "retry_possible": exc.retry_possible})
        except Exception as exc:
            log.exception("build %s crashed", sid)
            self._ended(sid, {"detail": f"{type(exc).__name__}: {exc}", "error_code": "BUILD_FAILED"})

    def _finished(self, sid: str, task: asyncio.Task[None]) -> None:
        self.tasks.pop(sid, None)
        if task.cancelled() and sid in self.cancelling:  # cancelled before its first step ran
            asyncio.create_task(self._cancelled(sid))

    def _ended(self, sid: str, error: dict[str, Any] | None = None) -> None:
        self.cancelling.discard(sid)
        self.progress.pop(sid, None)
        self.emit({"type": "ended", "session_id": sid, "error": error})

    async def _cancelled(self, sid: str) -> None:
        message = "Build cancelled by user"
        event = ProgressUpdate(
            session_id=sid, phase=BuildStatus.CANCELLED, progress=self.progress.get(sid, 0), message=message
        )
        self.emit({"type": "event", "session_id": sid, "event": event.model_dump(mode="json")})
        await self._mark(sid, reply=False)
        self._ended(sid)

    async def _cancel(self, sid: str) -> None:
        task = self.tasks.get(sid)
        if task is None:
            return
        self.cancelling.add(sid)
        if is_running(sid):
            await cancel_build(sid, settings=self.settings, checkpointer=self.saver)
        else:
            task.cancel()

    async def _mark(self, sid: str, *, reply: bool) -> None:
        with contextlib.suppress(SessionNotFoundError):
            await cancel_build(sid, settings=self.settings, checkpointer=self.saver)
        if reply:
            self.emit({"type": "marked", "session_id": sid})

    async def stop(self) -> None:
        tasks = list(self.tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def serve(out: IO[bytes]) -> int:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=2**26)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    init = json.loads(await reader.readline() or b"{}")
    settings = Settings(**init.get("settings", {}))
    try:
        for module in init.get("imports", []):
            importlib.import_module(module)
        lock = await asyncio.to_thread(acquire_lock, settings.home / LOCK_FILE, LOCK_TIMEOUT_S)
        await asyncio.to_thread(warm_up, settings)
    except Exception as exc:
        out.write(json.dumps({"type": "fatal", "message": f"{type(exc).__name__}: {exc}"}).encode() + b"\n")
        out.flush()
        return 1
    async with open_checkpointer(settings) as saver:
        worker = Worker(settings, saver, out)
        worker.emit({"type": "ready", "pid": os.getpid()})
        while line := await reader.readline():
            worker.handle(json.loads(line))
        await worker.stop()
    lock.close()
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description="Nexus Forge build worker (started by the API server).")
    parser.add_argument("--nice", type=int, default=0, help="lower this process's CPU priority by N")
    args = parser.parse_args()
    if args.nice and os.getpriority(os.PRIO_PROCESS, 0) < args.nice:
        os.nice(args.nice - os.getpriority(os.PRIO_PROCESS, 0))  # builds and their tests yield the CPU to the API
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server decides when builds stop: stdin closing
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    logging.basicConfig(level=logging.INFO, format="worker %(levelname)s %(name)s: %(message)s")
    sys.exit(asyncio.run(serve(out)))


if __name__ == "__main__":
    main()
