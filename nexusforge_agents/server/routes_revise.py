"""Revisions over HTTP (beyond the contract; see docs/iterate.md): a follow-up request on an ended build makes the
next version of its app, in the same session. It is rate-limited and charged like a build, and its events follow
the build's on the same WebSocket / SSE stream."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body
from pydantic import BaseModel, ConfigDict, Field

from ..builds.revisions import revise_build
from ..config import BuildConfig
from ..inputs import SafeText
from .api_models import BuildStarted, ErrorBody, SessionId
from .auth.access import requires
from .auth.gate import BuildGateDep
from .deps import PrincipalDep, ServicesDep, visible_build, websocket_url
from .request_body import StrictJSONRoute
from .routes_builds import estimated_duration

router = APIRouter(prefix="/api/nexus-forge/build", tags=["revisions"], route_class=StrictJSONRoute)


class ReviseRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    prompt: SafeText = Field(description="What to change, e.g. 'add a due date to tasks'.")


@router.post(
    "/{session_id}/revise",
    response_model=BuildStarted,
    dependencies=[requires("build")],
    responses={
        400: {"model": ErrorBody, "description": "INVALID_INPUT: an empty request, or a build that made no app"},
        404: {"model": ErrorBody, "description": "SESSION_NOT_FOUND"},
        409: {"model": ErrorBody, "description": "INVALID_STATE: the build is still running"},
    },
)
async def revise(
    session_id: SessionId,
    body: Annotated[ReviseRequest, Body()],
    services: ServicesDep,
    gate: BuildGateDep,
    principal: PrincipalDep,
) -> BuildStarted:
    """Start a revision of the build's app: its spec delta, code, tests and changed mockups. Follow it on the build's
    own stream: the ``websocket_url`` returned carries ``last_seq``, so it delivers the revision's events only."""
    record = await visible_build(services, principal, session_id, with_result=False)
    config = BuildConfig.model_validate(record.config)
    estimate = await estimated_duration(services, config)
    async with gate(config) as admission:
        await revise_build(services.builds, session_id, body.prompt)
        admission.session_id = session_id
    follow = f"{websocket_url(services.server, session_id)}?last_seq={record.last_seq}"
    return BuildStarted(session_id=session_id, websocket_url=follow, estimated_duration=estimate)
