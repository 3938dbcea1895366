"""One structured call to a text model, as every text task (spec, code, review, revision) makes it.

A provider supplies a ``TextModel``: one call whose reply is parsed into a pydantic schema (recording tokens,
latency and cost, and checking the budget). ``ask`` owns what is the same for every task: when a reply is
unusable (it does not parse, or the task's own ``check`` refuses it), the model is told why and asked once more;
a second unusable reply fails the step with a clear ``BuildFailedError``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from pydantic import BaseModel

from ..context import AgentContext
from ..errors import BuildFailedError
from ..prompts import render_prompt

M = TypeVar("M", bound=BaseModel)
Message = tuple[str, str]
"""(role, text) with role ``system``, ``user`` or ``assistant``."""

REPLY_ATTEMPTS = 2


class InvalidReply(Exception):
    """The model answered, but not with something usable; ``problem`` says why (and is shown to the model)."""

    def __init__(self, problem: str, raw: str = "") -> None:
        super().__init__(problem)
        self.problem = problem
        self.raw = raw


@dataclass(frozen=True)
class CallOptions:
    """How one call is made; ``ask`` fills it in once and every attempt passes it to the model unchanged."""

    max_output_tokens: int
    thinking: bool | None = None
    """True: think as the task needs (dynamic); False: as little as the model allows; None: the model's default."""
    temperature: float | None = None
    """None: the model's default."""


class TextModel(Protocol):
    model_id: str

    async def generate(self, ctx: AgentContext, messages: list[Message], schema: type[M], options: CallOptions) -> M:
        """One budgeted, retried, recorded call whose reply is parsed into ``schema`` (or ``InvalidReply``)."""
        ...


def prompt_chars(messages: list[Message], schema: type[BaseModel]) -> int:
    """What a call sends, in characters, for its cost estimate: the messages and the reply's JSON schema."""
    return sum(len(text) for _, text in messages) + len(json.dumps(schema.model_json_schema()))


async def ask(
    model: TextModel,
    ctx: AgentContext,
    messages: list[Message],
    schema: type[M],
    *,
    max_output_tokens: int,
    thinking: bool | None = None,
    temperature: float | None = None,
    check: Callable[[M], None] | None = None,
    correction: str = "invalid_reply",
) -> M:
    """Call the model; when the reply is unusable, say why (the ``correction`` prompt) and ask once more; then fail
    with a clear error."""
    options = CallOptions(max_output_tokens, thinking, temperature)
    history = list(messages)
    problem = ""
    for _ in range(REPLY_ATTEMPTS):
        try:
            reply = await model.generate(ctx, history, schema, options)
            if check is not None:
                check(reply)
            return reply
        except InvalidReply as exc:
            problem = exc.problem
            again = render_prompt(correction, problem=problem)
            history = [*messages, ("assistant", exc.raw[:20_000] or "(no usable text)"), ("user", again)]
    raise BuildFailedError(
        f"{model.model_id} gave the {ctx.agent} agent an unusable {schema.__name__} {REPLY_ATTEMPTS} times; "
        f"the last problem: {problem}",
        retry_possible=True,
        details={"model": model.model_id, "problem": problem[:2000]},
    )


def parse_json_reply(text: str, schema: type[M]) -> M:
    """Parse a reply that should be JSON for ``schema`` (tolerating a Markdown code fence around it)."""
    body = text.strip()
    fenced = re.fullmatch(r"```(?:json)?\s*(.*?)\s*```", body, flags=re.DOTALL)
    if fenced:
        body = fenced.group(1)
    try:
        return schema.model_validate_json(body)
    except ValueError as exc:
        raise InvalidReply(f"it is not valid JSON for {schema.__name__}: {str(exc)[:1500]}", text) from None
