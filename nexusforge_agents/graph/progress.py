"""What Starri's nodes report while they run: typed items on LangGraph's custom stream (``Runtime.stream_writer``),
turned into the contract's events by ``translate.EventTranslator``. They never reach a checkpoint."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from ..schemas import AppSpec, BuildError, ModelCall


class PhaseStarted(BaseModel):
    phase: str
    agents: list[str] = Field(default_factory=list, description="The agents whose progress makes up the phase")


class AgentProgress(BaseModel):
    phase: str
    agent: str
    fraction: float = Field(ge=0.0, le=1.0)
    message: str
    model: str = "starri"


class AgentUsage(BaseModel):
    phase: str
    agent: str
    calls: list[ModelCall]


class PhaseDone(BaseModel):
    phase: str
    results: dict[str, Any] = Field(default_factory=dict)
    next_phase: str | None = None
    duration_s: float


class BuildFailed(BaseModel):
    error: BuildError


class PlanReady(BaseModel):
    """The plan waits for a person's review (config ``review_spec``)."""

    spec: AppSpec


ProgressItem = PhaseStarted | AgentProgress | AgentUsage | PhaseDone | BuildFailed | PlanReady
