"""The build-worker subprocess: runs the graph work of one process's in-process runner, out of its GIL.

    python -m nexusforge_agents.builds.subprocess_worker [--nice N]   (started by SubprocessExecutor; not a command)

It speaks ``subprocess_protocol`` (typed JSON lines): requests on stdin, replies on stdout; fd 1 belongs to the
protocol, anything a library prints goes to stderr. When stdin closes (the parent stopped or died) it stops its
builds without marking them, so they resume from their checkpoints. A lock file under the home keeps one worker
(one SQLite checkpointer, as LangGraph's saver needs) per home.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import fcntl
import importlib
import logging
import os
import signal
import sys
import time
from pathlib import Path
from typing import IO

from ..config import Settings
from ..errors import NexusForgeError
from ..events import BuildCancelled
from .checkpointers import open_checkpointer
from .executors import warm_up
from .graph_driver import EventStream, GraphDriver
from .heap import freeze_startup_heap
from .subprocess_protocol import (
    REQUESTS,
    BuildEnded,
    BuildEventMessage,
    CancelBuild,
    Fatal,
    Init,
    MarkCancelled,
    Marked,
    Ready,
    RunBuild,
    WorkerError,
    encode,
)

log = logging.getLogger("nexusforge.build_worker")
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
            time.sleep(0.1)  # waiting for the previous worker to finish exiting


class BuildWorker:
    def __init__(self, driver: GraphDriver, out: IO[bytes]) -> None:
        self.driver = driver
        self.out = out
        self.tasks: dict[str, asyncio.Task[None]] = {}
        self.cancelling: set[str] = set()
        self.progress: dict[str, int] = {}

    def emit(self, message: Ready | Fatal | BuildEventMessage | BuildEnded | Marked) -> None:
        self.out.write(encode(message))
        self.out.flush()

    def handle(self, request: RunBuild | CancelBuild | MarkCancelled | Init) -> None:
        if isinstance(request, RunBuild):
            output_dir = Path(request.output_dir)
            events = self.driver.resume_or_start(request.session_id, request.prompt, request.config, output_dir)
            self._launch(request.session_id, events)
        elif isinstance(request, CancelBuild):
            asyncio.create_task(self._cancel(request.session_id))
        elif isinstance(request, MarkCancelled):
            asyncio.create_task(self._mark(request.session_id, reply=True))
        else:
            log.error("unexpected request %r", request)

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
                    self.emit(BuildEventMessage(session_id=sid, event=event))
            self._ended(sid)
        except asyncio.CancelledError:
            if sid not in self.cancelling:
                raise  # the parent is gone: leave the build unmarked for the next one to resume
            await self._cancelled(sid)
        except NexusForgeError as exc:
            error = WorkerError(
                error_code=exc.error_code, message=exc.message, retry_possible=exc.retry_possible, details=exc.details
            )
            self._ended(sid, error)
        except Exception as exc:
            log.exception("build %s crashed", sid)
            self._ended(sid, WorkerError(message=f"{type(exc).__name__}: {exc}"))

    def _finished(self, sid: str, task: asyncio.Task[None]) -> None:
        self.tasks.pop(sid, None)
        if task.cancelled() and sid in self.cancelling:  # cancelled before its first step ran
            asyncio.create_task(self._cancelled(sid))

    def _ended(self, sid: str, error: WorkerError | None = None) -> None:
        self.cancelling.discard(sid)
        self.progress.pop(sid, None)
        self.emit(BuildEnded(session_id=sid, error=error))

    async def _cancelled(self, sid: str) -> None:
        event = BuildCancelled(session_id=sid, progress=self.progress.get(sid, 0))
        self.emit(BuildEventMessage(session_id=sid, event=event))
        await self._mark(sid, reply=False)
        self._ended(sid)

    async def _cancel(self, sid: str) -> None:
        task = self.tasks.get(sid)
        if task is None:
            return
        self.cancelling.add(sid)
        if not await self.driver.cancel(sid):
            task.cancel()

    async def _mark(self, sid: str, *, reply: bool) -> None:
        await self.driver.mark_cancelled(sid)
        if reply:
            self.emit(Marked(session_id=sid))

    async def stop(self) -> None:
        tasks = list(self.tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def serve(out: IO[bytes]) -> int:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=2**26)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    try:
        init = REQUESTS.validate_json(await reader.readline())
        if not isinstance(init, Init):
            raise ValueError(f"the first request must be init, got {init.op}")
        settings = Settings(**init.settings)
        for module in init.imports:
            importlib.import_module(module)
        lock = await asyncio.to_thread(acquire_lock, settings.home / LOCK_FILE, LOCK_TIMEOUT_S)
        await asyncio.to_thread(warm_up, settings)
    except Exception as exc:
        out.write(encode(Fatal(message=f"{type(exc).__name__}: {exc}")))
        out.flush()
        return 1
    async with open_checkpointer(settings, init.database_url) as saver:
        worker = BuildWorker(GraphDriver(settings, saver), out)
        freeze_startup_heap()
        worker.emit(Ready(pid=os.getpid()))
        while line := await reader.readline():
            worker.handle(REQUESTS.validate_json(line))
        await worker.stop()
    lock.close()
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description="Nexus Forge build worker (started by the in-process runner).")
    parser.add_argument("--nice", type=int, default=0, help="lower this process's CPU priority by N")
    args = parser.parse_args()
    if args.nice and os.getpriority(os.PRIO_PROCESS, 0) < args.nice:
        os.nice(args.nice - os.getpriority(os.PRIO_PROCESS, 0))  # builds and their tests yield the CPU to the API
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when builds stop: stdin closing
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    logging.basicConfig(level=logging.INFO, format="worker %(levelname)s %(name)s: %(message)s")
    sys.exit(asyncio.run(serve(out)))


if __name__ == "__main__":
    main()
