"""Retries on transient errors only, and per-agent fallback chains across models and providers.

A model call is retried with exponential backoff (tenacity; a server's Retry-After or RetryInfo wins) when it
timed out, could not connect, was rate limited (429) or hit a server error (5xx). A 4xx is never retried: a
bad key, a missing model or a rejected request fails at once with an error that says which.

When a model stays unavailable, the agent's fallback chain (``NEXUSFORGE_FALLBACK_<AGENT>``) takes over; the
model that really answered is what the capability reports as ``model_id``. When every model in the chain is
down, the phase fails with ``MODEL_UNAVAILABLE`` (``retry_possible`` true when an outage, not configuration,
was the cause).
"""

from __future__ import annotations

import asyncio
import logging
import random
import re
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from ..config import Settings
from ..context import AgentContext, Capability
from ..errors import BuildFailedError, ModelUnavailableError, NexusForgeError

log = logging.getLogger(__name__)
T = TypeVar("T")

TRANSIENT_STATUS = frozenset({408, 429, 500, 502, 503, 504})
_NETWORK_NAMES = ("Timeout", "Connect", "ServerDisconnected", "RemoteProtocol", "NetworkError", "ReadError")


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4
    initial_s: float = 1.0
    max_s: float = 30.0


DEFAULT_POLICY = RetryPolicy()
"""Module-wide so a deployment (or a test) can tune it in one place."""


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def http_status(exc: BaseException) -> int | None:
    """The HTTP status behind an SDK exception (google-genai ``code``, litellm/openai ``status_code``)."""
    for err in _chain(exc):
        for attr in ("status_code", "code"):
            value = getattr(err, attr, None)
            if isinstance(value, int) and 100 <= value < 600:
                return value
    return None


def is_network_error(exc: BaseException) -> bool:
    for err in _chain(exc):
        if isinstance(err, TimeoutError | ConnectionError):
            return True
        if any(marker in cls.__name__ for cls in type(err).__mro__ for marker in _NETWORK_NAMES):
            return True
    return False


def is_transient(exc: BaseException) -> bool:
    if isinstance(exc, NexusForgeError):
        return False
    status = http_status(exc)
    if status is not None:
        return status in TRANSIENT_STATUS
    return is_network_error(exc)


def _message(exc: BaseException) -> str:
    for err in _chain(exc):
        message = getattr(err, "message", None)
        if isinstance(message, str) and message:
            return message[:500]
    return f"{type(exc).__name__}: {exc}"[:500]


def retry_after_s(exc: BaseException) -> float | None:
    """The server's own hint: a Retry-After header, or Google's RetryInfo ``retryDelay`` ("7s")."""
    for err in _chain(exc):
        headers = getattr(getattr(err, "response", None), "headers", None)
        value = headers.get("retry-after") if headers is not None else None
        if value:
            try:
                return float(value)
            except ValueError:
                pass
        details = getattr(err, "details", None)
        error = details.get("error") if isinstance(details, dict) else None
        for item in (error or {}).get("details", []) if isinstance(error, dict) else []:
            delay = item.get("retryDelay") if isinstance(item, dict) else None
            if isinstance(delay, str) and (match := re.fullmatch(r"(\d+(?:\.\d+)?)s", delay)):
                return float(match.group(1))
    return None


def as_model_error(model_id: str, exc: BaseException, *, attempts: int, hint: str = "") -> BaseException:
    """The error to raise for a failed call: unavailable (transient or unusable model), rejected, or as-is."""
    status = http_status(exc)
    details: dict[str, Any] = {"model": model_id, "status": status, "attempts": attempts}
    reason = _message(exc)
    if is_transient(exc):
        what = f"HTTP {status}" if status else type(exc).__name__
        return ModelUnavailableError(
            f"{model_id} is unavailable ({what} after {attempts} attempt(s)): {reason}",
            retry_possible=True,
            details=details,
        )
    if status in (401, 403):
        return ModelUnavailableError(
            f"{model_id} refused the credentials (HTTP {status}): {reason}. {hint}".strip(),
            retry_possible=False,
            details=details,
        )
    if status == 404:
        return ModelUnavailableError(
            f"{model_id} was not found (HTTP 404): {reason}. Check the model id (`nexusforge models`).",
            retry_possible=False,
            details=details,
        )
    if status is not None and 400 <= status < 500:
        return BuildFailedError(
            f"{model_id} rejected the request (HTTP {status}): {reason}. Not retried: a 4xx means the request "
            "itself is wrong, so sending it again would fail the same way.",
            retry_possible=False,
            details=details,
        )
    return exc


async def call_with_retries(
    model_id: str, operation: Callable[[], Awaitable[T]], *, hint: str = "", policy: RetryPolicy | None = None
) -> T:
    """Run ``operation``, retrying transient failures with backoff; raise a clear error when it gives up."""
    from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt

    policy = policy or DEFAULT_POLICY

    def wait(state: Any) -> float:
        exc = state.outcome.exception() if state.outcome else None
        hinted = retry_after_s(exc) if exc is not None else None
        if hinted is not None:
            return min(policy.max_s, hinted)
        backoff = policy.initial_s * 2 ** (state.attempt_number - 1)
        return min(policy.max_s, backoff) * random.uniform(0.5, 1.0)

    def before_sleep(state: Any) -> None:
        exc = state.outcome.exception() if state.outcome else None
        log.warning("%s failed (%s); retry %d of %d", model_id, exc, state.attempt_number, policy.attempts - 1)

    attempts = 0
    try:
        async for attempt in AsyncRetrying(
            stop=stop_after_attempt(policy.attempts),
            wait=wait,
            retry=retry_if_exception(is_transient),
            before_sleep=before_sleep,
            sleep=asyncio.sleep,
            reraise=True,
        ):
            attempts = attempt.retry_state.attempt_number
            with attempt:
                return await operation()
    except Exception as exc:
        error = as_model_error(model_id, exc, attempts=attempts, hint=hint)
        if error is exc:
            raise
        raise error from exc
    raise AssertionError("unreachable: tenacity either returns or raises")  # pragma: no cover


class FallbackChain:
    """One capability over a primary model and its fallbacks, tried in order while models are unavailable.

    Members are resolved lazily through the registry (so a fallback's SDK is imported only if it is needed,
    and a primary with no key falls through to the next model). A member that was unavailable once is skipped
    for the rest of this agent run, so parallel calls (mockups) don't each wait for it again.
    """

    def __init__(self, capability: Capability, model_ids: list[str], settings: Settings, make_first: Any) -> None:
        self.capability = capability
        self.model_ids = model_ids
        self.model_id = model_ids[0]
        self._settings = settings.model_copy(update={f"fallback_{capability.value}": ""})
        self._makers: dict[str, Callable[[], Any]] = {model_ids[0]: make_first}
        self._members: dict[str, Any] = {}
        self._down: dict[str, ModelUnavailableError] = {}

    def _member(self, model_id: str) -> Any:
        if model_id not in self._members:
            from .registry import resolve

            make = self._makers.get(model_id) or (lambda: resolve(model_id, self.capability, self._settings))
            self._members[model_id] = make()
        return self._members[model_id]

    async def _run(
        self,
        method: str,
        ctx: AgentContext,
        *args: Any,
        instead: Callable[[Any], Awaitable[Any]] | None = None,
        **kwargs: Any,
    ) -> Any:
        """``method`` on the first member that is up; ``instead(member)`` for a member that lacks ``method``."""
        candidates = [m for m in self.model_ids if m not in self._down] or list(self.model_ids)
        for index, model_id in enumerate(candidates):
            try:
                member = self._member(model_id)
                if instead is not None and not hasattr(member, method):
                    result = await instead(member)
                else:
                    result = await getattr(member, method)(ctx, *args, **kwargs)
            except ModelUnavailableError as exc:
                self._down[model_id] = exc
                if index + 1 < len(candidates):
                    ctx.progress(f"{model_id} unavailable; falling back to {candidates[index + 1]}", 0.0)
                continue
            self.model_id = member.model_id
            return result
        tried = [{"model": m, "error": e.message, "retry_possible": e.retry_possible} for m, e in self._down.items()]
        raise ModelUnavailableError(
            f"Every model for the {self.capability.value} agent failed: "
            + "; ".join(f"{t['model']}: {t['error']}" for t in tried),
            retry_possible=any(t["retry_possible"] for t in tried),
            details={"tried": tried},
        )

    async def write_spec(self, ctx: AgentContext, prompt: str) -> Any:
        return await self._run("write_spec", ctx, prompt)

    async def revise_spec(self, ctx: AgentContext, spec: Any, request: str) -> Any:
        """A member with no revision reader has the request read by the offline reader (as the revise agent does)."""

        async def offline(member: Any) -> Any:
            from .offline import OfflineSpecWriter

            ctx.progress(f"{member.model_id} has no revision reader: the offline reader reads the request", 0.05)
            return await OfflineSpecWriter().revise_spec(ctx, spec, request)

        return await self._run("revise_spec", ctx, spec, request, instead=offline)

    async def paint(self, ctx: AgentContext, spec: Any, component: str) -> bytes:
        return await self._run("paint", ctx, spec, component)

    async def make_video(self, ctx: AgentContext, spec: Any, out: Any) -> Any:
        return await self._run("make_video", ctx, spec, out)

    async def write_code(self, ctx: AgentContext, spec: Any, *, feedback: str | None, previous: Any) -> Any:
        return await self._run("write_code", ctx, spec, feedback=feedback, previous=previous)

    async def revise_code(self, ctx: AgentContext, before: Any, after: Any, delta: Any, files: dict[str, str]) -> Any:
        """A member that cannot edit an app (the offline engine regenerates it) writes the revised app instead."""

        async def rewrite(member: Any) -> Any:
            return await member.write_code(ctx, after, feedback=None, previous=None)

        return await self._run("revise_code", ctx, before, after, delta, files, instead=rewrite)

    async def review(self, ctx: AgentContext, spec: Any, files: dict[str, str]) -> Any:
        return await self._run("review", ctx, spec, files)


def with_fallbacks(model_id: str, make: Callable[[], Any], capability: Capability, settings: Settings) -> Any:
    """The capability for ``model_id``, wrapped in its agent's fallback chain when one is configured."""
    chain = [m for m in settings.fallbacks_for(capability.value) if m != model_id]
    if not chain:
        return make()
    return FallbackChain(capability, [model_id, *chain], settings, make)
