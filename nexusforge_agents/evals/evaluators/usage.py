"""What a build cost: wall time per phase, model calls, tokens and dollars, with optional budgets."""

from __future__ import annotations

from .base import EvalContext, Score


class UsageEvaluator:
    """Value: the build's wall seconds; details: phase times, agent times, calls, tokens, cost.

    With budgets (``max_seconds``, ``max_cost_usd``) it also passes or fails, e.g. to hold CI to a time limit.
    """

    name = "usage"
    needs_server = False

    def __init__(self, *, max_seconds: float | None = None, max_cost_usd: float | None = None) -> None:
        self.max_seconds = max_seconds
        self.max_cost_usd = max_cost_usd

    async def evaluate(self, ctx: EvalContext) -> Score:
        result = ctx.result
        if result is None:
            return Score(name=self.name, value=None, reason=f"no build result: {ctx.build_error or 'missing'}")
        usage = result.usage
        details = {
            "build_seconds": result.build_time_seconds,
            "phase_times": dict(result.phase_times),
            "agent_times": dict(result.agent_times),
            "calls": usage.calls,
            "tokens_in": usage.tokens_in,
            "tokens_out": usage.tokens_out,
            "tokens": usage.tokens_in + usage.tokens_out,
            "cost_usd": usage.cost_usd,
            "models_by_agent": dict(result.models_by_agent),
            "repair_rounds": result.repair_rounds,
        }
        over = []
        if self.max_seconds is not None and result.build_time_seconds > self.max_seconds:
            over.append(f"took {result.build_time_seconds:.1f} s > {self.max_seconds:.1f} s")
        if self.max_cost_usd is not None and usage.cost_usd > self.max_cost_usd:
            over.append(f"cost ${usage.cost_usd:.4f} > ${self.max_cost_usd:.4f}")
        budgeted = self.max_seconds is not None or self.max_cost_usd is not None
        reason = (
            f"{result.build_time_seconds:.1f} s, {usage.calls} model calls, "
            f"{details['tokens']} tokens, ${usage.cost_usd:.4f}"
        )
        if over:
            reason += "; over budget: " + ", ".join(over)
        return Score(
            name=self.name,
            value=result.build_time_seconds,
            passed=(not over) if budgeted else None,
            reason=reason,
            details=details,
        )
