"""What a model call costs, and the guard that stops a build before a call would take it over budget.

Gemini, Imagen and Veo prices live in ``pricing.json`` (one data file, dated, with its source); litellm routes
are priced by litellm's own cost table (see ``litellm_provider``). Every real call runs inside ``budgeted``:
it refuses the call when the build's spend so far, plus what sibling agents running in parallel have spent or
reserved, plus this call's upper-bound estimate would exceed ``max_cost_usd``.
"""

from __future__ import annotations

import json
import logging
import math
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ..context import AgentContext
from ..errors import BudgetExceededError
from ..schemas import ModelCall

log = logging.getLogger(__name__)

CHARS_PER_TOKEN = 3
"""Deliberately low (code and JSON run at 3-4 characters a token), so prompt estimates err on the high side."""
LONG_PROMPT_TOKENS = 200_000


@cache
def pricing() -> dict[str, Any]:
    return json.loads(resources.files(__package__).joinpath("pricing.json").read_text(encoding="utf-8"))


def price_entry(kind: str, model: str) -> dict[str, Any] | None:
    """The ``pricing.json`` entry of a ``text``, ``image`` or ``video`` model, if it is listed."""
    return pricing()[kind].get(model)


def tokens_for(chars: int) -> int:
    return math.ceil(chars / CHARS_PER_TOKEN)


def gemini_text_cost(model: str, tokens_in: int, tokens_out: int) -> float:
    """USD for one Gemini text call; output tokens include thinking tokens."""
    rates = price_entry("text", model) or price_entry("image", model)
    if rates is None:
        log.warning("no price for Gemini model %s in pricing.json; its calls are recorded at $0", model)
        return 0.0
    long = tokens_in > LONG_PROMPT_TOKENS and "input_per_mtok_long" in rates
    rate_in = rates["input_per_mtok_long" if long else "input_per_mtok"]
    rate_out = rates.get("output_per_mtok_long" if long else "output_per_mtok", 0.0)
    return round((tokens_in * rate_in + tokens_out * rate_out) / 1_000_000, 8)


def gemini_text_estimate(model: str, prompt_chars: int, max_output_tokens: int) -> float:
    """An upper bound for one call: the prompt at a pessimistic token rate, and every allowed output token."""
    return gemini_text_cost(model, tokens_for(prompt_chars), max_output_tokens)


def image_cost(model: str, prompt_chars: int = 0) -> float:
    rates = price_entry("image", model)
    if rates is None:
        log.warning("no price for image model %s in pricing.json; its images are recorded at $0", model)
        return 0.0
    prompt = tokens_for(prompt_chars) * rates.get("input_per_mtok", 0.0) / 1_000_000
    return round(rates["per_image"] + prompt, 8)


def video_cost(model: str, seconds: float) -> float:
    rates = price_entry("video", model)
    if rates is None:
        log.warning("no price for video model %s in pricing.json; its videos are recorded at $0", model)
        return 0.0
    return round(rates["per_second"] * seconds, 8)


@dataclass
class _Ledger:
    spent: float = 0.0
    reserved: float = 0.0


_LEDGERS: OrderedDict[tuple[str, float], _Ledger] = OrderedDict()
_MAX_LEDGERS = 512


def _ledger(ctx: AgentContext) -> _Ledger:
    # Agents in one superstep (design, video and coder run in parallel) start from the same recorded spend,
    # so that spend plus the build folder identifies the group of siblings that share one budget.
    key = (str(ctx.workdir), round(ctx.spent_usd, 9))
    ledger = _LEDGERS.get(key)
    if ledger is None:
        ledger = _LEDGERS[key] = _Ledger()
        while len(_LEDGERS) > _MAX_LEDGERS:
            _LEDGERS.popitem(last=False)
    return ledger


def check_budget(ctx: AgentContext, estimate_usd: float) -> None:
    """Refuse a call whose estimate would take the build (with its parallel siblings) over ``max_cost_usd``."""
    ctx.check_budget(estimate_usd)
    limit = ctx.config.max_cost_usd
    if limit is None:
        return
    ledger = _ledger(ctx)
    committed = ctx.spent_usd + ledger.spent + ledger.reserved
    if committed + estimate_usd > limit:
        raise BudgetExceededError(
            f"The next {ctx.agent} call (up to ${estimate_usd:.4f}) would take this build to "
            f"${committed + estimate_usd:.4f} counting the agents running alongside it, over its budget of "
            f"${limit:.4f}; raise max_cost_usd or use cheaper models.",
            details={"spent_usd": round(committed, 6), "max_cost_usd": limit, "agent": ctx.agent},
        )


@contextmanager
def budgeted(ctx: AgentContext, model: str, estimate_usd: float) -> Iterator[ModelCall]:
    """Check the budget, reserve ``estimate_usd`` while the call runs, then record the call's real cost."""
    check_budget(ctx, estimate_usd)
    ledger = _ledger(ctx)
    ledger.reserved += estimate_usd
    try:
        with ctx.timed_call(model) as call:
            yield call
    finally:
        ledger.reserved -= estimate_usd
        ledger.spent += call.cost_usd
