"""Any litellm route behind the text agents (spec, coder, optimizer), and litellm's video routes (Veo on the
Gemini Developer API) behind the video agent: ``litellm:<provider/model>``.

``litellm:openai/gpt-4.1``, ``litellm:anthropic/claude-sonnet-4-5``, ``litellm:ollama/qwen2.5-coder`` ... The
reply is asked for as JSON against the task's schema (``response_format`` json_schema, non-strict, so schemas
with free-form maps are accepted by every provider litellm maps it to) and validated with pydantic here.
A video route (``litellm:gemini/veo-3.1-generate-001``) starts the operation, polls it and downloads the MP4
(litellm's ``avideo_*`` API), so Veo also runs with a plain Gemini Developer API key. Costs come from litellm's
own cost table (``LITELLM_LOCAL_MODEL_COST_MAP=True`` keeps it offline). litellm's and the OpenAI client's
retries are off: ``resilience`` retries transient errors in one place.
"""

from __future__ import annotations

import asyncio
import logging
import time
from functools import partial
from pathlib import Path
from typing import Any

from ..config import Settings
from ..context import AgentContext, Capability
from ..errors import BuildFailedError, InvalidInputError, MissingExtraError, ModelUnavailableError
from ..schemas import AppSpec
from .cost import budgeted, tokens_for
from .llm_calls import CallOptions, InvalidReply, M, Message, parse_json_reply, prompt_chars
from .llm_tasks import text_capability
from .resilience import call_with_retries, with_fallbacks

log = logging.getLogger(__name__)

TIMEOUT_S = 600.0
PROVIDER_ENV = {
    "openai": "OPENAI_API_KEY",
    "anthropic": "ANTHROPIC_API_KEY",
    "gemini": "GEMINI_API_KEY",
    "mistral": "MISTRAL_API_KEY",
    "groq": "GROQ_API_KEY",
    "deepseek": "DEEPSEEK_API_KEY",
    "xai": "XAI_API_KEY",
    "openrouter": "OPENROUTER_API_KEY",
    "ollama": "OLLAMA_API_BASE",
}
"""The variable each common provider needs (what ``litellm.validate_environment`` asks for; a test checks it)."""


def _litellm() -> Any:
    try:
        import litellm
    except ImportError as exc:
        raise MissingExtraError("litellm", "litellm") from exc
    return litellm


def missing_env(route: str) -> list[str]:
    """The environment variables ``route`` still needs; empty when it can be called."""
    result = _litellm().validate_environment(model=route)
    if result.get("keys_in_environment"):
        return []
    return list(result.get("missing_keys") or [])


def require_env(route: str) -> None:
    """Refuse a route whose credentials are not in the environment, naming the variable."""
    missing = missing_env(route)
    if missing:
        raise ModelUnavailableError(
            f"litellm:{route} needs {' or '.join(missing)} in the environment; 'offline' works without one.",
            retry_possible=False,
            details={"model": f"litellm:{route}", "env_var": missing[0]},
        )


def route_cost(route: str, tokens_in: int, tokens_out: int) -> float:
    """USD from litellm's cost table; 0 (with a warning) for a model it does not price, e.g. a local one."""
    try:
        prompt, completion = _litellm().cost_per_token(
            model=route, prompt_tokens=tokens_in, completion_tokens=tokens_out
        )
    except Exception as exc:  # litellm raises a bare Exception for unknown models
        log.warning("litellm has no price for %s (%s); its calls are recorded at $0", route, exc)
        return 0.0
    return round(prompt + completion, 8)


def response_cost(route: str, response: Any, tokens_in: int, tokens_out: int) -> float:
    try:
        return round(float(_litellm().completion_cost(completion_response=response)), 8)
    except Exception:
        return route_cost(route, tokens_in, tokens_out)


class LiteLLMText:
    """One JSON call through ``litellm.acompletion``: budgeted, retried on transient errors, recorded."""

    def __init__(self, route: str) -> None:
        self.route = route
        self.model_id = f"litellm:{route}"
        require_env(route)
        try:
            info = _litellm().get_model_info(route)
        except Exception:
            info = {}
        self.max_output_tokens: int | None = info.get("max_output_tokens")

    async def generate(self, ctx: AgentContext, messages: list[Message], schema: type[M], options: CallOptions) -> M:
        litellm = _litellm()
        max_out = min(options.max_output_tokens, self.max_output_tokens or options.max_output_tokens)
        response_format = {
            "type": "json_schema",
            "json_schema": {"name": schema.__name__, "schema": schema.model_json_schema(), "strict": False},
        }
        chat = [{"role": role, "content": text} for role, text in messages]
        extra: dict[str, Any] = {"num_retries": 0, "max_retries": 0, "timeout": TIMEOUT_S}
        if options.temperature is not None:
            extra["temperature"] = options.temperature
        estimate = route_cost(self.route, tokens_for(prompt_chars(messages, schema)), max_out)
        with budgeted(ctx, self.model_id, estimate) as call:
            response = await call_with_retries(
                self.model_id,
                lambda: litellm.acompletion(
                    model=self.route, messages=chat, max_tokens=max_out, response_format=response_format, **extra
                ),
                hint=f"Check {PROVIDER_ENV.get(self.route.split('/')[0], 'the provider key')}.",
            )
            usage = getattr(response, "usage", None)
            call.tokens_in = int(getattr(usage, "prompt_tokens", 0) or 0)
            call.tokens_out = int(getattr(usage, "completion_tokens", 0) or 0)
            call.cost_usd = response_cost(self.route, response, call.tokens_in, call.tokens_out)
        choice = response.choices[0]
        text = choice.message.content or ""
        if not text.strip():
            raise InvalidReply(f"it is empty (finish reason: {choice.finish_reason})", text)
        return parse_json_reply(text, schema)


class LiteLLMVideoMaker:
    """A litellm video route: start the operation, poll it until done (or ``timeout_s``), download the MP4."""

    poll_interval_s = 10.0
    timeout_s = 600.0
    duration_s = 8

    def __init__(self, route: str) -> None:
        self.route = route
        self.model_id = f"litellm:{route}"
        self.rates = _litellm().model_cost.get(route) or {}
        if self.rates.get("mode") != "video_generation":
            raise InvalidInputError(
                f"{self.model_id} is not a video model in litellm's table; try gemini/veo-3.1-generate-001."
            )
        require_env(route)

    async def make_video(self, ctx: AgentContext, spec: AppSpec, out: Path) -> Path:
        from .gemini_media import video_prompt

        litellm = _litellm()
        prompt = video_prompt(spec)
        cost = round(self.rates.get("output_cost_per_second", 0.0) * self.duration_s, 8)
        with budgeted(ctx, self.model_id, cost) as call:
            video = await call_with_retries(
                self.model_id,
                lambda: litellm.avideo_generation(
                    model=self.route, prompt=prompt, seconds=str(self.duration_s), size="1280x720"
                ),
            )
            started = time.monotonic()
            status = video.status
            while status != "completed":
                elapsed = time.monotonic() - started
                if status == "failed" or elapsed > self.timeout_s:
                    what = "failed" if status == "failed" else f"did not finish within {self.timeout_s:.0f} s"
                    raise ModelUnavailableError(
                        f"{self.model_id} {what} (video {video.id}).",
                        retry_possible=True,
                        details={"model": self.model_id},
                    )
                ctx.progress(f"{self.model_id} is rendering the demo ({elapsed:.0f} s)...", min(0.9, elapsed / 120))
                await asyncio.sleep(self.poll_interval_s)
                current = await call_with_retries(self.model_id, partial(litellm.avideo_status, video_id=video.id))
                status = current.status
            data = await call_with_retries(self.model_id, partial(litellm.avideo_content, video_id=video.id))
            call.cost_usd = cost
        if data[4:8] != b"ftyp":
            raise BuildFailedError(f"{self.model_id} returned a file that is not an MP4 video.")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        return out


def litellm_factory(name: str, capability: Capability, settings: Settings) -> object:
    if "/" not in name:
        raise InvalidInputError(
            f"litellm model ids name the provider and the model, e.g. 'litellm:openai/gpt-4.1' (got 'litellm:{name}')."
        )
    if capability is Capability.VIDEO:
        return with_fallbacks(f"litellm:{name}", lambda: LiteLLMVideoMaker(name), capability, settings)
    if capability not in (Capability.SPEC, Capability.CODER, Capability.OPTIMIZER):
        raise InvalidInputError(
            f"litellm routes serve the spec, coder, optimizer and video agents; the {capability.value} agent needs "
            "a 'gemini:' image model, or 'offline'."
        )
    return with_fallbacks(
        f"litellm:{name}", lambda: text_capability(capability, LiteLLMText(name)), capability, settings
    )
