"""Video agent: the demo video, recorded from the running app when a browser can, else a mockup walk-through.

In ``building`` it makes the mockup walk-through (it needs only the spec, so it runs in parallel with the coder).
``plan_video`` decides, once, whether the video can also be recorded from the app: that needs a Chromium, the
offline video maker (a configured video model makes its own video) and pages the app can serve. The app exists
only once it passed its tests, so the supervisor runs this agent again after QA; the recording then replaces the
walk-through, or, when it cannot be made, the walk-through stays and the result says why.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from typing import Any, Literal

from ..build_state import BuildState
from ..config import AgentName
from ..context import AgentContext, Capability
from ..providers.registry import resolve
from ..schemas import AppSpec
from ..tools.browser import find_chromium

VIDEO_FILE = "demo/demo.mp4"
RECORDER_ID = "chromium-recording"
_ROUTE_PARAM = re.compile(r"\{[^}]*\}")


@dataclass(frozen=True)
class VideoPlan:
    record_app: bool
    chromium: str | None
    reason: str  # why the video is not recorded from the app ('' when it is)


def plan_video(spec: AppSpec, video_model: str) -> VideoPlan:
    """Whether the demo can be recorded from the running app (with which Chromium), and if not, why."""
    if video_model.partition(":")[0] != "offline":
        return VideoPlan(False, None, f"the video model {video_model} makes the demo video")
    lookup = find_chromium()
    if lookup.path is None:
        return VideoPlan(False, None, f"no browser to record the running app in: {lookup.reason}")
    if spec.frontend_style == "react" and shutil.which("npm") is None:
        reason = "the React front end cannot be built without npm, so the app serves no pages to record"
        return VideoPlan(False, lookup.path, reason)
    return VideoPlan(True, lookup.path, "")


def row_routes(spec: AppSpec) -> list[str]:
    """Routes of the pages that show one row ('/recipes/{id}'), pointed at the first example row: a fresh
    database stores the seed rows first, so it has id 1."""
    return [
        _ROUTE_PARAM.sub("1", page.route)
        for page in spec.pages
        if "{" in page.route and page.entity is not None and (entity := spec.entity(page.entity)) and entity.seed
    ]


def _source(model: str) -> Literal["mockups"] | None:
    """A model's video is only a mockup walk-through when it is the offline slideshow."""
    return "mockups" if model.startswith("offline") else None


async def _walkthrough(ctx: AgentContext, spec: AppSpec, note: str) -> dict[str, Any]:
    maker = resolve(ctx.config.model_for(AgentName.VIDEO, ctx.settings), Capability.VIDEO, ctx.settings)
    ctx.progress(f"Rendering the demo video with {maker.model_id}...", 0.0)
    path = await maker.make_video(ctx, spec, ctx.workdir / VIDEO_FILE)
    ctx.progress("Demo video ready", 1.0)
    source = _source(maker.model_id)
    return {
        "demo_video": str(path),
        "demo_video_source": source,
        "demo_video_note": note if source == "mockups" else "",
        "models_by_agent": {AgentName.VIDEO: maker.model_id},
    }


async def _record(ctx: AgentContext, spec: AppSpec, chromium: str) -> dict[str, Any]:
    from ..providers.offline.codegen.browser_tests import browser_plan
    from ..tools.app_recorder import RecordingUnavailable, record_app

    ctx.progress("Recording the running app in Chromium...", 0.0)
    try:
        recording = await record_app(
            ctx.workdir,
            browser_plan(spec),
            ctx.workdir / VIDEO_FILE,
            chromium=chromium,
            row_pages=row_routes(spec),
            python=ctx.settings.app_python,
        )
    except RecordingUnavailable as exc:
        ctx.progress(f"Could not record the app ({exc}); the mockup walk-through stays the demo video", 1.0)
        return {"video_recorded": True, "demo_video_note": f"the running app could not be recorded: {exc}"}
    shown = f"{len(recording.pages)} page(s)" + (f" and {recording.flow}" if recording.flow else "")
    ctx.progress(f"Demo video recorded from the app: {shown}", 1.0)
    note = "; ".join(recording.problems)
    return {
        "demo_video": str(recording.path),
        "demo_video_source": "app",
        "demo_video_note": f"recorded with problems: {note}" if note else "",
        "video_recorded": True,
        "models_by_agent": {AgentName.VIDEO: RECORDER_ID},
    }


async def run(ctx: AgentContext, state: BuildState) -> dict[str, Any]:
    spec = state.require_spec()
    plan = plan_video(spec, ctx.config.model_for(AgentName.VIDEO, ctx.settings))
    tested = state.tests is not None and state.tests.passed
    if tested and state.plan is not None and state.plan.record_video and plan.chromium is not None:
        return await _record(ctx, spec, plan.chromium)
    return await _walkthrough(ctx, spec, plan.reason)
