"""Starri: the supervisor graph.

The supervisor decides the next phase from state and never does specialist work. Specialists are thin agent
nodes (``agents/``). In ``building``, design, video and coder run in the same superstep (parallel fan-out) and the
supervisor runs once after all of them (the join). ``optimizing`` loops optimizer -> qa -> supervisor, sending
failures back to the coder for at most ``max_repair_rounds``. When the demo video can be recorded from the running
app (``agents/video.plan_video``), video runs once more after QA passed and replaces its walk-through.

Nodes talk to the outside only through the custom stream (``get_stream_writer``): plain dicts with a ``kind``
that ``graph/events.py`` turns into the contract's events.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from langgraph.config import get_stream_writer
from langgraph.graph import END, START, StateGraph
from langgraph.types import Command

from ..agents import coder, deployer, design, optimizer, qa, spec, video
from ..config import BuildConfig, Settings
from ..context import AgentContext
from ..errors import NexusForgeError
from ..schemas import AppSpec, BuildStatus
from .state import BuildState

log = logging.getLogger(__name__)

AgentRun = Callable[[AgentContext, dict[str, Any]], Awaitable[dict[str, Any]]]
AGENT_RUNS: dict[str, AgentRun] = {
    "spec": spec.run,
    "design": design.run,
    "video": video.run,
    "coder": coder.run,
    "optimizer": optimizer.run,
    "qa": qa.run,
    "deployer": deployer.run,
}
MODEL_AGENTS = ("spec", "design", "video", "coder", "optimizer")


def error_payload(exc: BaseException, phase: str, agent: str) -> dict[str, Any]:
    if isinstance(exc, NexusForgeError):
        return {
            "error_code": exc.error_code,
            "message": exc.message,
            "retry_possible": exc.retry_possible,
            "details": {**exc.details, "agent": agent},
            "phase": phase,
        }
    return {
        "error_code": "BUILD_FAILED",
        "message": f"The {agent} agent failed: {type(exc).__name__}: {exc}",
        "retry_possible": True,
        "details": {"agent": agent},
        "phase": phase,
    }


def agent_node(name: str, run: AgentRun, settings: Settings) -> Callable[[BuildState], Awaitable[dict[str, Any]]]:
    """Wrap an agent: build its context, time it, turn its failures into state, report its model calls."""

    async def node(state: BuildState) -> dict[str, Any]:
        writer = get_stream_writer()
        phase = state.get("status", BuildStatus.BUILDING)
        config = BuildConfig.model_validate(state["config"])
        model = config.model_for(name, settings) if name in MODEL_AGENTS else "starri"
        ctx = AgentContext(
            agent=name,
            settings=settings,
            config=config,
            workdir=Path(state["output_dir"]),
            model=model,
            spent_usd=sum(call["cost_usd"] for call in state.get("calls", [])),
            on_progress=lambda message, fraction: writer(
                {
                    "kind": "progress",
                    "phase": phase,
                    "agent": name,
                    "fraction": fraction,
                    "message": message,
                    "model": model,
                }
            ),
        )
        start = time.perf_counter()
        try:
            update = await run(ctx, dict(state))
        except Exception as exc:  # every agent failure becomes the build's error, reported by the supervisor
            if not isinstance(exc, NexusForgeError):
                log.exception("agent %s crashed", name)
            update = {"error": error_payload(exc, phase, name)}
        calls = [call.model_dump() for call in ctx.calls]
        if calls:
            writer({"kind": "usage", "phase": phase, "agent": name, "calls": calls})
        return {**update, "calls": calls, "agent_times": {name: round(time.perf_counter() - start, 4)}}

    node.__name__ = f"{name}_node"
    return node


def _phase_done(state: BuildState, phase: str, results: dict[str, Any], next_phase: str | None) -> dict[str, Any]:
    started = state.get("phase_started_at") or state.get("started_at") or time.time()
    duration = round(time.time() - started, 4)
    get_stream_writer()(
        {
            "kind": "phase_completed",
            "phase": phase,
            "results": results,
            "next_phase": next_phase,
            "duration_s": duration,
        }
    )
    if next_phase:
        get_stream_writer()({"kind": "status", "phase": next_phase, "agents": _agents_for(state, next_phase)})
    return {"phase_times": {phase: duration}, "phase_started_at": time.time()}


def _agents_for(state: BuildState, phase: str) -> list[str]:
    plan = state.get("plan") or {}
    return {
        BuildStatus.GENERATING_SPEC: ["spec"],
        BuildStatus.BUILDING: plan.get("building", ["design", "video", "coder"]),
        BuildStatus.OPTIMIZING: ["optimizer", "qa", "video"] if plan.get("record_video") else ["optimizer", "qa"],
        BuildStatus.DEPLOYING: ["deployer"],
    }.get(phase, [])


def _plan(config: BuildConfig, settings: Settings) -> dict[str, Any]:
    building = ["design", "video", "coder"] if config.enable_video_demo else ["design", "coder"]
    rounds = config.max_repair_rounds if config.max_repair_rounds is not None else settings.max_repair_rounds
    return {"building": building, "deploy": config.deploy, "max_repair_rounds": rounds}


def _plan_video(state: BuildState, settings: Settings) -> dict[str, Any]:
    """Whether the demo video is also recorded from the running app once QA passed (the walk-through made in
    ``building`` stays the video when the recording cannot be made)."""
    plan = state["plan"]
    if "video" not in plan["building"]:
        return plan
    model = BuildConfig.model_validate(state["config"]).model_for("video", settings)
    record = video.plan_video(AppSpec.model_validate(state["spec"]), model).record_app
    return {**plan, "record_video": record}


def make_supervisor(settings: Settings) -> Callable[[BuildState], Command]:
    def supervisor(state: BuildState) -> Command:
        status = state.get("status", BuildStatus.INITIALIZING)
        if state.get("error"):
            get_stream_writer()({"kind": "error", **state["error"]})
            return Command(goto=END, update={"status": BuildStatus.FAILED.value})
        if status == BuildStatus.INITIALIZING:
            plan = _plan(BuildConfig.model_validate(state["config"]), settings)
            get_stream_writer()({"kind": "status", "phase": BuildStatus.ANALYZING, "agents": []})
            with_plan = {**state, "plan": plan, "phase_started_at": state.get("started_at")}
            results = {
                "parallel_agents": plan["building"],
                "deploy": plan["deploy"],
                "max_repair_rounds": plan["max_repair_rounds"],
            }
            update = _phase_done(with_plan, BuildStatus.ANALYZING, results, BuildStatus.GENERATING_SPEC)
            return Command(goto="spec", update={**update, "plan": plan, "status": BuildStatus.GENERATING_SPEC.value})
        if status == BuildStatus.GENERATING_SPEC:
            built = state["spec"]
            results = {
                "entities": len(built["entities"]),
                "features": len(built["features"]),
                "ui_components": len(built["ui_components"]),
                "app_name": built["name"],
            }
            plan = _plan_video(state, settings)
            update = _phase_done({**state, "plan": plan}, status, results, BuildStatus.BUILDING)
            return Command(goto=plan["building"], update={**update, "plan": plan, "status": BuildStatus.BUILDING.value})
        if status == BuildStatus.BUILDING:
            results = {
                "mockups_generated": len(state.get("mockups") or {}),
                "video_created": bool(state.get("demo_video")),
                "code_files": len(state.get("code_manifest") or []),
            }
            update = _phase_done(state, status, results, BuildStatus.OPTIMIZING)
            return Command(goto="optimizer", update={**update, "status": BuildStatus.OPTIMIZING.value})
        if status == BuildStatus.OPTIMIZING:
            return _after_tests(state)
        if status == BuildStatus.DEPLOYING:
            deployment = state.get("deployment") or {}
            results = {"target": deployment.get("target"), "deployment_url": deployment.get("url")}
            update = _phase_done(state, status, results, None)
            return Command(
                goto=END, update={**update, "status": BuildStatus.COMPLETED.value, "finished_at": time.time()}
            )
        return Command(goto=END)

    return supervisor


def _after_tests(state: BuildState) -> Command:
    version = state.get("code_version", 0)
    if state.get("optimized_version", 0) < version:  # a repair round wrote new code
        return Command(goto="optimizer")
    tests = state.get("tests") or {}
    if tests.get("passed") and state.get("tested_version") == version:
        if state["plan"].get("record_video") and not state.get("video_recorded"):
            return Command(goto="video")  # the app passed its tests: record it
        results = {
            "tests_passed": tests.get("passed_count", 0),
            "repair_rounds": state.get("repair_rounds", 0),
            "optimizer_notes": len(state.get("optimizer_notes") or []),
        }
        update = _phase_done(state, BuildStatus.OPTIMIZING, results, BuildStatus.DEPLOYING)
        return Command(goto="deployer", update={**update, "status": BuildStatus.DEPLOYING.value})
    rounds = state.get("repair_rounds", 0)
    limit = state["plan"]["max_repair_rounds"]
    if rounds < limit:
        get_stream_writer()(
            {
                "kind": "progress",
                "phase": BuildStatus.OPTIMIZING,
                "agent": "qa",
                "fraction": 0.0,
                "model": "starri",
                "message": f"{tests.get('failed_count', 0)} generated test(s) failed; "
                f"sending the failures back to the coder (repair {rounds + 1} of {limit})",
            }
        )
        return Command(goto="coder", update={"repair_rounds": rounds + 1})
    error = {
        "error_code": "BUILD_FAILED",
        "message": f"The generated app's tests still fail after {rounds} repair round(s).",
        "retry_possible": True,
        "details": {"test_output": tests.get("output", "")[-4000:], "failed": tests.get("failed_count", 0)},
        "phase": BuildStatus.OPTIMIZING,
    }
    get_stream_writer()({"kind": "error", **error})
    return Command(goto=END, update={"status": BuildStatus.FAILED.value, "error": error})


def create_starri(settings: Settings | None = None, *, checkpointer: Any = None) -> Any:
    """Build and compile the Starri graph (no work happens until it is run)."""
    settings = settings or Settings()
    builder = StateGraph(BuildState)
    builder.add_node(
        "supervisor",
        make_supervisor(settings),
        destinations=("spec", "design", "video", "coder", "optimizer", "deployer", END),
    )
    for name, run in AGENT_RUNS.items():
        builder.add_node(name, agent_node(name, run, settings))
    builder.add_edge(START, "supervisor")
    for name in ("spec", "design", "video", "coder", "qa", "deployer"):
        builder.add_edge(name, "supervisor")
    builder.add_edge("optimizer", "qa")
    return builder.compile(checkpointer=checkpointer, name="Starri")
