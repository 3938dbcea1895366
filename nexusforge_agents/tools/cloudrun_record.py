"""What a Cloud Run deployment has done so far, and how its failures are reported.

A deployment goes through stages (uploading, building image, creating revision, routing traffic). The record
streams each stage as a progress message, remembers what now exists in Google Cloud because of this deployment,
and turns any failure into one ``DeploymentFailedError`` that names the stage, quotes the service's own error
text, says whether a retry can help, and lists what was left half-done.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import requests
from google.api_core import exceptions as api_exceptions
from google.auth import exceptions as auth_exceptions

from ..context import AgentContext
from ..errors import DeploymentFailedError

CONFIGURATION = "configuration"
PACKAGING = "packaging"
UPLOADING = "uploading"
BUILDING = "building image"
CREATING = "creating revision"
ROUTING = "routing traffic"

# Worth retrying as they are: the service was busy, rate-limited, out of quota or too slow, or it lost a race.
TRANSIENT = (
    api_exceptions.ServerError,  # 5xx: INTERNAL, UNAVAILABLE, DEADLINE_EXCEEDED, ...
    api_exceptions.TooManyRequests,  # 429, RESOURCE_EXHAUSTED (quota)
    api_exceptions.Conflict,  # 409: ABORTED (concurrent change) or ALREADY_EXISTS (a parallel create)
    api_exceptions.RetryError,
    auth_exceptions.TransportError,
    requests.ConnectionError,
    requests.Timeout,
)
# Google errors this record understands; anything else is a bug in our code and propagates unchanged.
GOOGLE_ERRORS = (api_exceptions.GoogleAPIError, auth_exceptions.GoogleAuthError, requests.RequestException)


def request_json(session: Any, method: str, url: str, *, timeout_s: float = 60.0, **kwargs: Any) -> dict[str, Any]:
    """One call of a Google REST API over the authorized session; a 4xx/5xx raises api-core's typed error."""
    response = session.request(method, url, timeout=timeout_s, **kwargs)
    if response.status_code >= 400:
        raise api_exceptions.from_http_response(response)
    result: dict[str, Any] = response.json()
    return result


def service_error(exc: BaseException) -> str:
    """The service's own words: its status, reason and message, without the Python wrapping."""
    if isinstance(exc, api_exceptions.GoogleAPICallError):
        reason = f" {exc.reason}" if exc.reason else ""
        status = exc.grpc_status_code.name if exc.grpc_status_code else ""
        prefix = " ".join(part for part in (str(exc.code or ""), status) if part)
        return f"{prefix}{reason}: {exc.message}".strip(": ")
    return str(exc) or type(exc).__name__


def is_transient(exc: BaseException) -> bool:
    return isinstance(exc, TRANSIENT)


@dataclass
class DeployRecord:
    """Stages, progress and the resources this deployment created, for the result or for the error."""

    ctx: AgentContext
    stages: list[dict[str, Any]] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    untouched: str = ""
    """What is still as it was, said when a later stage fails (e.g. 'the service still serves revision X')."""
    _started: float = 0.0

    def start(self, stage: str, message: str, fraction: float) -> None:
        self.finish()
        self.stages.append({"stage": stage, "status": "running", "detail": message})
        self._started = time.monotonic()
        self.ctx.progress(message, fraction)

    def note(self, message: str, fraction: float) -> None:
        """Progress within the current stage (e.g. the build's status changed)."""
        if self.stages:
            self.stages[-1]["detail"] = message
        self.ctx.progress(message, fraction)

    def finish(self, detail: str | None = None) -> None:
        if self.stages and self.stages[-1]["status"] == "running":
            current = self.stages[-1]
            current["status"] = "done"
            current["seconds"] = round(time.monotonic() - self._started, 3)
            if detail:
                current["detail"] = detail

    @property
    def stage(self) -> str:
        return self.stages[-1]["stage"] if self.stages else CONFIGURATION

    def failure(
        self,
        message: str,
        *,
        retry_possible: bool,
        error: str,
        stage: str | None = None,
        **extra: Any,
    ) -> DeploymentFailedError:
        """The error to raise: ``message`` plus what was already done and what was not changed."""
        stage = stage or self.stage
        if self.stages and self.stages[-1]["status"] == "running":
            self.stages[-1]["status"] = "failed"
        parts = [f"Cloud Run deployment failed while {stage}: {message}"]
        if self.created:
            parts.append("Already done: " + "; ".join(self.created) + ".")
        if self.untouched:
            parts.append(self.untouched)
        details: dict[str, Any] = {
            "stage": stage,
            "service_error": error,
            "created": list(self.created),
            "stages": [dict(s) for s in self.stages],
            **extra,
        }
        return DeploymentFailedError(" ".join(parts), retry_possible=retry_possible, details=details)

    def from_exception(self, exc: BaseException, *, stage: str | None = None, **extra: Any) -> DeploymentFailedError:
        """Wrap a Google API, auth or HTTP error raised during the current stage."""
        text = service_error(exc)
        transient = is_transient(exc)
        hint = "retrying may succeed" if transient else "retrying as is will fail the same way"
        if isinstance(exc, api_exceptions.Forbidden):
            hint = "grant the missing permission (see docs/cloudrun.md) and deploy again"
        elif isinstance(exc, api_exceptions.Unauthorized | auth_exceptions.RefreshError):
            hint = "the credentials were refused: run `gcloud auth application-default login` again"
        return self.failure(f"{text} ({hint}).", retry_possible=transient, error=text, stage=stage, **extra)
