"""The context every agent call runs in, and the capabilities an agent can ask a provider for.

This module sits below ``providers/`` and ``tools/``: both use ``AgentContext`` (tools record their own calls and
progress on it), so it cannot live in either without an import running back up a layer.
``AgentContext`` records every model call (tokens, latency, cost), enforces the build's budget and forwards
progress messages to the event stream.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .config import AgentName, BuildConfig, Settings
from .errors import BudgetExceededError
from .schemas import ModelCall

Capability = AgentName
"""What a provider is asked for is the model agent it serves (``config.MODEL_AGENTS``): agent names, defined once."""


@dataclass
class AgentContext:
    """Per agent-call context: settings, the build's config, usage records, progress and budget."""

    agent: str
    settings: Settings
    config: BuildConfig
    workdir: Path
    model: str = "starri"
    spent_usd: float = 0.0
    calls: list[ModelCall] = field(default_factory=list)
    on_progress: Callable[[str, float], None] = lambda message, fraction: None

    def progress(self, message: str, fraction: float) -> None:
        """Report progress within this agent's share of its phase (0.0 .. 1.0)."""
        self.on_progress(message, max(0.0, min(1.0, fraction)))

    def check_budget(self, estimated_cost_usd: float) -> None:
        """Refuse a call whose estimated cost would take the build over ``max_cost_usd``."""
        limit = self.config.max_cost_usd
        if limit is None:
            return
        total = self.spent_usd + sum(c.cost_usd for c in self.calls)
        if total + estimated_cost_usd > limit:
            raise BudgetExceededError(
                f"The next {self.agent} call (about ${estimated_cost_usd:.4f}) would take this build to "
                f"${total + estimated_cost_usd:.4f}, over its budget of ${limit:.4f}; raise max_cost_usd "
                "or use cheaper models.",
                details={"spent_usd": round(total, 6), "max_cost_usd": limit},
            )

    def record(self, call: ModelCall) -> None:
        self.calls.append(call)

    @contextmanager
    def timed_call(self, model: str) -> Iterator[ModelCall]:
        """Record a call's latency; the body fills in tokens and cost on the yielded record."""
        call = ModelCall(agent=self.agent, model=model)
        start = time.perf_counter()
        try:
            yield call
        finally:
            call.latency_s = round(time.perf_counter() - start, 4)
            self.record(call)
