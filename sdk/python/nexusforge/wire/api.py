"""The REST API's bodies and values as the contract documents them: status values, the error envelope, and the
answers of the build, template and system endpoints. The server answers with these (its OpenAPI document is made
from them) and the client reads them; request bodies with their validation stay in the server."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class BuildStatus(StrEnum):
    """The contract's status values, in the order a build passes through them."""

    INITIALIZING = "initializing"
    ANALYZING = "analyzing"
    GENERATING_SPEC = "generating_spec"
    AWAITING_REVIEW = "awaiting_review"  # beyond the contract: the plan waits for a person (config reviewSpec)
    BUILDING = "building"
    OPTIMIZING = "optimizing"
    DEPLOYING = "deploying"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def is_terminal(self) -> bool:
        return self in (BuildStatus.COMPLETED, BuildStatus.FAILED, BuildStatus.CANCELLED)


class _Body(BaseModel):
    model_config = ConfigDict(defer_build=True)  # validators are built on first use: importing stays fast


class ErrorBody(_Body):
    """The one error envelope: every 4xx and 5xx answer has this shape."""

    detail: str
    error_code: str
    details: dict[str, Any] | None = None
    retry_after: int | None = Field(None, description="Seconds to wait (429 only; also the Retry-After header).")


class BuildStarted(_Body):
    """POST /api/nexus-forge/build (and /build/from-template)."""

    session_id: str
    status: Literal["build_started"] = "build_started"
    message: str = "App building session started. Connect to WebSocket for real-time updates."
    websocket_url: str
    estimated_duration: str


class BuildStatusResponse(_Body):
    """GET /api/nexus-forge/build/{session_id}; ``result`` once completed."""

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


class BuildListItem(_Body):
    """One row of GET /api/nexus-forge/builds."""

    session_id: str
    prompt: str
    status: BuildStatus
    started_at: str
    completed_at: str | None
    progress: int
    current_phase: str
    app_name: str | None
    deployment_url: str | None


class DeployResponse(_Body):
    """POST /api/nexus-forge/deploy/{session_id}."""

    deployment_id: str
    status: Literal["deployed", "skipped"]
    deployment_url: str | None
    message: str


class DeleteResponse(_Body):
    """DELETE /api/nexus-forge/build/{session_id}: a running build is cancelled, a finished one deleted."""

    message: str
    status: Literal["cancelled", "deleted"]


class TemplateOut(_Body):
    """One row of GET /api/nexus-forge/templates."""

    id: str
    name: str
    description: str
    category: str
    example_prompt: str
    preview_image: str
    estimated_build_time: str
    features: list[str]


class HealthResponse(_Body):
    """GET /health."""

    status: Literal["healthy", "unhealthy"]
    version: str
    timestamp: str
    environment: str
    services: dict[str, str]
    checks: dict[str, Any] = Field(default_factory=dict, description="What each service check measured.")


class ModelsResponse(_Body):
    """GET /api/config/models."""

    models: list[dict[str, Any]]
