"""Turns what the graph's nodes report (``progress.py``) into the contract's events, with monotonic overall progress."""

from __future__ import annotations

from ..events import BuildEvent, PhaseCompleted, ProgressUpdate, SpecReady, error_event
from ..schemas import BuildStatus
from .progress import AgentProgress, AgentUsage, BuildFailed, PhaseDone, PhaseStarted, PlanReady, ProgressItem

PHASE_RANGES: dict[str, tuple[int, int]] = {
    BuildStatus.INITIALIZING: (0, 0),
    BuildStatus.ANALYZING: (0, 5),
    BuildStatus.GENERATING_SPEC: (5, 25),
    BuildStatus.AWAITING_REVIEW: (25, 25),
    BuildStatus.BUILDING: (25, 70),
    BuildStatus.OPTIMIZING: (70, 90),
    BuildStatus.DEPLOYING: (90, 99),
}
PHASE_MESSAGES = {
    BuildStatus.ANALYZING: "Starri analyzing the prompt...",
    BuildStatus.GENERATING_SPEC: "Starri analyzing app requirements...",
    BuildStatus.AWAITING_REVIEW: "Waiting for the plan to be reviewed...",
    BuildStatus.BUILDING: "AI models working in parallel: mockups, demo video and code...",
    BuildStatus.OPTIMIZING: "Optimizing the code and running its tests...",
    BuildStatus.DEPLOYING: "Deploying the app...",
}
PHASE_DONE_MESSAGES = {
    BuildStatus.ANALYZING: "Starri planned the build",
    BuildStatus.GENERATING_SPEC: "Specification generated",
    BuildStatus.AWAITING_REVIEW: "Plan approved",
    BuildStatus.BUILDING: "AI models have completed parallel processing",
    BuildStatus.OPTIMIZING: "Code optimized and its tests pass",
    BuildStatus.DEPLOYING: "Deployment finished",
}


class EventTranslator:
    def __init__(self, session_id: str, *, phase: str = BuildStatus.INITIALIZING) -> None:
        self.session_id = session_id
        self.phase = phase
        self.progress = PHASE_RANGES.get(phase, (0, 0))[0]
        self.agents: dict[str, list[str]] = {}
        self.fractions: dict[tuple[str, str], float] = {}
        self.cost_usd = 0.0

    def _advance(self, phase: str, agent: str | None, fraction: float) -> int:
        low, high = PHASE_RANGES.get(phase, (self.progress, self.progress))
        if agent is not None:
            self.fractions[(phase, agent)] = fraction
        agents = self.agents.get(phase) or ([agent] if agent else [])
        done = sum(self.fractions.get((phase, a), 0.0) for a in agents) / max(len(agents), 1)
        self.progress = max(self.progress, int(low + (high - low) * done))
        return self.progress

    def resumed(self) -> ProgressUpdate:
        """What a resumed build says first: the phase it continues (its finished steps are not redone)."""
        message = PHASE_MESSAGES.get(self.phase, str(self.phase))
        return ProgressUpdate(
            session_id=self.session_id, phase=self.phase, progress=self.progress, message=f"Resumed: {message}"
        )

    def translate(self, item: ProgressItem) -> list[BuildEvent]:
        """The contract's events for one item a node reported (``progress.py``)."""
        sid = self.session_id
        match item:
            case PhaseStarted(phase=phase, agents=agents):
                self.phase = phase
                self.agents[phase] = list(agents)
                self.progress = max(self.progress, PHASE_RANGES.get(phase, (self.progress, 0))[0])
                message = PHASE_MESSAGES.get(phase, phase)
                return [ProgressUpdate(session_id=sid, phase=phase, progress=self.progress, message=message)]
            case AgentProgress():
                self.phase = item.phase
                progress = self._advance(item.phase, item.agent, item.fraction)
                return [
                    ProgressUpdate(
                        session_id=sid,
                        phase=item.phase,
                        progress=progress,
                        message=item.message,
                        model=item.model,
                        agent=item.agent,
                    )
                ]
            case AgentUsage():
                return [self._usage(item)]
            case PhaseDone(phase=phase):
                self.phase = phase
                self.progress = max(self.progress, PHASE_RANGES.get(phase, (0, self.progress))[1])
                return [
                    PhaseCompleted(
                        session_id=sid,
                        phase=phase,
                        progress=self.progress,
                        message=PHASE_DONE_MESSAGES.get(phase, f"{phase} completed"),
                        results=item.results,
                        next_phase=item.next_phase,
                        duration_s=item.duration_s,
                    )
                ]
            case PlanReady(spec=spec):
                self.phase = BuildStatus.AWAITING_REVIEW
                return [SpecReady(session_id=sid, progress=self.progress, spec=spec.model_dump(mode="json"))]
            case BuildFailed(error=error):
                return [error_event(sid, error, progress=self.progress)]
        return []

    def _usage(self, item: AgentUsage) -> ProgressUpdate:
        self.phase = item.phase
        cost = sum(c.cost_usd for c in item.calls)
        self.cost_usd += cost
        usage = {
            "agent": item.agent,
            "calls": len(item.calls),
            "tokens_in": sum(c.tokens_in for c in item.calls),
            "tokens_out": sum(c.tokens_out for c in item.calls),
            "cost_usd": round(cost, 6),
            "total_cost_usd": round(self.cost_usd, 6),
            "models": sorted({c.model for c in item.calls}),
        }
        return ProgressUpdate(
            session_id=self.session_id,
            phase=item.phase,
            progress=self.progress,
            agent=item.agent,
            model=usage["models"][0],
            usage=usage,
            message=f"{item.agent}: {len(item.calls)} model call(s), ${cost:.4f}",
        )
