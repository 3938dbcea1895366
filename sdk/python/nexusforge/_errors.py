"""The SDK's exceptions: one per ``error_code`` family, all carrying ``status_code``, ``error_code``, ``detail``."""

from __future__ import annotations

from typing import Any


class ClientError(Exception):
    """Every error this SDK raises: ``message``, the contract's ``error_code`` and its ``details``."""

    error_code = "CLIENT_ERROR"

    def __init__(self, message: str, *, error_code: str | None = None, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.error_code = error_code or self.error_code
        self.details = details or {}


class APIError(ClientError):
    """The API answered with an error. ``error_code`` is the contract's code (``UNAUTHORIZED``, ...)."""

    def __init__(self, message: str, *, status_code: int, error_code: str, body: dict[str, Any] | None = None) -> None:
        super().__init__(message, error_code=error_code, details=(body or {}).get("details"))
        self.status_code = status_code
        self.detail = message
        self.body = body or {}

    def __str__(self) -> str:
        return f"{self.status_code} {self.error_code}: {self.message}"


class AuthenticationError(APIError):
    """401: missing, invalid, expired or revoked credentials."""


class PermissionDeniedError(APIError):
    """403: the key lacks the permission, or the call needs an admin."""


class NotFoundError(APIError):
    """404: no such build (or not yours), key or artifact."""


class InvalidRequestError(APIError):
    """400: the request was malformed."""


class InsufficientCreditsError(APIError):
    """402: the account cannot pay for the build; nothing was started."""


class ConflictError(APIError):
    """409: the build is not in a state that allows this."""


class RateLimitError(APIError):
    """429: too many requests; ``retry_after`` seconds until the next one is allowed."""

    def __init__(self, message: str, *, retry_after: int | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class ServerError(APIError):
    """5xx: the server failed; ``error_code`` says how (``MODEL_UNAVAILABLE``, ``DEPLOYMENT_FAILED``...)."""


class APIConnectionError(ClientError):
    """The server could not be reached (or the connection dropped and could not be resumed)."""

    error_code = "CONNECTION_ERROR"


_BY_STATUS: dict[int, type[APIError]] = {
    400: InvalidRequestError,
    401: AuthenticationError,
    402: InsufficientCreditsError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: InvalidRequestError,
    429: RateLimitError,
}


def error_from_response(status_code: int, body: Any, headers: Any) -> APIError:
    data = body if isinstance(body, dict) else {}
    detail = data.get("detail") if isinstance(data.get("detail"), str) else f"HTTP {status_code}"
    code = data.get("error_code") or ("INTERNAL_ERROR" if status_code >= 500 else "HTTP_ERROR")
    cls = _BY_STATUS.get(status_code, ServerError if status_code >= 500 else APIError)
    if cls is RateLimitError:
        retry = data.get("retry_after") or headers.get("retry-after")
        return RateLimitError(
            detail,
            retry_after=int(retry) if retry is not None else None,
            status_code=status_code,
            error_code=code,
            body=data,
        )
    return cls(detail, status_code=status_code, error_code=code, body=data)
