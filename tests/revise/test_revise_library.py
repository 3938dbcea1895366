"""Must-show: the library's ``revise`` and the CLI's ``nexusforge revise`` on an app a real offline build made. A
revision continues the build's session and event stream, paints only the changed pages' mockups, passes the app's
own tests (browser tests included) and becomes the next version; a request with nothing to build ends with the
reasons and leaves the app as it was."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from nexusforge_agents import BuildCompleted, ErrorEvent, Settings, build_app, revise
from nexusforge_agents.versions import history
from tests.cli_helpers import run_cli

from .apps import tree
from .conftest import BASE_PROMPT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, monkeypatch_module: Any) -> tuple[Settings, Path, str]:
    home = tmp_path_factory.mktemp("home")
    settings = Settings(home=home)
    result = asyncio.run(build_app(BASE_PROMPT, {"enableVideoDemo": False}, settings=settings, output_dir=home / "app"))
    return settings, Path(result.output_dir), result.session_id


@pytest.fixture(scope="module")
def monkeypatch_module() -> Any:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEXUSFORGE_CHROMIUM", "/usr/bin/chromium")
        yield patch


async def _events(target: str | Path, request: str, settings: Settings) -> list[Any]:
    return [event async for event in revise(target, request, settings=settings)]


def test_a_revision_is_the_next_version_of_the_same_session(built: tuple[Settings, Path, str]) -> None:
    settings, folder, session_id = built
    mockups = {p.name: p.read_bytes() for p in (folder / "mockups").glob("*.png")}
    events = asyncio.run(_events(folder, "add a due date to tasks", settings))
    assert all(e.session_id == session_id for e in events)
    final = events[-1]
    assert isinstance(final, BuildCompleted) and final.result is not None, events[-1]
    spec = final.result.specification
    assert spec is not None and spec.entity("Task").field("due_date").type == "date"
    assert "due_date" in (folder / "backend/models.py").read_text()
    delta = json.loads((folder / "spec_delta.json").read_text())
    assert [c["op"] for c in delta["changes"]] == ["add_field"]
    repainted = {name for name, data in mockups.items() if (folder / "mockups" / name).read_bytes() != data}
    assert repainted == {"TaskList.png", "TaskForm.png"}  # only the pages the new field shows on
    messages = " ".join(e.message for e in events if hasattr(e, "message"))
    assert "Painting 2 mockups" in messages and "browser tests: " in messages
    assert [(v.tag, v.message) for v in history(folder)][-1] == ("v2", "add a due date to tasks")


def test_nothing_buildable_leaves_the_app_as_it_was(built: tuple[Settings, Path, str]) -> None:
    settings, folder, session_id = built
    before, versions = tree(folder), len(history(folder))
    events = asyncio.run(_events(session_id, "make it faster", settings))
    final = events[-1]
    assert isinstance(final, ErrorEvent) and final.error_code == "INVALID_INPUT"
    assert "make it faster" in final.message and "changes only" in final.message
    assert tree(folder) == before and len(history(folder)) == versions


def test_the_cli_revises_a_folder(built: tuple[Settings, Path, str]) -> None:
    settings, folder, _ = built
    done = run_cli("revise", str(folder), "make the primary colour teal", "--json", home=settings.home, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert result["specification"]["colors"]["primary"] == "#008080"
    assert "#008080" in (folder / "backend/static/theme.css").read_text()
    assert history(folder)[-1].message == "make the primary colour teal"
    unknown = run_cli("revise", str(folder.parent / "nowhere"), "add a due date", home=settings.home)
    assert unknown.returncode != 0 and "nowhere" in unknown.stderr


def test_a_revision_that_still_fails_leaves_the_app_at_its_last_version(built: tuple[Settings, Path, str]) -> None:
    settings, folder, session_id = built
    before, versions = tree(folder), len(history(folder))
    hurried = settings.model_copy(update={"qa_timeout_s": 0.2})  # the app's tests cannot finish: QA fails
    events = asyncio.run(_events(session_id, "add customers with name and email", hurried))
    final = events[-1]
    assert isinstance(final, ErrorEvent) and final.error_code == "BUILD_FAILED", final
    assert "repair round" in final.message
    assert tree(folder) == before and len(history(folder)) == versions  # the new files are gone, nothing recorded
    again = asyncio.run(_events(session_id, "add a settings page", settings))  # the next revision starts from it
    assert isinstance(again[-1], BuildCompleted) and "CustomerList" not in again[-1].result.specification.ui_components
