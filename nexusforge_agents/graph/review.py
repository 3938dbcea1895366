"""The review gate's node: a build started with ``review_spec`` waits here, after ``generating_spec``, for a person.

The node calls LangGraph's ``interrupt``: the run ends at once and the checkpoint holds the pending question, so a
build waiting for review holds no worker, no task and no connection, and survives restarts. It runs again when
the build is resumed with ``Command(resume=<SpecDecision as JSON>)``: an edit replaces the spec and goes back
under review (the supervisor announces the edited plan), an approval or a rejection is recorded in
``state.review`` for the supervisor to route on.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from langgraph.types import interrupt

from ..build_state import BuildState
from ..spec_review import SpecDecision, SpecReview, edited_spec

REVIEW_NODE = "review"
SPEC_FILE = "spec.json"  # the plan as the spec agent writes it into the app folder


def review(state: BuildState) -> dict[str, Any]:
    spec = state.require_spec()
    decision = SpecDecision.model_validate(interrupt({"spec": spec.model_dump(mode="json")}))
    update: dict[str, Any] = {}
    if decision.spec is not None:
        spec = edited_spec(decision.spec)
        Path(state.output_dir, SPEC_FILE).write_text(json.dumps(spec.model_dump(mode="json"), indent=2), "utf-8")
        update["spec"] = spec
    if decision.action != "edit":
        update["review"] = SpecReview(approved=decision.action == "approve")
    return update
