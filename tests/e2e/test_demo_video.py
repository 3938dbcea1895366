"""The demo video of a whole offline build, through the CLI as a user runs it: recorded from the running app after
QA when a Chromium is found, the mockup walk-through (made in parallel with the coder) when none is."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from nexusforge_agents.tools.browser import find_chromium
from tests.cli_helpers import ROOT

PROMPT = "Build a todo app"


def build(out: Path, home: Path, **env: str) -> dict[str, Any]:
    environment = {**os.environ, "NEXUSFORGE_HOME": str(home), "PYTHONPATH": str(ROOT), **env}
    done = subprocess.run(
        [sys.executable, "-m", "nexusforge_agents.cli", "build", PROMPT, "--out", str(out), "--json"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


@pytest.mark.slow
@pytest.mark.skipif(not find_chromium().found, reason=find_chromium().reason)
def test_with_a_browser_the_demo_is_recorded_from_the_built_app(tmp_path: Path) -> None:
    result = build(tmp_path / "app", tmp_path / "home")
    pages = result["specification"]["ui_components"]
    assert sorted(result["mockups"]) == sorted(pages)  # one mockup per page of the page model
    video = Path(result["demo_video"])
    assert video.read_bytes()[4:8] == b"ftyp" and video.stat().st_size > 10_000
    assert video == tmp_path / "app" / "demo" / "demo.mp4"
    if (tmp_path / "app" / "frontend" / "dist" / "index.html").is_file():  # QA built the React front end
        assert result["demo_video_source"] == "app", result["demo_video_note"]
        assert result["models_by_agent"]["video"] == "chromium-recording"
        assert result["demo_video_note"] == ""
    else:  # npm could not install here: the app serves no pages, and the result says so
        assert result["demo_video_source"] == "mockups"
        assert "React front end is not built" in result["demo_video_note"]


@pytest.mark.slow
def test_without_a_browser_the_demo_is_the_mockup_walkthrough(tmp_path: Path) -> None:
    missing = str(tmp_path / "no-chromium")
    result = build(tmp_path / "app", tmp_path / "home", NEXUSFORGE_CHROMIUM=missing)
    assert result["demo_video_source"] == "mockups"
    assert result["demo_video_note"].startswith("no browser to record the running app in:")
    assert result["models_by_agent"]["video"] == "offline-slideshow-1"
    assert Path(result["demo_video"]).read_bytes()[4:8] == b"ftyp"
    # made in the building phase, in parallel with the coder, before QA
    assert result["agent_times"]["video"] < result["phase_times"]["building"] + 1
