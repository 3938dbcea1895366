"""``SubprocessExecutor``: the in-process runner's graph work in one build-worker subprocess (``subprocess_worker``).

Each build's events arrive on the worker's stdout and are routed to that build's stream; if the worker dies, its
streams raise ``WorkerLostError`` and the next request starts a new worker (the runner then resumes those builds
from their checkpoints).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
from pathlib import Path
from typing import Any

from ..config import BuildConfig, Settings
from ..graph.result import error_class
from .executors import WorkerLostError
from .graph_driver import EventStream
from .subprocess_protocol import (
    REPLIES,
    BuildEnded,
    BuildEventMessage,
    CancelBuild,
    Init,
    MarkCancelled,
    Marked,
    Ready,
    RunBuild,
    encode,
)

log = logging.getLogger(__name__)
LINE_LIMIT = 2**27  # a build_completed message carries every generated file
_LOST = object()


class SubprocessExecutor:
    def __init__(
        self,
        settings: Settings,
        *,
        imports: list[str],
        nice: int,
        database_url: str | None = None,
        ready_timeout_s: float = 180.0,
    ) -> None:
        self.settings = settings
        self.imports = imports
        self.nice = nice
        self.database_url = database_url
        self.ready_timeout_s = ready_timeout_s
        self._proc: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None
        self._queues: dict[str, asyncio.Queue[Any]] = {}
        self._marks: dict[str, asyncio.Future[None]] = {}
        self._spawn_lock = asyncio.Lock()
        self._closing = False
        self.restarts = 0

    async def open(self) -> None:
        await self._ensure_worker()

    async def _ensure_worker(self) -> asyncio.subprocess.Process:
        async with self._spawn_lock:
            if self._proc is not None and self._proc.returncode is None:
                return self._proc
            if self._closing:
                raise WorkerLostError("the runner is shutting down")
            proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "nexusforge_agents.builds.subprocess_worker",
                "--nice",
                str(self.nice),
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                limit=LINE_LIMIT,
                start_new_session=True,  # terminal signals go to the parent, which stops the worker itself
            )
            assert proc.stdin is not None and proc.stdout is not None
            with contextlib.suppress(OSError):  # from the first instruction, imports included (it renices too)
                os.setpriority(os.PRIO_PROCESS, proc.pid, self.nice)
            init = Init(
                settings=self.settings.model_dump(mode="json"), database_url=self.database_url, imports=self.imports
            )
            proc.stdin.write(encode(init))
            await proc.stdin.drain()
            try:
                line = await asyncio.wait_for(proc.stdout.readline(), self.ready_timeout_s)
                ready = REPLIES.validate_json(line) if line else None
                problem = None if isinstance(ready, Ready) else getattr(ready, "message", "it exited")
            except TimeoutError:
                problem = f"no answer within {self.ready_timeout_s:.0f} s"
            except ValueError as exc:
                problem = f"an unreadable answer: {exc}"
            if problem is not None:
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
                await proc.wait()
                raise WorkerLostError(f"the build worker did not start: {problem}")
            if self._proc is not None:
                self.restarts += 1
            self._proc = proc
            self._reader = asyncio.create_task(self._read(proc), name="nexusforge-worker-reader")
            return proc

    async def _read(self, proc: asyncio.subprocess.Process) -> None:
        assert proc.stdout is not None
        while line := await proc.stdout.readline():
            message = REPLIES.validate_json(line)
            if isinstance(message, BuildEventMessage | BuildEnded):
                queue = self._queues.get(message.session_id)
                if queue is not None:
                    queue.put_nowait(message)
            elif isinstance(message, Marked) and message.session_id in self._marks:
                self._marks.pop(message.session_id).set_result(None)
        await proc.wait()
        if not self._closing:
            log.error("the build worker exited (code %s); its builds will be resumed", proc.returncode)
        for queue in self._queues.values():
            queue.put_nowait(_LOST)
        for future in self._marks.values():
            if not future.done():
                future.set_exception(WorkerLostError("the build worker exited"))
        self._marks.clear()

    async def _send(self, message: RunBuild | CancelBuild | MarkCancelled) -> None:
        proc = await self._ensure_worker()
        assert proc.stdin is not None
        try:
            proc.stdin.write(encode(message))
            await proc.stdin.drain()
        except (BrokenPipeError, ConnectionResetError) as exc:
            raise WorkerLostError("the build worker exited") from exc

    async def run(self, session_id: str, prompt: str, config: BuildConfig, output_dir: Path) -> EventStream:
        queue: asyncio.Queue[Any] = asyncio.Queue()
        self._queues[session_id] = queue
        try:
            request = RunBuild(session_id=session_id, prompt=prompt, config=config, output_dir=str(output_dir))
            await self._send(request)
            while (message := await queue.get()) is not _LOST:
                if isinstance(message, BuildEnded):
                    if (error := message.error) is not None:
                        raise error_class(error.error_code)(
                            error.message,
                            error_code=error.error_code,
                            retry_possible=error.retry_possible,
                            details=error.details,
                        )
                    return
                yield message.event
            raise WorkerLostError("the build worker exited during the build")
        finally:
            if self._queues.get(session_id) is queue:
                del self._queues[session_id]

    async def cancel(self, session_id: str) -> bool:
        if session_id not in self._queues:
            return False
        await self._send(CancelBuild(session_id=session_id))
        return True

    async def mark_cancelled(self, session_id: str) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._marks[session_id] = future
        await self._send(MarkCancelled(session_id=session_id))
        await asyncio.wait_for(future, timeout=30)

    async def close(self, timeout_s: float = 30.0) -> None:
        self._closing = True
        proc = self._proc
        if proc is not None and proc.returncode is None:
            assert proc.stdin is not None
            proc.stdin.close()  # the worker stops its builds (unmarked, for resuming) and exits
            try:
                await asyncio.wait_for(proc.wait(), timeout_s)
            except TimeoutError:
                log.error("the build worker did not exit within %.0f s; killing it", timeout_s)
                proc.kill()
                await proc.wait()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)

    def describe(self) -> dict[str, Any]:
        proc = self._proc
        alive = proc is not None and proc.returncode is None
        pid = proc.pid if proc is not None and alive else None
        return {"mode": "process", "pid": pid, "alive": alive, "restarts": self.restarts}
