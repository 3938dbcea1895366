"""What the Gemini text provider (``gemini``) and its media models (``gemini_media``) share: which backend the
environment selects, the credentials each needs, the kind of a model name, and a google-genai client for one call.
Both modules import it; neither imports the other's internals.
"""

from __future__ import annotations

import os
from typing import Any

from ..errors import MissingExtraError, ModelUnavailableError

DEVELOPER_API_VERSION = "v1beta"
"""Every feature used here (responseJsonSchema, thinking, image output) is documented on v1beta."""
KEY_VARS = ("GEMINI_API_KEY", "GOOGLE_API_KEY")
ENTERPRISE_SWITCHES = ("GOOGLE_GENAI_USE_VERTEXAI", "GOOGLE_GENAI_USE_ENTERPRISE")
KEY_HINT = "Set GEMINI_API_KEY (or GOOGLE_API_KEY) to a valid key, or use 'offline'."


def enterprise_requested() -> bool:
    return any(os.environ.get(name, "").strip().lower() in ("1", "true", "yes") for name in ENTERPRISE_SWITCHES)


def developer_key() -> str | None:
    """The Developer API key; google-genai gives GOOGLE_API_KEY precedence, and so do we."""
    return os.environ.get("GOOGLE_API_KEY") or os.environ.get("GEMINI_API_KEY") or None


def enterprise_configured() -> bool:
    return enterprise_requested() and bool(os.environ.get("GOOGLE_CLOUD_PROJECT") or os.environ.get("GOOGLE_API_KEY"))


def model_kind(name: str) -> str:
    """``text``, ``image`` (Gemini image model), ``imagen`` or ``video``, from the model name."""
    if name.startswith("imagen-"):
        return "imagen"
    if name.startswith("veo-"):
        return "video"
    if "-image" in name:
        return "image"
    return "text"


def require_sdk() -> None:
    try:
        import google.genai  # noqa: F401
        import langchain_google_genai  # noqa: F401
    except ImportError as exc:
        raise MissingExtraError("gemini", "langchain-google-genai / google-genai") from exc


def genai_client(model_id: str, *, enterprise: bool, timeout_s: float) -> Any:
    """A google-genai client for one call, on the Developer API or the Enterprise (Vertex AI) backend."""
    from google import genai
    from google.genai import types

    retry_off = types.HttpRetryOptions(attempts=1)
    if enterprise:
        if not enterprise_configured():
            raise ModelUnavailableError(
                f"{model_id} runs on Gemini Enterprise Agent Platform (Vertex AI): set GOOGLE_GENAI_USE_VERTEXAI=true "
                "and GOOGLE_CLOUD_PROJECT (with application default credentials) or an express-mode GOOGLE_API_KEY; "
                "or use 'offline'.",
                retry_possible=False,
                details={"model": model_id},
            )
        options = types.HttpOptions(timeout=int(timeout_s * 1000), retry_options=retry_off)
        try:
            return genai.Client(vertexai=True, http_options=options)
        except Exception as exc:  # google-auth raises its own types when ADC is missing
            raise ModelUnavailableError(
                f"{model_id}: could not set up Vertex AI credentials: {exc}", retry_possible=False
            ) from exc
    key = developer_key()
    if not key:
        raise ModelUnavailableError(
            f"{model_id} needs GEMINI_API_KEY (or GOOGLE_API_KEY); 'offline' works without one.",
            retry_possible=False,
            details={"model": model_id, "env_var": "GEMINI_API_KEY"},
        )
    options = types.HttpOptions(
        api_version=DEVELOPER_API_VERSION, timeout=int(timeout_s * 1000), retry_options=retry_off
    )
    return genai.Client(api_key=key, http_options=options)
