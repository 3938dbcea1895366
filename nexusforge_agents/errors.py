"""One error root for the whole product.

Every error carries the contract's ``error_code`` and says what to do next; the server turns them into
HTTP and WebSocket errors in exactly one place, the CLI into a one-line reason and an exit code.
"""

from __future__ import annotations

from typing import Any


class NexusForgeError(Exception):
    """Base of every error Nexus Forge raises on purpose."""

    error_code: str = "BUILD_FAILED"
    status_code: int = 500
    retry_possible: bool = False

    def __init__(
        self,
        message: str,
        *,
        error_code: str | None = None,
        retry_possible: bool | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if error_code is not None:
            self.error_code = error_code
        if retry_possible is not None:
            self.retry_possible = retry_possible
        self.details: dict[str, Any] = details or {}

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"detail": self.message, "error_code": self.error_code}
        if self.details:
            body["details"] = self.details
        return body


class InvalidInputError(NexusForgeError):
    """The request or prompt is malformed, empty or too large."""

    error_code = "INVALID_INPUT"
    status_code = 400


class BuildFailedError(NexusForgeError):
    """The build could not produce an app whose own tests pass."""

    error_code = "BUILD_FAILED"
    status_code = 500
    retry_possible = True


class BudgetExceededError(BuildFailedError):
    """The next model call would take the build over its ``max_cost_usd``."""

    retry_possible = False


class BuildCancelledError(NexusForgeError):
    """The build was cancelled by its owner."""

    error_code = "BUILD_CANCELLED"
    status_code = 409


class DeploymentFailedError(NexusForgeError):
    """Deployment did not produce a reachable service."""

    error_code = "DEPLOYMENT_FAILED"
    status_code = 502


class ModelUnavailableError(NexusForgeError):
    """The model (and every fallback) could not be reached or is not configured."""

    error_code = "MODEL_UNAVAILABLE"
    status_code = 503
    retry_possible = True


class StorageUnavailableError(NexusForgeError):
    """The artifact storage (Cloud Storage when configured) could not be reached or refused the request."""

    error_code = "STORAGE_UNAVAILABLE"
    status_code = 503
    retry_possible = True


class SessionNotFoundError(NexusForgeError):
    """No build session with that id (or not one the caller may see)."""

    error_code = "SESSION_NOT_FOUND"
    status_code = 404


class VersionNotFoundError(NexusForgeError):
    """No such version of the app (``nexusforge history DIR`` lists them), or the folder has no versions yet."""

    error_code = "VERSION_NOT_FOUND"
    status_code = 404


class TemplateNotFoundError(NexusForgeError):
    """No template with that id (GET /api/nexus-forge/templates lists them)."""

    error_code = "TEMPLATE_NOT_FOUND"
    status_code = 404


class UnauthorizedError(NexusForgeError):
    """Missing, invalid, expired or revoked credentials."""

    error_code = "UNAUTHORIZED"
    status_code = 401


class ForbiddenError(NexusForgeError):
    """Authenticated, but not allowed to do this."""

    error_code = "FORBIDDEN"
    status_code = 403


class RateLimitExceededError(NexusForgeError):
    """Too many requests in the window; ``retry_after`` seconds until the next one is allowed."""

    error_code = "RATE_LIMIT_EXCEEDED"
    status_code = 429
    retry_possible = True

    def __init__(self, message: str, *, retry_after: int, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "retry_after": self.retry_after}


class InsufficientCreditsError(NexusForgeError):
    """The account's credit balance does not cover the build."""

    error_code = "INSUFFICIENT_CREDITS"
    status_code = 402


class ConflictError(NexusForgeError):
    """The session is not in a state that allows this (e.g. deploying a build that has not completed)."""

    error_code = "INVALID_STATE"
    status_code = 409


class MissingExtraError(ImportError):
    """An optional integration was used without its extra installed."""

    def __init__(self, extra: str, package: str) -> None:
        super().__init__(
            f'{package} is not installed: run pip install "nexusforge-agents[{extra}]" to use it '
            "(the offline provider works without it)."
        )
