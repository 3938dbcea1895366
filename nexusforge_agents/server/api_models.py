"""Request and response bodies of the REST API, as the contract documents them (these drive /docs)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, WithJsonSchema

from ..config import MAX_PROMPT_CHARS, BuildConfig
from ..inputs import VISIBLE_PATTERN, IntRange, SafeText
from ..schemas import BuildStatus, DeployOptions, Scaling
from ..templates import Customizations

SessionId = Annotated[SafeText, StringConstraints(max_length=64)]
"""A build's id as a path value: stored ids are uuids, so anything longer names no build."""
MAX_SEQ = 2**31 - 1
Seq = Annotated[int, IntRange(0, MAX_SEQ)]
"""An event's position in a build's log, as a reconnecting client sends it back."""


class ErrorBody(BaseModel):
    """The one error envelope: every 4xx and 5xx answer has this shape."""

    detail: str
    error_code: str
    details: dict[str, Any] | None = None
    retry_after: int | None = Field(None, description="Seconds to wait (429 only; also the Retry-After header).")


PROMPT_SCHEMA = {"type": "string", "minLength": 1, "maxLength": MAX_PROMPT_CHARS, "pattern": VISIBLE_PATTERN}


class BuildRequest(BaseModel):
    # The document requires a prompt with visible text; a request without one still gets the contract's own
    # answer, 400 "App description is required" (from validate_prompt), rather than a generic field error.
    model_config = ConfigDict(extra="forbid", json_schema_extra={"required": ["prompt"]})

    prompt: Annotated[SafeText | None, WithJsonSchema(PROMPT_SCHEMA)] = Field(
        None, description="The app to build, in one sentence."
    )
    config: BuildConfig = Field(default_factory=BuildConfig)


class FromTemplateRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    template_id: SessionId = Field(description="An id from GET /api/nexus-forge/templates.")
    customizations: Customizations = Field(default_factory=Customizations)
    config: BuildConfig = Field(default_factory=BuildConfig)


class DeployScaling(Scaling):
    model_config = ConfigDict(extra="forbid")


class DeployRequest(DeployOptions):
    """The contract's deploy body; unknown keys are refused (here and in ``scaling``)."""

    model_config = ConfigDict(extra="forbid")

    domain: Annotated[SafeText, Field(max_length=253)] | None = None
    scaling: DeployScaling = Field(default_factory=DeployScaling)


class BuildStarted(BaseModel):
    session_id: str
    status: Literal["build_started"] = "build_started"
    message: str = "App building session started. Connect to WebSocket for real-time updates."
    websocket_url: str
    estimated_duration: str


class BuildStatusResponse(BaseModel):
    session_id: str
    status: BuildStatus
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
    status: BuildStatus
    started_at: str
    completed_at: str | None
    progress: int
    current_phase: str
    app_name: str | None
    deployment_url: str | None


class DeployResponse(BaseModel):
    deployment_id: str
    status: Literal["deployed", "skipped"]
    deployment_url: str | None
    message: str


class DeleteResponse(BaseModel):
    message: str
    status: Literal["cancelled", "deleted"]


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
    status: Literal["healthy", "unhealthy"]
    version: str
    timestamp: str
    environment: str
    services: dict[str, str]
    checks: dict[str, Any] = Field(default_factory=dict, description="What each service check measured.")


class ModelsResponse(BaseModel):
    models: list[dict[str, Any]]
