"""The Starri graph's state and its reducers.

Keys written by the parallel ``building`` branches (design, video, coder) either belong to one branch or have a
reducer, so the branches join without conflicts. Large artefacts live on disk in the build's output folder; the
state keeps their paths, which keeps checkpoints small.
"""

from __future__ import annotations

import operator
from typing import Annotated, Any, TypedDict


def merge_dicts(left: dict[str, Any] | None, right: dict[str, Any] | None) -> dict[str, Any]:
    return {**(left or {}), **(right or {})}


def keep_first(left: dict[str, Any] | None, right: dict[str, Any] | None) -> dict[str, Any] | None:
    """The first error a build meets is the one it reports, even when parallel branches fail together."""
    return left if left else right


class BuildState(TypedDict, total=False):
    # inputs, fixed for the build
    session_id: str
    prompt: str
    config: dict[str, Any]
    output_dir: str
    started_at: float
    finished_at: float
    deploy_options: dict[str, Any]
    # routing
    status: str
    phase_started_at: float
    plan: dict[str, Any]
    # specialist outputs
    spec: dict[str, Any] | None
    mockups: Annotated[dict[str, str], merge_dicts]
    demo_video: str | None
    demo_video_source: str | None
    demo_video_note: str
    video_recorded: bool
    code_manifest: list[str]
    code_version: int
    optimized_version: int
    optimizer_notes: list[str]
    tests: dict[str, Any] | None
    tested_version: int
    repair_rounds: int
    deployment: dict[str, Any] | None
    error: Annotated[dict[str, Any] | None, keep_first]
    # bookkeeping joined across branches
    models_by_agent: Annotated[dict[str, str], merge_dicts]
    calls: Annotated[list[dict[str, Any]], operator.add]
    agent_times: Annotated[dict[str, float], merge_dicts]
    phase_times: Annotated[dict[str, float], merge_dicts]
