"""Request and response bodies of the REST API, as the contract documents them (these drive /docs)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..config import BuildConfig
from ..templates import Customizations


class ErrorBody(BaseModel):
    detail: str
    error_code: str
    details: dict[str, Any] | None = None


class BuildRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    prompt: str | None = Field(None, description="The app to build, in one sentence.")
    config: BuildConfig = Field(default_factory=BuildConfig)


class FromTemplateRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    template_id: str = Field(description="An id from GET /api/nexus-forge/templates.")
    customizations: Customizations = Field(default_factory=Customizations)
    config: BuildConfig = Field(default_factory=BuildConfig)


class BuildStarted(BaseModel):
    session_id: str
    status: str = "build_started"
    message: str = "App building session started. Connect to WebSocket for real-time updates."
    websocket_url: str
    estimated_duration: str


class BuildStatusResponse(BaseModel):
    session_id: str
    status: str
    started_at: str
    completed_at: str | None
    progress: int
    current_phase: str
    result: dict[str, Any] | None = Field(
        description="The contract's result once completed: specification, mockups, demo_video, code_files, "
        "deployment_url, build_time, orchestrator, models_used (plus code_zip)."
    )
    error: dict[str, Any] | None = Field(None, description="error_code, message, phase once failed.")


class BuildListItem(BaseModel):
    session_id: str
    prompt: str
    status: str
    started_at: str
    completed_at: str | None
    progress: int
    current_phase: str
    app_name: str | None
    deployment_url: str | None


class DeployResponse(BaseModel):
    deployment_id: str
    status: str
    deployment_url: str | None
    message: str


class DeleteResponse(BaseModel):
    message: str
    status: str


class TemplateOut(BaseModel):
    id: str
    name: str
    description: str
    category: str
    example_prompt: str
    preview_image: str
    estimated_build_time: str
    features: list[str]


class HealthResponse(BaseModel):
    status: str
    version: str
    timestamp: str
    environment: str
    services: dict[str, str]
    checks: dict[str, Any] = Field(default_factory=dict, description="What each service check measured.")


class ModelsResponse(BaseModel):
    models: list[dict[str, Any]]
