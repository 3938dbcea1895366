"""Request and response bodies of the REST API, as the contract documents them (these drive /docs).

The answers, the error envelope and the status values are the contract's wire models from the SDK distribution
(``nexusforge.wire``), re-exported here; the request bodies, with the server's validation, are defined here.
"""

from __future__ import annotations

from typing import Annotated

from nexusforge.wire.api import (
    BuildListItem,
    BuildStarted,
    BuildStatus,
    BuildStatusResponse,
    DeleteResponse,
    DeployResponse,
    ErrorBody,
    HealthResponse,
    ModelsResponse,
    TemplateOut,
)
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, WithJsonSchema

from ..config import MAX_PROMPT_CHARS, BuildConfig
from ..inputs import VISIBLE_PATTERN, IntRange, SafeText
from ..schemas import DeployOptions, Scaling
from ..templates import Customizations

__all__ = [
    "BuildListItem",
    "BuildRequest",
    "BuildStarted",
    "BuildStatus",
    "BuildStatusResponse",
    "DeleteResponse",
    "DeployRequest",
    "DeployResponse",
    "DeployScaling",
    "ErrorBody",
    "FromTemplateRequest",
    "HealthResponse",
    "ModelsResponse",
    "Seq",
    "SessionId",
    "TemplateOut",
]

SessionId = Annotated[SafeText, StringConstraints(max_length=64)]
"""A build's id as a path value: stored ids are uuids, so anything longer names no build."""
MAX_SEQ = 2**31 - 1
Seq = Annotated[int, IntRange(0, MAX_SEQ)]
"""An event's position in a build's log, as a reconnecting client sends it back."""


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
