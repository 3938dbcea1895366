"""Starri's supervisor: after every step it reads the state and decides the next one; it never does specialist work.

``PHASE_STEPS`` maps the phase a build is in to the function that closes it and routes on: a new phase (a review
gate, a revision) is one more entry there plus its status.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from langgraph.graph import END
from langgraph.runtime import Runtime
from langgraph.types import Command, StreamWriter

from ..agents.video import plan_video
from ..build_state import BuildPlan, BuildState
from ..config import AgentName
from ..schemas import BuildError, BuildStatus
from .progress import AgentProgress, BuildFailed, PhaseDone, PhaseStarted
from .review import REVIEW_NODE
from .state import BuildContext, run_context

PhaseStep = Callable[[BuildState, BuildContext, StreamWriter], Command]

PHASE_AGENTS: dict[BuildStatus, list[AgentName]] = {
    BuildStatus.GENERATING_SPEC: [AgentName.SPEC],
    BuildStatus.OPTIMIZING: [AgentName.OPTIMIZER, AgentName.QA],
    BuildStatus.DEPLOYING: [AgentName.DEPLOYER],
}
"""Whose progress makes up a phase (``building``'s agents are in the plan)."""


def supervisor(state: BuildState, runtime: Runtime[BuildContext]) -> Command:
    report = runtime.stream_writer
    if state.error is not None:
        report(BuildFailed(error=state.error))
        return Command(goto=END, update={"status": BuildStatus.FAILED})
    step = PHASE_STEPS.get(state.status)
    return step(state, run_context(runtime, state), report) if step else Command(goto=END)


def make_plan(context: BuildContext, *, revising: bool = False) -> BuildPlan:
    config, settings = context.config, context.settings
    building = [AgentName.DESIGN, AgentName.CODER]
    if config.enable_video_demo and not revising:  # a revision keeps the demo video it has
        building.insert(1, AgentName.VIDEO)
    rounds = config.max_repair_rounds if config.max_repair_rounds is not None else settings.max_repair_rounds
    return BuildPlan(building=building, deploy=config.deploy, max_repair_rounds=rounds)


def _agents_for(plan: BuildPlan, phase: BuildStatus) -> list[AgentName]:
    if phase == BuildStatus.BUILDING:
        return plan.building
    if phase == BuildStatus.OPTIMIZING and plan.record_video:
        return [*PHASE_AGENTS[phase], AgentName.VIDEO]
    return PHASE_AGENTS.get(phase, [])


def _phase_done(
    state: BuildState,
    report: StreamWriter,
    results: dict[str, Any],
    next_phase: BuildStatus | None,
    *,
    plan: BuildPlan | None = None,
) -> dict[str, Any]:
    """Report the end of the current phase (and the start of the next); the state update that records it."""
    started = state.phase_started_at or state.started_at or time.time()
    duration = round(time.time() - started, 4)
    report(PhaseDone(phase=state.status, results=results, next_phase=next_phase, duration_s=duration))
    update: dict[str, Any] = {"phase_times": {state.status: duration}, "phase_started_at": time.time()}
    if next_phase is not None:
        plan = plan or state.plan
        agents = _agents_for(plan, next_phase) if plan else []
        report(PhaseStarted(phase=next_phase, agents=agents))
        update["status"] = next_phase
    return update


def _analyse(state: BuildState, context: BuildContext, report: StreamWriter) -> Command:
    plan = make_plan(context, revising=state.revision is not None)
    Path(state.output_dir).mkdir(parents=True, exist_ok=True)  # the build's folder, also when the caller made none
    report(PhaseStarted(phase=BuildStatus.ANALYZING))
    analysing = state.model_copy(update={"status": BuildStatus.ANALYZING, "phase_started_at": state.started_at})
    results = {"parallel_agents": plan.building, "deploy": plan.deploy, "max_repair_rounds": plan.max_repair_rounds}
    update = _phase_done(analysing, report, results, BuildStatus.GENERATING_SPEC, plan=plan)
    return Command(goto=AgentName.SPEC, update={**update, "plan": plan})


def _after_spec(state: BuildState, context: BuildContext, report: StreamWriter) -> Command:
    if context.config.review_spec and state.review is None:  # the review gate: a person looks at the plan first
        update = _phase_done(state, report, {"app_name": state.require_spec().name}, BuildStatus.AWAITING_REVIEW)
        return Command(goto=REVIEW_NODE, update=update)
    return _start_building(state, context, report)


def _after_review(state: BuildState, context: BuildContext, report: StreamWriter) -> Command:
    """The review node answered: an edited plan goes back under review; an approved one is built; rejected ends."""
    if state.review is None:
        return Command(goto=REVIEW_NODE)
    if not state.review.approved:
        return Command(goto=END, update={"status": BuildStatus.CANCELLED, "finished_at": time.time()})
    return _start_building(state, context, report)


def _start_building(state: BuildState, context: BuildContext, report: StreamWriter) -> Command:
    spec, plan = state.require_spec(), state.require_plan()
    if AgentName.VIDEO in plan.building:
        # Whether the demo is also recorded from the running app once QA passed (the walk-through made in
        # ``building`` stays the video when the recording cannot be made).
        video_model = context.config.model_for(AgentName.VIDEO, context.settings)
        plan = plan.model_copy(update={"record_video": plan_video(spec, video_model).record_app})
    results = {
        "entities": len(spec.entities),
        "features": len(spec.features),
        "ui_components": len(spec.ui_components),
        "app_name": spec.name,
    }
    update = _phase_done(state, report, results, BuildStatus.BUILDING, plan=plan)
    return Command(goto=list(plan.building), update={**update, "plan": plan})


def _after_building(state: BuildState, context: BuildContext, report: StreamWriter) -> Command:
    results = {
        "mockups_generated": len(state.mockups),
        "video_created": bool(state.demo_video),
        "code_files": len(state.code_manifest),
    }
    update = _phase_done(state, report, results, BuildStatus.OPTIMIZING)
    return Command(goto=AgentName.OPTIMIZER, update=update)


def _after_tests(state: BuildState, context: BuildContext, report: StreamWriter) -> Command:
    plan = state.require_plan()
    if state.optimized_version < state.code_version:  # a repair round wrote new code
        return Command(goto=AgentName.OPTIMIZER)
    tests = state.tests
    if tests is not None and tests.passed and state.tested_version == state.code_version:
        if plan.record_video and not state.video_recorded:
            return Command(goto=AgentName.VIDEO)  # the app passed its tests: record it
        results = {
            "tests_passed": tests.passed_count,
            "repair_rounds": state.repair_rounds,
            "optimizer_notes": len(state.optimizer_notes),
        }
        return Command(goto=AgentName.DEPLOYER, update=_phase_done(state, report, results, BuildStatus.DEPLOYING))
    failed = tests.failed_count if tests else 0
    rounds, limit = state.repair_rounds, plan.max_repair_rounds
    if rounds < limit:
        message = (
            f"{failed} generated test(s) failed; sending the failures back to the coder (repair {rounds + 1} of "
            f"{limit})"
        )
        report(AgentProgress(phase=BuildStatus.OPTIMIZING, agent=AgentName.QA, fraction=0.0, message=message))
        return Command(goto=AgentName.CODER, update={"repair_rounds": rounds + 1})
    error = BuildError(
        message=f"The generated app's tests still fail after {rounds} repair round(s).",
        details={"test_output": (tests.output if tests else "")[-4000:], "failed": failed},
        phase=BuildStatus.OPTIMIZING,
    )
    report(BuildFailed(error=error))
    return Command(goto=END, update={"status": BuildStatus.FAILED, "error": error})


def _after_deploy(state: BuildState, context: BuildContext, report: StreamWriter) -> Command:
    deployment = state.deployment
    results = {
        "target": deployment.target if deployment else None,
        "deployment_url": deployment.url if deployment else None,
    }
    update = _phase_done(state, report, results, None)
    return Command(goto=END, update={**update, "status": BuildStatus.COMPLETED, "finished_at": time.time()})


PHASE_STEPS: dict[BuildStatus, PhaseStep] = {
    BuildStatus.INITIALIZING: _analyse,
    BuildStatus.GENERATING_SPEC: _after_spec,
    BuildStatus.AWAITING_REVIEW: _after_review,
    BuildStatus.BUILDING: _after_building,
    BuildStatus.OPTIMIZING: _after_tests,
    BuildStatus.DEPLOYING: _after_deploy,
}
"""The phase a build is in -> the step that ends it and routes on."""
