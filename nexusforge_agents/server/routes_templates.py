"""Templates: the catalog with preview images and estimates, and builds started from one."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse

from ..config import BuildConfig
from ..templates import TEMPLATES, apply_template, get_template
from .api_models import BuildStarted, ErrorBody, FromTemplateRequest, SessionId, TemplateOut
from .auth.access import requires
from .auth.gate import BuildGateDep
from .deps import PrincipalDep, ServicesDep, base_url
from .estimate import estimate_range, format_range
from .request_body import StrictJSONRoute
from .routes_builds import start_build

router = APIRouter(prefix="/api/nexus-forge", tags=["templates"], route_class=StrictJSONRoute)
NOT_FOUND = {404: {"model": ErrorBody, "description": "TEMPLATE_NOT_FOUND"}}


@router.get("/templates", response_model=list[TemplateOut], dependencies=[requires("read")])
async def list_templates(request: Request, services: ServicesDep) -> Any:
    """Every template, with a preview image this server renders and an estimate from measured builds."""
    history = await services.builds.recent_durations()
    low, high = estimate_range(history, BuildConfig().enable_video_demo, services.server.estimate_prior_s)
    estimate = format_range(low, high)
    base = base_url(request, services.server)
    return [
        {
            **template.model_dump(),
            "preview_image": f"{base}/api/nexus-forge/templates/{template.id}/preview.png",
            "estimated_build_time": estimate,
        }
        for template in TEMPLATES
    ]


@router.get(
    "/templates/{template_id}/preview.png",
    response_class=FileResponse,
    dependencies=[requires("read", query_token=True)],  # an <img> cannot send headers
    responses={200: {"content": {"image/png": {}}}, **NOT_FOUND},
)
async def template_preview(template_id: SessionId, services: ServicesDep) -> FileResponse:
    """The template's main screen as an offline wireframe (PNG)."""
    path = await services.previews.get(get_template(template_id))
    return FileResponse(path, media_type="image/png", headers={"Cache-Control": "public, max-age=3600"})


@router.post("/build/from-template", response_model=BuildStarted, responses=NOT_FOUND, dependencies=[requires("build")])
async def build_from_template(
    body: FromTemplateRequest, services: ServicesDep, gate: BuildGateDep, principal: PrincipalDep
) -> Any:
    """Start a build from a template's example prompt with the customizations applied."""
    prompt, config = apply_template(body.template_id, body.customizations, body.config)
    return await start_build(services, gate, principal, prompt, config, template_id=body.template_id)
