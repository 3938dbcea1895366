"""The review gate over HTTP (beyond the contract; see docs/iterate.md): a build started with ``reviewSpec`` waits in
``awaiting_review`` after its spec. Read the plan, edit it, approve it (as it is or edited) or reject it."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body
from pydantic import BaseModel, ConfigDict, Field

from ..builds.review import decide, spec_of
from ..spec_review import ReviewAction, decision_of
from .api_models import ErrorBody, SessionId
from .auth.access import requires
from .deps import PrincipalDep, ServicesDep, visible_build
from .request_body import StrictJSONRoute

router = APIRouter(prefix="/api/nexus-forge/build", tags=["review"], route_class=StrictJSONRoute)
ANSWERS = {
    400: {"model": ErrorBody, "description": "INVALID_INPUT: the edited spec is invalid (details.field names where)"},
    404: {"model": ErrorBody, "description": "SESSION_NOT_FOUND"},
    409: {"model": ErrorBody, "description": "INVALID_STATE: the build is not waiting for its plan to be reviewed"},
}
SpecBody = Annotated[dict[str, Any], Body(description="The whole edited spec (as GET .../spec returns it)")]


class ApproveRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    spec: dict[str, Any] | None = Field(None, description="Approve this edited spec instead of the plan as it is")


class ReviewAnswered(BaseModel):
    """The answer was stored; the build goes on (an edit: back under review, announced by a new spec_ready)."""

    session_id: str
    action: Literal["edit", "approve", "reject"]
    spec: dict[str, Any] = Field(description="The plan after this answer")


ANSWER = {"response_model": ReviewAnswered, "dependencies": [requires("build")], "responses": ANSWERS}


@router.get(
    "/{session_id}/spec",
    dependencies=[requires("read", bucket="build_status", or_permission="build")],
    responses={404: ANSWERS[404], 409: {"model": ErrorBody, "description": "INVALID_STATE: no plan yet"}},
)
async def get_spec(session_id: SessionId, services: ServicesDep, principal: PrincipalDep) -> dict[str, Any]:
    """The build's plan: the one waiting for review, or the one it was built from."""
    await visible_build(services, principal, session_id, with_result=False)
    return (await spec_of(services.builds, session_id)).model_dump(mode="json")


@router.put("/{session_id}/spec", **ANSWER)
async def put_spec(
    session_id: SessionId, spec: SpecBody, services: ServicesDep, principal: PrincipalDep
) -> ReviewAnswered:
    """Replace the plan under review with an edited one (validated; a bad edit changes nothing). It stays under
    review: approve or reject it next."""
    return await _answer(services, principal, session_id, "edit", spec)


@router.post(
    "/{session_id}/approve", response_model=ReviewAnswered, dependencies=[requires("build")], responses=ANSWERS
)
async def approve(
    session_id: SessionId,
    services: ServicesDep,
    principal: PrincipalDep,
    body: Annotated[ApproveRequest | None, Body()] = None,
) -> ReviewAnswered:
    """Approve the plan (as it is, or the edited ``spec``): the build goes on to building."""
    return await _answer(services, principal, session_id, "approve", body.spec if body else None)


@router.post("/{session_id}/reject", **ANSWER)
async def reject(session_id: SessionId, services: ServicesDep, principal: PrincipalDep) -> ReviewAnswered:
    """Reject the plan: the build ends cancelled."""
    return await _answer(services, principal, session_id, "reject", None)


async def _answer(
    services: ServicesDep, principal: PrincipalDep, session_id: str, action: ReviewAction, spec: Any
) -> ReviewAnswered:
    await visible_build(services, principal, session_id, with_result=False)
    plan = await decide(services.builds, session_id, decision_of(action, spec))
    return ReviewAnswered(session_id=session_id, action=action, spec=plan.model_dump(mode="json"))
