"""Builds: start, status and result, list, cancel or delete, deploy."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import JSONResponse

from ..builds.artifacts import absolutize
from ..builds.db import as_utc
from ..builds.deployments import deploy_message
from ..builds.records import BuildRecord
from ..config import BuildConfig
from ..errors import ConflictError
from ..inputs import IntRange, SafeText
from ..schemas import BuildStatus
from .api_models import (
    BuildListItem,
    BuildRequest,
    BuildStarted,
    BuildStatusResponse,
    DeleteResponse,
    DeployRequest,
    DeployResponse,
    ErrorBody,
    SessionId,
)
from .auth.access import requires
from .auth.gate import BuildGate, BuildGateDep
from .deps import (
    PrincipalDep,
    Services,
    ServicesDep,
    base_url,
    owner_id_of,
    visible_build,
    websocket_url,
)
from .estimate import estimate_range, format_range
from .request_body import StrictJSONRoute

router = APIRouter(prefix="/api/nexus-forge", tags=["builds"], route_class=StrictJSONRoute)
MAX_SKIP = 1_000_000_000


def iso(value: datetime | None) -> str | None:
    moment = as_utc(value)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


async def estimated_duration(services: Services, config: BuildConfig) -> str:
    history = await services.builds.recent_durations()
    low, high = estimate_range(history, config.enable_video_demo, services.server.estimate_prior_s)
    return format_range(low, high)


async def start_build(
    services: Services,
    gate: BuildGate,
    principal: Any,
    prompt: Any,
    config: BuildConfig,
    *,
    template_id: str | None = None,
) -> BuildStarted:
    text, build_config = services.builds.validate(prompt, config)
    estimate = await estimated_duration(services, build_config)
    # Only an accepted request reaches the gate: it spends the build quota and the credits, given back if the
    # build does not start.
    async with gate(build_config) as admission:
        row = await services.builds.start(text, build_config, owner_id=owner_id_of(principal), template_id=template_id)
        admission.session_id = row.session_id
    return BuildStarted(
        session_id=row.session_id,
        websocket_url=websocket_url(services.server, row.session_id),
        estimated_duration=estimate,
    )


@router.post(
    "/build",
    response_model=BuildStarted,
    openapi_extra={"requestBody": {"required": True}},
    dependencies=[requires("build")],
)
async def create_build(
    services: ServicesDep,
    gate: BuildGateDep,
    principal: PrincipalDep,
    body: Annotated[BuildRequest | None, Body()] = None,
) -> BuildStarted:
    """Start a build in the background; follow it on the WebSocket (or SSE) it names."""
    body = body or BuildRequest()
    return await start_build(services, gate, principal, body.prompt, body.config)


@router.get(
    "/build/{session_id}",
    response_model=BuildStatusResponse,
    dependencies=[requires("read", bucket="build_status", or_permission="build")],
)
async def get_build(session_id: SessionId, request: Request, services: ServicesDep, principal: PrincipalDep) -> Any:
    """Status, progress and current phase; the full result once completed."""
    row = await visible_build(services, principal, session_id)  # a running build's status comes from memory
    result = None
    if row.result:
        result = absolutize(row.result, base_url(request, services.server))
        if row.deployment_url:
            result["deployment_url"] = row.deployment_url
    body: dict[str, Any] = {
        "session_id": row.session_id,
        "status": row.status,
        "started_at": iso(row.started_at),
        "completed_at": iso(row.completed_at),
        "progress": row.progress,
        "current_phase": row.current_phase,
        "result": result,
        "error": row.error,
    }
    return JSONResponse(body)  # already the documented shape: skip re-validating a large result


def _list_item(row: BuildRecord) -> dict[str, Any]:
    return {
        "session_id": row.session_id,
        "prompt": row.prompt,
        "status": row.status,
        "started_at": iso(row.started_at),
        "completed_at": iso(row.completed_at),
        "progress": row.progress,
        "current_phase": row.current_phase,
        "app_name": row.app_name,
        "deployment_url": row.deployment_url,
    }


@router.get("/builds", response_model=list[BuildListItem], dependencies=[requires("read", bucket="builds_list")])
async def list_builds(
    services: ServicesDep,
    principal: PrincipalDep,
    skip: Annotated[int, IntRange(0, MAX_SKIP), Query(description="Number of records to skip")] = 0,
    limit: Annotated[int, IntRange(1, 100), Query(description="Maximum number of records to return")] = 20,
    status: Annotated[BuildStatus | None, Query(description="Filter by status")] = None,
    search: Annotated[SafeText | None, Query(max_length=200, description="Search app names and descriptions")] = None,
) -> Any:
    """The caller's builds, newest first."""
    rows = await services.builds.list_builds(
        owner_id=owner_id_of(principal),
        skip=skip,
        limit=limit,
        status=status.value if status else None,
        search=search or None,
    )
    return [_list_item(row) for row in rows]


@router.delete(
    "/build/{session_id}",
    response_model=DeleteResponse,
    dependencies=[requires("build", bucket="build_status")],
    responses={409: {"model": ErrorBody, "description": "INVALID_STATE: the build finished while being cancelled"}},
)
async def delete_build(session_id: SessionId, services: ServicesDep, principal: PrincipalDep) -> DeleteResponse:
    """Cancel a running build, or delete a finished one with its files."""
    row = await visible_build(services, principal, session_id, with_result=False)
    if not BuildStatus(row.status).is_terminal:
        if await services.builds.cancel(session_id):
            return DeleteResponse(message="Build session cancelled successfully", status="cancelled")
        after = await services.builds.status(session_id, with_result=False)
        raise ConflictError(
            f"The build finished ({after.status}) before it could be cancelled; DELETE it again to remove it."
        )
    await services.builds.delete(session_id)
    return DeleteResponse(message="Build session deleted successfully", status="deleted")


@router.post(
    "/deploy/{session_id}",
    response_model=DeployResponse,
    dependencies=[requires("deploy")],
    responses={
        409: {"model": ErrorBody, "description": "INVALID_STATE: the build is not completed"},
        502: {"model": ErrorBody, "description": "DEPLOYMENT_FAILED"},
    },
)
async def deploy(
    session_id: SessionId,
    services: ServicesDep,
    principal: PrincipalDep,
    options: Annotated[DeployRequest | None, Body()] = None,
) -> DeployResponse:
    """Deploy a completed build (target: NEXUSFORGE_DEPLOY_TARGET, local by default)."""
    await visible_build(services, principal, session_id, with_result=False)
    deployment = await services.builds.deploy(session_id, options or DeployRequest())
    return DeployResponse(
        deployment_id=deployment.deployment_id,
        status=deployment.status,
        deployment_url=deployment.url,
        message=deploy_message(deployment),
    )
