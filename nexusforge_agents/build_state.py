"""The state of one build while Starri runs it: what the agents read and write, and what every checkpoint holds.

``BuildState`` is a pydantic model: LangGraph validates each node's input into it, so nodes read typed values
(``state.spec`` is an ``AppSpec``) and a checkpoint written before a field became a model still loads. Keys written
by the parallel ``building`` branches (design, video, coder) either belong to one branch or have a reducer, so the
branches join without conflicts. Large artefacts live on disk in the build's output folder; the state keeps their
paths, which keeps checkpoints small. It sits below ``agents/`` and ``graph/``, which both use it.
"""

from __future__ import annotations

import operator
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from .config import AgentName, BuildConfig, DeployTarget
from .errors import BuildFailedError
from .schemas import AppSpec, BuildError, BuildStatus, Deployment, DeployOptions, ModelCall, TestReport
from .spec_delta import Revision
from .spec_review import SpecReview


def merge_dicts(left: dict[str, Any] | None, right: dict[str, Any] | None) -> dict[str, Any]:
    return {**(left or {}), **(right or {})}


def keep_first(left: BuildError | None, right: BuildError | None) -> BuildError | None:
    """The first error a build meets is the one it reports, even when parallel branches fail together."""
    return left if left else right


class BuildPlan(BaseModel):
    """What Starri decided when it analysed the request: which agents run and how far the build goes."""

    building: list[AgentName] = Field(description="The agents of the parallel building phase")
    deploy: DeployTarget = "none"
    max_repair_rounds: int = 0
    record_video: bool = Field(False, description="Record the demo from the running app once its tests pass")


class BuildState(BaseModel):
    """One build as the graph sees it; every checkpoint holds one."""

    # inputs, fixed for the build
    session_id: str
    prompt: str
    config: BuildConfig = Field(default_factory=BuildConfig)
    output_dir: str
    started_at: float = 0.0
    finished_at: float | None = None
    deploy_options: DeployOptions = Field(default_factory=DeployOptions)
    # routing
    status: BuildStatus = BuildStatus.INITIALIZING
    phase_started_at: float | None = None
    plan: BuildPlan | None = None
    # specialist outputs
    spec: AppSpec | None = None
    review: SpecReview | None = Field(None, description="How the review gate ended (config.review_spec)")
    revision: Revision | None = Field(None, description="The revision being made (or last made) of the built app")
    mockups: Annotated[dict[str, str], merge_dicts] = Field(default_factory=dict)
    demo_video: str | None = None
    demo_video_source: Literal["app", "mockups"] | None = None
    demo_video_note: str = ""
    video_recorded: bool = False
    code_manifest: list[str] = Field(default_factory=list)
    code_version: int = 0
    optimized_version: int = 0
    optimizer_notes: list[str] = Field(default_factory=list)
    tests: TestReport | None = None
    tested_version: int | None = None
    repair_rounds: int = 0
    deployment: Deployment | None = None
    error: Annotated[BuildError | None, keep_first] = None
    # bookkeeping joined across branches
    models_by_agent: Annotated[dict[str, str], merge_dicts] = Field(default_factory=dict)
    calls: Annotated[list[ModelCall], operator.add] = Field(default_factory=list)
    agent_times: Annotated[dict[str, float], merge_dicts] = Field(default_factory=dict)
    phase_times: Annotated[dict[str, float], merge_dicts] = Field(default_factory=dict)

    def require_spec(self) -> AppSpec:
        """The spec, for the agents and steps that run after the spec agent wrote it."""
        if self.spec is None:
            raise BuildFailedError(f"Build {self.session_id} has no specification yet (status {self.status}).")
        return self.spec

    def require_plan(self) -> BuildPlan:
        """The plan, for the steps after Starri analysed the request."""
        if self.plan is None:
            raise BuildFailedError(f"Build {self.session_id} has no plan yet (status {self.status}).")
        return self.plan

    @property
    def spent_usd(self) -> float:
        return sum(call.cost_usd for call in self.calls)
