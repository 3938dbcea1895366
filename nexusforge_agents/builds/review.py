"""The review gate through the lifecycle service: the plan under review, and a person's answer to it.

A build started with ``review_spec`` waits in ``awaiting_review`` after its spec (``graph/review.py``). An answer
is stored in the build's checkpoint first (``GraphDriver.answer_review``), then the build is handed to the runner
again: an edit goes back under review with the edited plan (announced by a new ``spec_ready``), an approval
builds the plan, a rejection ends the build cancelled. Nothing holds a worker while the plan waits.
"""

from __future__ import annotations

from typing import Any

from ..appspec import AppSpec
from ..config import Settings
from ..errors import ConflictError
from ..events import BuildEvent
from ..schemas import BuildStatus
from ..spec_review import SpecDecision, decision_of
from .jobs import BuildJob
from .library import stream_resume
from .service import BuildService, open_build_service


async def spec_of(service: BuildService, session_id: str) -> AppSpec:
    """The build's plan: the one under review, or the one it was built from."""
    await service.status(session_id, with_result=False)  # SESSION_NOT_FOUND for an unknown build
    spec = await service.parts.driver.spec(session_id)
    if spec is None:
        raise ConflictError(f"Build {session_id} has no plan yet (it is written in generating_spec).")
    return spec


async def decide(service: BuildService, session_id: str, decision: SpecDecision) -> AppSpec:
    """Store the answer to a build waiting for review and let the build go on (on this service's runner)."""
    spec = await record_decision(service, session_id, decision)
    await service.runner.submit(BuildJob(session_id=session_id, kind="resume"))
    return spec


async def record_decision(service: BuildService, session_id: str, decision: SpecDecision) -> AppSpec:
    record = await service.status(session_id, with_result=False)
    if record.status != BuildStatus.AWAITING_REVIEW:
        raise ConflictError(f"Build {session_id} is {record.status}, not waiting for its plan to be reviewed.")
    return await service.parts.driver.answer_review(session_id, decision)


async def approve_spec(
    session_id: str, spec: AppSpec | dict[str, Any] | None = None, *, settings: Settings | None = None
) -> AppSpec:
    """Approve the plan of a build waiting for review, as it is or edited (``spec``: validated, a bad edit is
    ``InvalidInputError`` naming the field); the approved plan. Continue the build with ``stream_resume`` or
    ``resume_build``."""
    decision = decision_of("approve", spec)
    async with open_build_service(settings) as service:
        return await record_decision(service, session_id, decision)


async def reject_spec(session_id: str, *, settings: Settings | None = None) -> BuildEvent:
    """Reject the plan of a build waiting for review: the build ends cancelled (its last event is returned)."""
    async with open_build_service(settings) as service:
        await record_decision(service, session_id, decision_of("reject"))
    events = [event async for event in stream_resume(session_id, settings=settings)]
    return events[-1]
