"""``InProcessRunner``: runs builds in this process (the embedded default), one task per build.

Each task takes a slot, runs the build through its executor (this event loop, or the build-worker subprocess) and
records every event through the ``Recorder``. A cancellation request for a build it runs (from ``cancel`` or from
the bus, so another ``BuildService`` of the process can ask) stops it; ``close`` leaves running builds unfinished,
so they resume from their checkpoints next time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref
from pathlib import Path
from typing import Any

from ..config import BuildConfig
from ..errors import BuildFailedError, NexusForgeError
from ..events import BuildCancelled, ProgressUpdate
from ..schemas import BuildStatus
from .executors import BuildExecutor, WorkerLostError
from .jobs import BuildJob
from .ports import EventBus
from .recorder import LiveBuild, Recorder, failure_event
from .store import BuildStore

log = logging.getLogger(__name__)
WORKER_LOST_RETRIES = 2
CANCEL_WAIT_S = 10.0
_RUNNERS: weakref.WeakSet[InProcessRunner] = weakref.WeakSet()


def runner_of(session_id: str) -> InProcessRunner | None:
    """The runner of this process that runs the build, if any (a library ``cancel_build`` stops it directly)."""
    return next((runner for runner in list(_RUNNERS) if runner.runs(session_id)), None)


class InProcessRunner:
    def __init__(
        self,
        *,
        store: BuildStore,
        recorder: Recorder,
        bus: EventBus,
        executor: BuildExecutor,
        max_concurrent: int,
    ) -> None:
        self.store = store
        self.recorder = recorder
        self.bus = bus
        self.executor = executor
        self._slots = asyncio.Semaphore(max_concurrent)
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._cancelling: set[str] = set()
        self._listener: asyncio.Task[None] | None = None
        recorder.on_unstorable = self._stop_unstorable

    async def open(self) -> None:
        await self.executor.open()
        _RUNNERS.add(self)
        self._listener = asyncio.create_task(self._listen_for_cancels(), name="nexusforge-cancel-listener")

    async def close(self) -> None:
        _RUNNERS.discard(self)
        if self._listener is not None:
            self._listener.cancel()
            await asyncio.gather(self._listener, return_exceptions=True)
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()  # not a cancellation of the build: it stays unfinished and resumes later
        await asyncio.gather(*tasks, return_exceptions=True)
        await self.executor.close()

    def describe(self) -> dict[str, Any]:
        return {"runner": "in-process", "running": len(self._tasks), "engine": self.executor.describe()}

    def runs(self, session_id: str) -> bool:
        return session_id in self._tasks

    @property
    def running_count(self) -> int:
        return len(self._tasks)

    async def submit(self, job: BuildJob) -> None:
        if job.session_id in self._tasks:
            return  # already running here: a job is idempotent
        row = await self.store.get(job.session_id, with_result=False)
        if row is None or BuildStatus(row.status).is_terminal:
            log.info("skipping job %s: the build %s", job, "is gone" if row is None else f"is {row.status}")
            return
        live = self.recorder.track(row)
        config = BuildConfig.model_validate(row.config)
        task = asyncio.create_task(
            self._run(live, row.prompt, config, row.output_dir), name=f"nexusforge-build:{job.session_id}"
        )
        self._tasks[job.session_id] = task
        task.add_done_callback(lambda done: self._finished(live, done))

    async def cancel(self, session_id: str) -> None:
        task = self._tasks.get(session_id)
        if task is None:
            await self.bus.publish_cancel(session_id)  # perhaps another service of this process runs it
            return
        self._cancelling.add(session_id)
        if not await self.executor.cancel(session_id):
            task.cancel()  # still waiting for a slot, or not yet inside the graph
        await asyncio.wait({task}, timeout=CANCEL_WAIT_S)

    async def wait(self, session_id: str) -> None:
        """Return once this process's run of the build has ended (at once if it runs nothing here)."""
        task = self._tasks.get(session_id)
        if task is not None:
            await asyncio.wait({task})

    async def release(self, session_id: str) -> None:
        """Stop the build here without recording an end: it stays unfinished, for another process to resume (a
        queue worker whose lease on it was lost)."""
        task = self._tasks.get(session_id)
        if task is not None:
            task.cancel()
            await asyncio.wait({task})

    async def fail(self, session_id: str, error: NexusForgeError) -> None:
        """End a build that is not running with ``error`` as its terminal event, recorded after the stored ones (a
        queue worker giving up on it); nothing if it has ended already."""
        row = await self.store.get(session_id, with_result=False)
        if row is None or BuildStatus(row.status).is_terminal or session_id in self._tasks:
            return
        live = self.recorder.track(row)
        try:
            await self.recorder.record(live, failure_event(live, error))
            await self.recorder.flush()
        finally:
            self.recorder.untrack(session_id)

    async def _listen_for_cancels(self) -> None:
        async for session_id in self.bus.cancellations():
            if session_id in self._tasks:
                asyncio.create_task(self.cancel(session_id))

    def _finished(self, live: LiveBuild, task: asyncio.Task[None]) -> None:
        if self._tasks.get(live.session_id) is task:
            del self._tasks[live.session_id]
        if task.cancelled() and live.session_id in self._cancelling and not live.terminal:
            asyncio.create_task(self._close_cancelled(live))  # cancelled before its first step ran
        else:
            self.recorder.untrack(live.session_id)

    async def _close_cancelled(self, live: LiveBuild) -> None:
        await self.recorder.record(live, BuildCancelled(session_id=live.session_id, progress=live.progress))
        await self.executor.mark_cancelled(live.session_id)
        self._cancelling.discard(live.session_id)
        await self.recorder.flush()
        self.recorder.untrack(live.session_id)

    async def _run(self, live: LiveBuild, prompt: str, config: BuildConfig, output_dir: str) -> None:
        sid = live.session_id
        try:
            if self._slots.locked():
                waiting = "Waiting for a free build slot..."
                await self.recorder.record(
                    live, ProgressUpdate(session_id=sid, phase=live.phase, progress=live.progress, message=waiting)
                )
            async with self._slots:
                await self._consume(live, prompt, config, output_dir)
            if not live.terminal and live.status != BuildStatus.AWAITING_REVIEW:  # a plan under review just waits
                await self.recorder.record(live, failure_event(live, BuildFailedError("The build stopped early.")))
        except asyncio.CancelledError:
            if sid not in self._cancelling or live.terminal:
                raise  # the runner is closing: the build stays unfinished and resumes later
            await self.recorder.record(live, BuildCancelled(session_id=sid, progress=live.progress))
            await self.executor.mark_cancelled(sid)
        except NexusForgeError as exc:
            await self.recorder.record(live, failure_event(live, exc))
        except Exception as exc:
            log.exception("build %s crashed in the runner", sid)
            await self.recorder.record(live, failure_event(live, BuildFailedError(f"{type(exc).__name__}: {exc}")))
        finally:
            self._cancelling.discard(sid)
            await self.recorder.flush()

    async def _consume(self, live: LiveBuild, prompt: str, config: BuildConfig, output_dir: str) -> None:
        """The executor's events until the end; if the build worker dies, resume from the checkpoint."""
        for attempt in range(WORKER_LOST_RETRIES + 1):
            events = self.executor.run(live.session_id, prompt, config, Path(output_dir))
            try:
                async with contextlib.aclosing(events):
                    async for event in events:
                        await self.recorder.record(live, event)
                return
            except WorkerLostError:
                if attempt == WORKER_LOST_RETRIES or live.session_id in self._cancelling:
                    raise BuildFailedError("The build worker stopped repeatedly during this build.") from None
                log.warning("build worker lost during %s; resuming it from its checkpoint", live.session_id)

    def _stop_unstorable(self, session_id: str) -> None:
        task = self._tasks.get(session_id)
        if task is not None:
            asyncio.get_running_loop().create_task(self._stop(session_id, task))

    async def _stop(self, session_id: str, task: asyncio.Task[None]) -> None:
        if not await self.executor.cancel(session_id):
            task.cancel()
