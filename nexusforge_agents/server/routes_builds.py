"""Builds: start, status and result, list, cancel or delete, deploy."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import JSONResponse

from ..config import BuildConfig
from ..errors import ConflictError, SessionNotFoundError
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
from .artifacts import absolutize, remove_tree
from .auth.access import requires
from .db import BuildRow, as_utc
from .deploy import deploy_build, deploy_message, stop_local_deployment
from .deps import (
    PrincipalDep,
    Services,
    ServicesDep,
    base_url,
    may_see,
    owner_id_of,
    visible_build,
    websocket_url,
)
from .estimate import estimate_range, format_range
from .request_body import StrictJSONRoute
from .store import TERMINAL

router = APIRouter(prefix="/api/nexus-forge", tags=["builds"], route_class=StrictJSONRoute)
MAX_SKIP = 1_000_000_000


def iso(value: datetime | None) -> str | None:
    moment = as_utc(value)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


async def estimated_duration(services: Services, config: BuildConfig) -> str:
    history = await services.store.recent_durations()
    low, high = estimate_range(history, config.enable_video_demo, services.server.estimate_prior_s)
    return format_range(low, high)


async def start_build(
    services: Services,
    principal: Any,
    prompt: Any,
    config: BuildConfig,
    *,
    template_id: str | None = None,
) -> BuildStarted:
    text, build_config = services.manager.validate(prompt, config)
    estimate = await estimated_duration(services, build_config)
    # Only an accepted request reaches the gate: it spends the build quota and the credits, given back if the
    # build does not start.
    async with services.admit_build(principal, build_config) as admission:
        row = await services.manager.start(text, build_config, owner_id=owner_id_of(principal), template_id=template_id)
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
    services: ServicesDep, principal: PrincipalDep, body: Annotated[BuildRequest | None, Body()] = None
) -> BuildStarted:
    """Start a build in the background; follow it on the WebSocket (or SSE) it names."""
    body = body or BuildRequest()
    return await start_build(services, principal, body.prompt, body.config)


@router.get(
    "/build/{session_id}",
    response_model=BuildStatusResponse,
    dependencies=[requires("read", bucket="build_status", or_permission="build")],
)
async def get_build(session_id: SessionId, request: Request, services: ServicesDep, principal: PrincipalDep) -> Any:
    """Status, progress and current phase; the full result once completed."""
    run = services.manager.live_status(session_id)
    if run is not None and may_see(principal, run):  # a running build: answered from memory
        body: dict[str, Any] = {
            "session_id": session_id,
            "status": run.status,
            "started_at": iso(run.started_at),
            "completed_at": None,
            "progress": run.progress,
            "current_phase": run.phase,
            "result": None,
            "error": None,
        }
        return JSONResponse(body)
    row = await services.store.get_finished_or_current(session_id)
    if row is None or not may_see(principal, row):
        raise SessionNotFoundError(f"Build session {session_id} not found")
    result = None
    if row.result:
        result = absolutize(row.result, base_url(request, services.server))
        if row.deployment_url:
            result["deployment_url"] = row.deployment_url
    body = {
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


def _list_item(row: BuildRow) -> dict[str, Any]:
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
    rows = await services.store.list_builds(
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
    if row.status not in TERMINAL:
        if services.manager.is_active(session_id):
            await services.manager.cancel(session_id)
        else:
            await services.manager.mark_cancelled(row)
        after = await services.store.get(session_id, with_result=False)
        if after is not None and after.status == BuildStatus.CANCELLED:
            return DeleteResponse(message="Build session cancelled successfully", status="cancelled")
        status = after.status if after else "deleted"
        raise ConflictError(
            f"The build finished ({status}) before it could be cancelled; DELETE it again to remove it."
        )
    await stop_local_deployment(services.settings, session_id)
    workspaces = services.settings.workspaces_dir.resolve()
    output_dir = Path(row.output_dir).resolve()
    if output_dir.is_relative_to(workspaces) and output_dir != workspaces:
        await asyncio.to_thread(remove_tree, output_dir)
    await asyncio.to_thread(remove_tree, services.artifacts_dir / session_id)
    await services.store.delete(session_id)
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
    row = await visible_build(services, principal, session_id, with_result=False)
    deployment = await deploy_build(services, row, options or DeployRequest())
    return DeployResponse(
        deployment_id=deployment.deployment_id,
        status=deployment.status,
        deployment_url=deployment.url,
        message=deploy_message(deployment),
    )
