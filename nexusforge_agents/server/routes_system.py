"""Health, the model catalog, and artifact downloads."""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
import uuid
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from pydantic import StringConstraints

from .. import __version__
from ..builds.artifact_store import ArtifactFile, media_type
from ..builds.artifacts import CODE_ZIP, artifact_source
from ..config import MODEL_AGENTS
from ..errors import SessionNotFoundError
from ..events import utc_now
from ..inputs import SafeText
from ..providers.catalog import list_models
from ..providers.registry import check_model_id
from .api_models import ErrorBody, HealthResponse, ModelsResponse, SessionId
from .auth.access import public, requires
from .deps import PrincipalDep, Services, ServicesDep, visible_build
from .request_body import StrictJSONRoute

router = APIRouter(tags=["system"], route_class=StrictJSONRoute)


async def _check_database(services: Services) -> tuple[str, dict[str, Any]]:
    start = time.perf_counter()
    try:
        await asyncio.wait_for(services.db.ping(), timeout=5)
    except Exception as exc:
        return "unhealthy", {"error": f"{type(exc).__name__}: {exc}"}
    return "healthy", {"latency_ms": round((time.perf_counter() - start) * 1000, 2)}


async def _check_redis(request: Request) -> tuple[str, dict[str, Any]]:
    """NEXUSFORGE_REDIS_URL (rate limits; with --api-only also the queue and live events), through the limiter."""
    auth = getattr(request.app.state, "auth", None)
    if auth is None:
        return "not_configured", {}
    return await auth.limiter.check_redis()


def _check_storage(folders: list[Path]) -> tuple[str, dict[str, Any]]:
    for folder in folders:
        probe = folder / f".health-{uuid.uuid4().hex}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            probe.write_bytes(b"ok")
            if probe.read_bytes() != b"ok":
                return "unhealthy", {"error": f"{folder} did not read back what was written"}
        except OSError as exc:
            return "unhealthy", {"error": f"{folder}: {exc}"}
        finally:
            with contextlib.suppress(OSError):
                probe.unlink(missing_ok=True)
    usage = os.statvfs(folders[0])
    return "healthy", {"free_mb": usage.f_bavail * usage.f_frsize // 2**20}


def _check_models(services: Services) -> tuple[str, dict[str, Any]]:
    configured = {agent: services.settings.model_for(agent) for agent in MODEL_AGENTS}
    problems = {}
    for agent, model_id in configured.items():
        try:
            check_model_id(model_id)
        except Exception as exc:
            problems[agent] = str(exc)
    available = [m["name"] for m in list_models(services.settings) if m.get("status") == "available"]
    detail: dict[str, Any] = {"configured": configured, "available": len(available)}
    if problems:
        return "unhealthy", {**detail, "errors": problems}
    return ("healthy" if available else "unhealthy"), detail


@router.get(
    "/health",
    response_model=HealthResponse,
    responses={503: {"model": HealthResponse}},
    dependencies=[public(bucket=None)],  # load balancers probe it every few seconds: not rate-limited
)
async def health(services: ServicesDep, request: Request) -> JSONResponse:
    """Real checks: a database query, a Redis PING (when NEXUSFORGE_REDIS_URL is set), a write to storage, the
    configured models."""
    database, db_detail = await _check_database(services)
    redis, redis_detail = await _check_redis(request)
    folders = [services.artifacts_dir, services.settings.workspaces_dir]
    storage, storage_detail = await asyncio.to_thread(_check_storage, folders)
    models, models_detail = _check_models(services)
    storage_detail["artifacts"] = services.builds.artifacts.describe()
    services_status = {"database": database, "redis": redis, "ai_models": models, "storage": storage}
    healthy = all(v in ("healthy", "not_configured") for v in services_status.values())
    body = HealthResponse(
        status="healthy" if healthy else "unhealthy",
        version=__version__,
        timestamp=utc_now(),
        environment=services.server.environment,
        services=services_status,
        checks={
            "database": db_detail,
            "redis": redis_detail,
            "storage": storage_detail,
            "ai_models": models_detail,
            "builds": services.builds.runner.describe(),
        },
    )
    return JSONResponse(body.model_dump(), status_code=200 if healthy else 503)


@router.get("/api/config/models", response_model=ModelsResponse, dependencies=[requires("read")])
async def config_models(services: ServicesDep) -> Any:
    """Every model this server could use, its type, and whether it is available now."""
    return {"models": list_models(services.settings)}


@router.get(
    "/artifacts/{session_id}/{path:path}",
    response_class=FileResponse,
    responses={404: {"model": ErrorBody}},
    tags=["artifacts"],
    # a key that may start builds may read them (the contract's example key is ["build"]); <img>/<video> use ?token=
    dependencies=[requires("read", or_permission="build", query_token=True)],
)
async def artifact(
    session_id: SessionId,
    path: Annotated[SafeText, StringConstraints(max_length=1000)],
    services: ServicesDep,
    principal: PrincipalDep,
) -> Any:
    """A build's mockup, demo video or code zip (only files its result names), from the shared folder or streamed
    from Cloud Storage (NEXUSFORGE_ARTIFACTS_URL)."""
    row = await visible_build(services, principal, session_id)
    store = services.builds.artifacts
    local = artifact_source(session_id, path, row.result, Path(row.output_dir), store.root)
    if local is None:
        raise SessionNotFoundError(f"Build {session_id} has no artifact {path!r}", error_code="NOT_FOUND")
    found = await asyncio.to_thread(store.fetch, session_id, path, local)
    if found is None:
        raise SessionNotFoundError(f"Artifact {path!r} of build {session_id} is missing", error_code="NOT_FOUND")
    filename = local.name if path == CODE_ZIP else None
    if isinstance(found, ArtifactFile):
        return FileResponse(found.path, media_type=media_type(path), filename=filename)
    headers = {"Content-Length": str(found.size)} if found.size is not None else {}
    if filename:
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return StreamingResponse(found.chunks, media_type=found.media_type, headers=headers)
