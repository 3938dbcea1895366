"""A build's versions: list them, the diff of one, roll back to one (beyond the contract; see docs/iterate.md)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Query
from fastapi import Path as PathParam
from pydantic import BaseModel, ConfigDict, Field

from ..builds.app_versions import build_version_diff, build_versions, rollback_build
from ..versions import Version, VersionDiff
from .api_models import ErrorBody, SessionId
from .auth.access import requires
from .deps import PrincipalDep, ServicesDep, visible_build
from .request_body import StrictJSONRoute

router = APIRouter(prefix="/api/nexus-forge/build", tags=["versions"], route_class=StrictJSONRoute)
MAX_VERSION = 1_000_000
VersionNumber = Annotated[int, PathParam(ge=1, le=MAX_VERSION, description="The version number (2 for v2)")]
NOT_FOUND = {404: {"model": ErrorBody, "description": "SESSION_NOT_FOUND or VERSION_NOT_FOUND"}}
READ = requires("read", bucket="build_status", or_permission="build")


class RollbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1, le=MAX_VERSION, description="Restore this version's files as a new version")


@router.get("/{session_id}/versions", response_model=list[Version], dependencies=[READ], responses=NOT_FOUND)
async def list_versions(session_id: SessionId, services: ServicesDep, principal: PrincipalDep) -> list[Version]:
    """The app's versions, oldest first: v1 is the build, then one per revision or rollback (empty until the
    build completes)."""
    await visible_build(services, principal, session_id, with_result=False)
    return await build_versions(services.builds, session_id)


@router.get(
    "/{session_id}/versions/{number}/diff", response_model=VersionDiff, dependencies=[READ], responses=NOT_FOUND
)
async def version_diff(
    session_id: SessionId,
    number: VersionNumber,
    services: ServicesDep,
    principal: PrincipalDep,
    base: Annotated[
        int | None, Query(ge=1, le=MAX_VERSION, description="Compare with this version (default: the one before)")
    ] = None,
) -> VersionDiff:
    """What version ``number`` changed: its files and the unified diff against the version before it (or
    ``base``); v1 is compared with the empty folder."""
    await visible_build(services, principal, session_id, with_result=False)
    return await build_version_diff(services.builds, session_id, number, base)


@router.post(
    "/{session_id}/rollback",
    response_model=Version,
    dependencies=[requires("build")],
    openapi_extra={"requestBody": {"required": True}},
    responses={**NOT_FOUND, 409: {"model": ErrorBody, "description": "INVALID_STATE: the build is still running"}},
)
async def roll_back(
    session_id: SessionId, body: Annotated[RollbackRequest, Body()], services: ServicesDep, principal: PrincipalDep
) -> Version:
    """Make a new version whose files are exactly those of ``version`` (nothing is lost: every version stays)."""
    await visible_build(services, principal, session_id, with_result=False)
    return await rollback_build(services.builds, session_id, body.version)
