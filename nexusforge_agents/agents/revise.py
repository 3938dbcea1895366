"""Revise agent: in a revision it stands where the spec agent stands in a build. The follow-up request becomes a
spec delta (stored in the app folder and shown), the delta is applied to the app's current spec, and the pages
whose mockups change are named for the design agent. A request with nothing to build fails the revision with
the reasons, before any file of the app is touched."""

from __future__ import annotations

import json
from typing import Any

from ..build_state import BuildState
from ..config import AgentName
from ..context import AgentContext, Capability
from ..errors import InvalidInputError
from ..providers.base import SpecReviser
from ..providers.offline import OfflineSpecWriter
from ..providers.registry import resolve
from ..spec_conventions import SPEC_FILE
from ..spec_delta import Revision
from ..spec_impact import page_impact
from ..spec_revision import apply_delta

DELTA_FILE = "spec_delta.json"


def _revision(state: BuildState) -> Revision:
    if state.revision is None:
        raise InvalidInputError(f"Build {state.session_id} is not a revision: there is no change request to read.")
    return state.revision


async def run(ctx: AgentContext, state: BuildState) -> dict[str, Any]:
    revision = _revision(state)
    writer = resolve(ctx.config.model_for(AgentName.SPEC, ctx.settings), Capability.SPEC, ctx.settings)
    reader: SpecReviser = writer if isinstance(writer, SpecReviser) else OfflineSpecWriter()
    if reader is not writer:
        ctx.progress(f"{writer.model_id} has no revision reader: the offline reader reads the request", 0.05)
    ctx.progress(f"Starri reading the change request with {reader.model_id}...", 0.1)
    delta = await reader.revise_spec(ctx, revision.base_spec, revision.request)
    if delta.is_empty:
        reasons = "; ".join(f"{n.request!r}: {n.reason}" for n in delta.not_built) or "the request names no change"
        raise InvalidInputError(
            f"Nothing in the request can be built, so the app stays as it was: {reasons}.",
            details={"not_built": [n.model_dump() for n in delta.not_built]},
        )
    (ctx.workdir / DELTA_FILE).write_text(delta.model_dump_json(indent=2), encoding="utf-8")
    spec = apply_delta(revision.base_spec, delta)
    (ctx.workdir / SPEC_FILE).write_text(json.dumps(spec.model_dump(mode="json"), indent=2), encoding="utf-8")
    impact = page_impact(revision.base_spec, spec)
    summary = "; ".join(delta.summary())
    ctx.progress(f"Spec delta ready: {summary}", 1.0)
    revised = revision.model_copy(
        update={"delta": delta, "pages_to_paint": impact.to_paint, "pages_removed": impact.removed}
    )
    return {"spec": spec, "revision": revised, "models_by_agent": {AgentName.SPEC: reader.model_id}}
