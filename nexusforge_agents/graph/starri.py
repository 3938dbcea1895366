"""Starri: the supervisor graph.

The supervisor (``supervisor.py``) decides the next phase from state and never does specialist work. Specialists are
thin agent nodes (``agents/``). In ``building``, design, video and coder run in the same superstep (parallel
fan-out) and the supervisor runs once after all of them (the join). ``optimizing`` loops optimizer -> qa ->
supervisor, sending failures back to the coder for at most ``max_repair_rounds``. When the demo video can be
recorded from the running app (``agents/video.plan_video``), video runs once more after QA passed and replaces its
walk-through.

Nodes read the typed ``BuildState``, get ``Settings`` and ``BuildConfig`` from ``Runtime.context``
(``BuildContext``), and talk to the outside only through the custom stream: the typed items of ``progress.py``,
which ``translate.py`` turns into the contract's events.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.runtime import Runtime

from ..agents import coder, deployer, design, optimizer, qa, spec, video
from ..build_state import BuildState
from ..config import AgentName
from ..context import AgentContext
from ..errors import NexusForgeError
from ..schemas import BuildError
from .progress import AgentProgress, AgentUsage
from .review import REVIEW_NODE, review
from .state import BuildContext, checkpoint_types, run_context
from .supervisor import supervisor

log = logging.getLogger(__name__)

AgentRun = Callable[[AgentContext, BuildState], Awaitable[dict[str, Any]]]
"""An agent: its context and the build's state in, a state update out."""

AGENT_RUNS: dict[AgentName, AgentRun] = {
    AgentName.SPEC: spec.run,
    AgentName.DESIGN: design.run,
    AgentName.VIDEO: video.run,
    AgentName.CODER: coder.run,
    AgentName.OPTIMIZER: optimizer.run,
    AgentName.QA: qa.run,
    AgentName.DEPLOYER: deployer.run,
}
RETURNS_TO_SUPERVISOR = tuple(name for name in AgentName if name != AgentName.OPTIMIZER)
"""The optimizer hands over to QA; every other agent back to the supervisor."""


def build_error(exc: BaseException, phase: str, agent: AgentName) -> BuildError:
    """An agent's failure as the build's error."""
    if isinstance(exc, NexusForgeError):
        return BuildError.of(exc, phase, agent=agent.value)
    return BuildError(
        message=f"The {agent} agent failed: {type(exc).__name__}: {exc}",
        details={"agent": agent.value},
        phase=phase,
    )


def agent_node(name: AgentName, run: AgentRun) -> Callable[[BuildState, Runtime[BuildContext]], Awaitable[dict]]:
    """Wrap an agent: build its context, time it, turn its failures into state, report its model calls."""

    async def node(state: BuildState, runtime: Runtime[BuildContext]) -> dict[str, Any]:
        report = runtime.stream_writer
        context = run_context(runtime, state)
        settings, config = context.settings, context.config
        phase = state.status.value
        model = config.model_for(name, settings) if name.has_model else "starri"

        def on_progress(message: str, fraction: float) -> None:
            report(AgentProgress(phase=phase, agent=name, fraction=fraction, message=message, model=model))

        ctx = AgentContext(
            agent=name.value,
            settings=settings,
            config=config,
            workdir=Path(state.output_dir),
            model=model,
            spent_usd=state.spent_usd,
            on_progress=on_progress,
        )
        start = time.perf_counter()
        try:
            update = await run(ctx, state)
        except Exception as exc:  # every agent failure becomes the build's error, reported by the supervisor
            if not isinstance(exc, NexusForgeError):
                log.exception("agent %s crashed", name)
            update = {"error": build_error(exc, phase, name)}
        if ctx.calls:
            report(AgentUsage(phase=phase, agent=name, calls=ctx.calls))
        return {**update, "calls": ctx.calls, "agent_times": {name.value: round(time.perf_counter() - start, 4)}}

    node.__name__ = f"{name}_node"
    return node


def create_starri(*, checkpointer: BaseCheckpointSaver | None = None) -> CompiledStateGraph:
    """Build and compile the Starri graph (no work happens until it is run). Run it with
    ``context=BuildContext(settings=..., config=...)``. A checkpointer should use ``checkpoint_serde()``; one with
    another strict serializer gets the state's types added to its allow-list."""
    builder = StateGraph(BuildState, context_schema=BuildContext)
    routes_to = tuple(name.value for name in AGENT_RUNS if name != AgentName.QA)
    builder.add_node("supervisor", supervisor, destinations=(*routes_to, REVIEW_NODE, END))
    builder.add_node(REVIEW_NODE, review)  # the review gate (config.review_spec): waits for a person
    builder.add_edge(REVIEW_NODE, "supervisor")
    for name, run in AGENT_RUNS.items():
        builder.add_node(name.value, agent_node(name, run))
    builder.add_edge(START, "supervisor")
    for name in RETURNS_TO_SUPERVISOR:
        builder.add_edge(name.value, "supervisor")
    builder.add_edge(AgentName.OPTIMIZER.value, AgentName.QA.value)
    if checkpointer is not None:
        checkpointer = checkpointer.with_allowlist(checkpoint_types())
    return builder.compile(checkpointer=checkpointer, name="Starri")
