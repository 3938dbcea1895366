"""What the API returns, as attribute-access models; fields beyond these are kept (``extra='allow'``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from pydantic import BaseModel, ConfigDict


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow", defer_build=True)  # built on first use: importing stays fast


class Build(_Model):
    """A started build: POST /api/nexus-forge/build."""

    session_id: str
    status: str
    message: str = ""
    websocket_url: str | None = None
    estimated_duration: str | None = None

    @property
    def last_seq(self) -> int | None:
        """The ``last_seq`` of ``websocket_url`` (a revision's answer carries it): its events come after it."""
        query = parse_qs(urlsplit(self.websocket_url or "").query).get("last_seq")
        return int(query[0]) if query and query[0].isdigit() else None


class BuildDetails(_Model):
    """GET /api/nexus-forge/build/{session_id}; ``result`` once completed."""

    session_id: str
    status: str
    started_at: str | None = None
    completed_at: str | None = None
    progress: int = 0
    current_phase: str | None = None
    result: dict[str, Any] | None = None


class BuildSummary(_Model):
    """One row of GET /api/nexus-forge/builds."""

    session_id: str
    prompt: str = ""
    status: str
    started_at: str | None = None
    completed_at: str | None = None
    app_name: str | None = None
    deployment_url: str | None = None
    progress: int | None = None
    current_phase: str | None = None


class Deployment(_Model):
    deployment_id: str
    status: str
    deployment_url: str | None = None
    message: str = ""


class Cancelled(_Model):
    message: str
    status: str


class Template(_Model):
    id: str
    name: str
    description: str = ""
    category: str = ""
    example_prompt: str = ""
    preview_image: str | None = None
    estimated_build_time: str | None = None
    features: list[str] = []


class ReviewAnswered(_Model):
    """The answer to a build's plan review (beyond the contract): the plan as it now is."""

    session_id: str
    action: str
    spec: dict[str, Any]
