"""The only code that drives the compiled Starri graph: run a new build, resume one from its checkpoint, cancel a
running one, mark one cancelled, read its state and result.

Every step is checkpointed (``durability="sync"``), keyed by the session id, so a build interrupted anywhere
continues from its last finished step, in this process or another. One ``GraphDriver`` per checkpointer; it knows
the builds it is running itself (``is_running`` / ``cancel``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncGenerator
from pathlib import Path
from typing import Any

from langgraph.types import Overwrite

from ..build_state import BuildState
from ..config import BuildConfig, Settings
from ..errors import ConflictError, NexusForgeError, SessionNotFoundError
from ..events import BuildCancelled, BuildCompleted, BuildEvent, ErrorEvent, error_event
from ..graph.result import assemble_result, summary_of
from ..graph.review import REVIEW_NODE, review_update
from ..graph.state import BuildContext
from ..graph.translate import EventTranslator
from ..schemas import AppSpec, BuildError, BuildResult, BuildStatus
from ..spec_delta import Revision
from ..spec_review import SpecDecision
from ..versions import discard_changes, record_completed_build

RESULT_FILE = "build.json"
"""The result written into the app's folder when a build completes (for people and tools; nothing reads it back)."""

EventStream = AsyncGenerator[BuildEvent, None]
"""A build's events until its terminal one; an async generator, so it can be closed early (``aclosing``)."""

_DONE = object()
REVIEW_SETTLE_S = 10.0
"""How long an answer to a review waits for the build's interrupt to be stored (sent just before it)."""


def _thread(session_id: str) -> dict[str, Any]:
    return {"configurable": {"thread_id": session_id}, "recursion_limit": 100}


class GraphDriver:
    def __init__(self, settings: Settings, checkpointer: Any) -> None:
        self.settings = settings
        self.checkpointer = checkpointer
        self._running: dict[str, asyncio.Task[None]] = {}
        self._compiled: Any = None

    def _graph(self) -> Any:
        """Starri compiled once per driver (compiling costs tens of ms of CPU; threads keep builds apart)."""
        if self._compiled is None:
            from ..graph.starri import create_starri

            self._compiled = create_starri(checkpointer=self.checkpointer)
        return self._compiled

    def is_running(self, session_id: str) -> bool:
        return session_id in self._running

    async def state(self, session_id: str) -> BuildState:
        return BuildState.model_validate(await self._checkpoint(session_id))

    async def started_state(self, session_id: str) -> BuildState | None:
        """``state``, or None for a build whose graph never ran: its checkpoint holds only the status a cancel
        wrote before the first step."""
        values = await self._checkpoint(session_id)
        return BuildState.model_validate(values) if "session_id" in values else None

    async def _checkpoint(self, session_id: str) -> dict[str, Any]:
        snapshot = await self._graph().aget_state(_thread(session_id))
        if not snapshot.values:
            raise SessionNotFoundError(f"No checkpoint for build session {session_id!r}.")
        return snapshot.values

    async def has_checkpoint(self, session_id: str) -> bool:
        with contextlib.suppress(SessionNotFoundError):
            await self.state(session_id)
            return True
        return False

    async def status(self, session_id: str) -> BuildStatus:
        return (await self.state(session_id)).status

    async def mark(self, session_id: str, status: BuildStatus) -> None:
        await self._graph().aupdate_state(_thread(session_id), {"status": status.value}, as_node="supervisor")

    async def mark_cancelled(self, session_id: str) -> bool:
        """Mark a build that is not running cancelled in its checkpoint so nothing resumes it (an interrupted
        revision's folder goes back to the app's latest version); False if it had already ended (or never reached a
        checkpoint)."""
        try:
            state = await self.state(session_id)
        except SessionNotFoundError:
            return False
        if state.status.is_terminal:
            return False
        if state.revision is not None:
            await asyncio.to_thread(discard_changes, state.output_dir)
        await self.mark(session_id, BuildStatus.CANCELLED)
        return True

    async def answer_review(self, session_id: str, decision: SpecDecision) -> AppSpec:
        """Store a person's answer to a build waiting for review as the review node's output, in the checkpoint
        (the build goes on when it is resumed); the plan it now has. Refused unless the build waits for review."""
        state = await self._waiting_for_review(session_id)
        update = await asyncio.to_thread(review_update, state, decision)
        await self._graph().aupdate_state(_thread(session_id), update, as_node=REVIEW_NODE)
        return update.get("spec") or state.require_spec()

    async def _waiting_for_review(self, session_id: str) -> BuildState:
        """The state of a build whose review node is waiting (its interrupt checkpointed). ``spec_ready`` is sent
        just before the interrupt is stored, so an answer arriving at once waits that moment out."""
        deadline = time.monotonic() + REVIEW_SETTLE_S
        while True:
            snapshot = await self._graph().aget_state(_thread(session_id))
            if not snapshot.values:
                raise SessionNotFoundError(f"No checkpoint for build session {session_id!r}.")
            state = BuildState.model_validate(snapshot.values)
            if state.status != BuildStatus.AWAITING_REVIEW:
                raise ConflictError(f"Build {session_id} is {state.status.value}, not waiting for its plan's review.")
            if snapshot.interrupts and session_id not in self._running:
                return state
            if time.monotonic() > deadline:
                raise ConflictError(f"Build {session_id} has an answer to its review already; it goes on now.")
            await asyncio.sleep(0.05)

    async def cancel(self, session_id: str) -> bool:
        """Stop a build this driver is running: its stream ends with ``BuildCancelled``. False if not running here."""
        task = self._running.get(session_id)
        if task is None:
            return False
        task.cancel()
        return True

    async def result(self, session_id: str) -> BuildResult:
        return await asyncio.to_thread(assemble_result, await self.state(session_id))

    async def spec(self, session_id: str) -> AppSpec | None:
        state = await self.started_state(session_id)
        return state.spec if state is not None else None

    async def restore_version(self, session_id: str, restored: BuildResult) -> None:
        """Make an ended build's checkpoint describe the app version a rollback checked out in its folder: that
        version's spec, code files, mockups, demo video and test report (its status, deployment and history of
        calls stay), so its result, and a revision's starting point, are that version's."""
        update = {
            "spec": restored.specification,
            "code_manifest": sorted(restored.code_files),
            "mockups": Overwrite(dict(restored.mockups)),  # merged by default: a page gone since must go
            "demo_video": restored.demo_video,
            "demo_video_source": restored.demo_video_source,
            "demo_video_note": restored.demo_video_note,
            "tests": restored.tests,
            "repair_rounds": restored.repair_rounds,
        }
        await self._graph().aupdate_state(_thread(session_id), update, as_node="supervisor")

    async def begin_revision(self, session_id: str, revision: Revision) -> None:
        """Write a revision of an ended build into its checkpoint: the build is unfinished again and its next
        resume runs the revision (so a runner or a queue resumes it like any interrupted build)."""
        graph = self._graph()
        failed = (await self.state(session_id)).error is not None
        restart = {
            "revision": revision,
            "spec": revision.base_spec,
            **({"error": Overwrite(None)} if failed else {}),  # the error reducer keeps the first: replace it
            "tests": None,
            "tested_version": None,
            "repair_rounds": 0,
            "plan": None,
            "started_at": time.time(),
            "finished_at": None,
            "phase_started_at": None,
        }
        await graph.aupdate_state(_thread(session_id), restart, as_node="supervisor")
        await graph.aupdate_state(_thread(session_id), {"status": BuildStatus.INITIALIZING}, as_node="__start__")

    def start(self, session_id: str, prompt: str, config: BuildConfig, output_dir: Path) -> EventStream:
        """Run a new build (the prompt and config already validated)."""
        output_dir.mkdir(parents=True, exist_ok=True)
        initial = BuildState(
            session_id=session_id, prompt=prompt, config=config, output_dir=str(output_dir), started_at=time.time()
        )
        return self._drive(initial, session_id, config, BuildStatus.INITIALIZING)

    async def resume_or_start(self, session_id: str, prompt: str, config: BuildConfig, output_dir: Path) -> EventStream:
        """Continue from the checkpoint; start again under the same id if the build never reached one; a build
        that has ended yields only its final event."""
        try:
            state = await self.state(session_id)
        except SessionNotFoundError:
            events = self.start(session_id, prompt, config, output_dir)
        else:
            if state.status.is_terminal:
                yield await asyncio.to_thread(final_event, state)
                return
            revising = state.output_dir if state.revision is not None else None
            events = self._drive(None, session_id, state.config, state.status, revision_dir=revising)
        async with contextlib.aclosing(events):
            async for event in events:
                yield event

    async def _drive(
        self,
        graph_input: BuildState | None,
        session_id: str,
        config: BuildConfig,
        phase: str,
        *,
        revision_dir: str | None = None,
    ) -> EventStream:
        """Run the graph and translate its stream; a revision that fails or is cancelled (``revision_dir``) puts its
        app folder back to the latest version before the failure is told."""
        if session_id in self._running:
            raise NexusForgeError(f"Build {session_id} is already running in this process.")
        graph = self._graph()
        queue: asyncio.Queue[Any] = asyncio.Queue()
        context = BuildContext(settings=self.settings, config=config)

        async def pump() -> None:
            parts = graph.astream(
                graph_input, _thread(session_id), context=context, stream_mode="custom", durability="sync"
            )
            async for part in parts:
                queue.put_nowait(part)

        task = asyncio.create_task(pump(), name=f"starri:{session_id}")
        task.add_done_callback(lambda _: queue.put_nowait(_DONE))
        self._running[session_id] = task
        translator = EventTranslator(session_id, phase=phase)
        try:
            if graph_input is None:
                yield translator.resumed()
            while (item := await queue.get()) is not _DONE:
                for event in translator.translate(item):
                    if revision_dir is not None and isinstance(event, ErrorEvent):
                        await asyncio.to_thread(discard_changes, revision_dir)
                    yield event
            if task.cancelled():
                if revision_dir is not None:  # a cancelled revision leaves the app as it was, like a failed one
                    await asyncio.to_thread(discard_changes, revision_dir)
                await self.mark(session_id, BuildStatus.CANCELLED)
                yield BuildCancelled(session_id=session_id, progress=translator.progress)
                return
            if (crash := task.exception()) is not None:
                await self.mark(session_id, BuildStatus.FAILED)
                code = crash.error_code if isinstance(crash, NexusForgeError) else "BUILD_FAILED"
                message = f"Starri stopped: {type(crash).__name__}: {crash}"
                error = BuildError(error_code=code, message=message, phase=translator.phase)
                yield error_event(session_id, error, progress=translator.progress)
                return
            state = BuildState.model_validate((await graph.aget_state(_thread(session_id))).values)
            if state.status in (BuildStatus.COMPLETED, BuildStatus.CANCELLED):  # a failure was reported by its node
                yield await asyncio.to_thread(final_event, state)
        finally:
            self._running.pop(session_id, None)
            if not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task


def final_event(state: BuildState) -> BuildEvent:
    """The terminal event a finished graph state stands for (a completed build writes ``build.json`` and becomes
    the next version of its app)."""
    if state.status == BuildStatus.COMPLETED:
        result = assemble_result(state)
        Path(result.output_dir, RESULT_FILE).write_text(
            json.dumps(result.model_dump(mode="json", exclude={"code_files"}), indent=2), encoding="utf-8"
        )
        message = state.revision.request if state.revision is not None else state.prompt
        record_completed_build(result.output_dir, message)  # v1, v2, ...: the app's history
        return BuildCompleted(
            session_id=state.session_id,
            deployment_url=result.deployment_url,
            total_time=result.build_time,
            summary=summary_of(result),
            result=result,
        )
    if state.status == BuildStatus.CANCELLED:
        if state.review is not None and not state.review.approved:
            return BuildCancelled(session_id=state.session_id, message="Plan rejected: build cancelled")
        return BuildCancelled(session_id=state.session_id)
    return error_event(state.session_id, state.error or BuildError(message="Build failed"))
