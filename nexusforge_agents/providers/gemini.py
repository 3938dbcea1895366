"""Google models behind the agents: ``gemini:<model>``.

- text (spec, coder, optimizer): langchain-google-genai ``ChatGoogleGenerativeAI`` with native structured
  output (``responseJsonSchema``); ``useAdaptiveThinking`` maps to ``thinking_budget=-1`` (dynamic) on Gemini
  2.5 and to the model's default level on Gemini 3, and to the least thinking the model allows otherwise.
- mockups: a Gemini image model (``gemini-2.5-flash-image``) through ``generate_content``, or Imagen through
  ``generate_images``; video: Veo through ``generate_videos`` (see ``gemini_media``).

Backends: the Gemini Developer API with ``GEMINI_API_KEY`` (or ``GOOGLE_API_KEY``), on the documented ``v1beta``
paths; or Gemini Enterprise Agent Platform (Vertex AI) when ``GOOGLE_GENAI_USE_VERTEXAI=true`` (project and ADC
via ``GOOGLE_CLOUD_PROJECT``/``GOOGLE_CLOUD_LOCATION``, or an express-mode ``GOOGLE_API_KEY``). google-genai 3.x
serves Imagen and Veo on the Enterprise backend only.

The SDKs' own retries are switched off: ``resilience`` retries transient errors once, in one place.
"""

from __future__ import annotations

from typing import Any

from ..config import Settings
from ..context import AgentContext, Capability
from ..errors import InvalidInputError, ModelUnavailableError
from .cost import budgeted, gemini_text_cost, gemini_text_estimate, price_entry
from .gemini_client import (
    DEVELOPER_API_VERSION,
    KEY_HINT,
    developer_key,
    enterprise_configured,
    enterprise_requested,
    model_kind,
    require_sdk,
)
from .gemini_media import GeminiPainter, VeoVideoMaker
from .llm_calls import CallOptions, InvalidReply, M, Message, prompt_chars
from .llm_tasks import text_capability
from .resilience import call_with_retries, with_fallbacks

TEXT_TIMEOUT_S = 600


def thinking_options(name: str, thinking: bool | None) -> dict[str, Any]:
    """ChatGoogleGenerativeAI keyword arguments for the build's thinking choice on this model."""
    if thinking is None:
        return {}
    rates = price_entry("text", name) or {}
    style = rates.get("thinking") or ("level" if name.startswith("gemini-3") else "budget")
    if style == "level":
        return {} if thinking else {"thinking_level": "low"}
    return {"thinking_budget": -1 if thinking else rates.get("min_thinking_budget", 0)}


class GeminiText:
    """One structured Gemini call: budgeted, retried on transient errors, recorded with tokens and cost."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.model_id = f"gemini:{name}"
        self.enterprise = enterprise_requested()
        if self.enterprise and not enterprise_configured():
            raise ModelUnavailableError(
                f"{self.model_id}: GOOGLE_GENAI_USE_VERTEXAI is on but neither GOOGLE_CLOUD_PROJECT nor an "
                "express-mode GOOGLE_API_KEY is set; 'offline' works without either.",
                retry_possible=False,
                details={"model": self.model_id, "env_var": "GOOGLE_CLOUD_PROJECT"},
            )
        if not self.enterprise and not developer_key():
            raise ModelUnavailableError(
                f"{self.model_id} needs GEMINI_API_KEY (or GOOGLE_API_KEY); 'offline' works without one.",
                retry_possible=False,
                details={"model": self.model_id, "env_var": "GEMINI_API_KEY"},
            )

    def _chat(self, max_output_tokens: int, thinking: bool | None, temperature: float | None) -> Any:
        from langchain_google_genai import ChatGoogleGenerativeAI

        options: dict[str, Any] = {
            "model": self.name,
            "max_tokens": max_output_tokens,
            "timeout": TEXT_TIMEOUT_S,
            "max_retries": 1,  # 1 = a single attempt (0 would mean the SDK default of 5)
            **thinking_options(self.name, thinking),
        }
        if temperature is not None and not self.name.startswith("gemini-3"):
            options["temperature"] = temperature
        if self.enterprise:
            options["vertexai"] = True
        else:
            options.update(api_key=developer_key(), api_version=DEVELOPER_API_VERSION, vertexai=False)
        return ChatGoogleGenerativeAI(**options)

    async def generate(self, ctx: AgentContext, messages: list[Message], schema: type[M], options: CallOptions) -> M:
        limit = (price_entry("text", self.name) or {}).get("max_output_tokens", options.max_output_tokens)
        max_out = min(options.max_output_tokens, limit)
        chat = self._chat(max_out, options.thinking, options.temperature)
        runnable = chat.with_structured_output(schema, method="json_schema", include_raw=True)
        estimate = gemini_text_estimate(self.name, prompt_chars(messages, schema), max_out)
        with budgeted(ctx, self.model_id, estimate) as call:
            out = await call_with_retries(self.model_id, lambda: runnable.ainvoke(messages), hint=KEY_HINT)
            usage = getattr(out["raw"], "usage_metadata", None) or {}
            call.tokens_in = int(usage.get("input_tokens", 0))
            call.tokens_out = int(usage.get("output_tokens", 0))
            call.cost_usd = gemini_text_cost(self.name, call.tokens_in, call.tokens_out)
        if out.get("parsing_error") is not None or out.get("parsed") is None:
            raw = getattr(out["raw"], "text", None) or str(getattr(out["raw"], "content", ""))
            error = out.get("parsing_error")
            raise InvalidReply(f"it does not match the {schema.__name__} schema: {str(error)[:1500]}", str(raw))
        return out["parsed"]


def make_capability(name: str, capability: Capability) -> object:
    require_sdk()
    kind = model_kind(name)
    if capability is Capability.DESIGN:
        if kind not in ("image", "imagen"):
            raise InvalidInputError(
                f"gemini:{name} cannot paint mockups; use an image model such as gemini:gemini-2.5-flash-image."
            )
        return GeminiPainter(name)
    if capability is Capability.VIDEO:
        if kind != "video":
            raise InvalidInputError(
                f"gemini:{name} cannot make videos; use a Veo model such as gemini:veo-3.1-generate-001."
            )
        return VeoVideoMaker(name)
    if kind != "text":
        raise InvalidInputError(f"gemini:{name} is not a text model; the {capability.value} agent needs one.")
    return text_capability(capability, GeminiText(name))


def gemini_factory(name: str, capability: Capability, settings: Settings) -> object:
    if not name:
        raise InvalidInputError("Name the Gemini model, e.g. 'gemini:gemini-2.5-pro' (see `nexusforge models`).")
    return with_fallbacks(f"gemini:{name}", lambda: make_capability(name, capability), capability, settings)
