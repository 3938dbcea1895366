"""The review gate's node: a build started with ``review_spec`` waits here, after ``generating_spec``, for a person.

The node announces the plan (``spec_ready``) and calls LangGraph's ``interrupt``: the run ends at once and the
checkpoint holds the pending question, so a build waiting for review holds no worker, no task and no connection,
and survives restarts (run again, it announces the plan again and waits). The answer is a ``SpecDecision`` turned
into this node's output by ``review_update``: the lifecycle writes it into the checkpoint as the node's output
(``aupdate_state(..., as_node=REVIEW_NODE)``, so the decision is stored before any worker picks the build up
again), and a graph resumed directly with ``Command(resume=<decision as JSON>)`` (LangGraph Studio, an embedding
app) gets the same through the node. An edit replaces the spec and the plan goes back under review; an approval
or a rejection is ``state.review``, which the supervisor routes on.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from langgraph.runtime import Runtime
from langgraph.types import interrupt

from ..agents.spec import SPEC_FILE
from ..build_state import BuildState
from ..spec_review import SpecDecision, SpecReview, edited_spec
from .progress import PlanReady
from .state import BuildContext

REVIEW_NODE = "review"


def review(state: BuildState, runtime: Runtime[BuildContext]) -> dict[str, Any]:
    spec = state.require_spec()
    runtime.stream_writer(PlanReady(spec=spec))  # also when a restart runs it again: the plan still waits
    answer = interrupt({"spec": spec.model_dump(mode="json")})
    return review_update(state, SpecDecision.model_validate(answer))


def review_update(state: BuildState, decision: SpecDecision) -> dict[str, Any]:
    """The state update a decision makes (an edited spec is validated and written to the folder's spec.json)."""
    update: dict[str, Any] = {}
    if decision.spec is not None:
        spec = edited_spec(decision.spec)
        Path(state.output_dir, SPEC_FILE).write_text(json.dumps(spec.model_dump(mode="json"), indent=2), "utf-8")
        update["spec"] = spec
    if decision.action != "edit":
        update["review"] = SpecReview(approved=decision.action == "approve")
    return update
