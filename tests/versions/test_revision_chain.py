"""Must-show (issue 13): a real offline build, a chain of five revisions through ``revise``, then ``rollback v2``:
the folder is byte-identical to v2, the history lists all seven versions, and ``diff v1 v2`` shows only what the
first revision changed."""

from __future__ import annotations

import asyncio
import json

import pytest

from nexusforge_agents import BuildCompleted, Settings, build_app, revise
from nexusforge_agents.versions import diff, history, rollback
from tests.revise.conftest import BASE_PROMPT
from tests.versions.app_folder import versioned_files

pytestmark = pytest.mark.slow
REVISIONS = [
    "add a due date to tasks",
    'call the app "Chore Chart"',
    "make the primary colour teal",
    "add customers with name, email and phone",
    "rename the priority field to urgency",
]


async def _revise(folder, request: str, settings: Settings) -> None:
    events = [event async for event in revise(folder, request, settings=settings)]
    assert isinstance(events[-1], BuildCompleted), events[-1]


def test_five_revisions_then_rollback_v2(tmp_path, monkeypatch):
    monkeypatch.setenv("NEXUSFORGE_CHROMIUM", "/usr/bin/chromium")
    settings = Settings(home=tmp_path / "home")
    result = asyncio.run(
        build_app(BASE_PROMPT, {"enableVideoDemo": False}, settings=settings, output_dir=tmp_path / "app")
    )
    folder = tmp_path / "app"
    snapshots = {1: versioned_files(folder)}
    for number, request in enumerate(REVISIONS, start=2):
        asyncio.run(_revise(folder, request, settings))
        snapshots[number] = versioned_files(folder)

    restored = rollback(folder, "v2")

    assert restored.number == 7 and restored.message == f"Roll back to v2: {REVISIONS[0]}"
    assert versioned_files(folder) == snapshots[2], "byte-identical to v2"
    listed = history(folder)
    assert [(v.tag, v.message) for v in listed] == [
        ("v1", BASE_PROMPT),
        *[(f"v{n}", request) for n, request in enumerate(REVISIONS, start=2)],
        ("v7", restored.message),
    ]
    first = diff(folder, "v1", "v2")
    changed = {path for path, content in snapshots[2].items() if snapshots[1].get(path) != content}
    changed |= set(snapshots[1]) - set(snapshots[2])
    assert {f.path for f in first.files} == changed, "exactly the files the first revision changed"
    assert "due_date" in first.unified and "Chore Chart" not in first.unified

    # A revision after the rollback starts from the folder's version (v2), not from the spec before the rollback.
    asyncio.run(_revise(folder, "rename the app to Task Notes", settings))
    spec = json.loads((folder / "spec.json").read_text())
    assert spec["name"] == "Task Notes" and "Customer" not in {e["name"] for e in spec["entities"]}
    assert any(f["name"] == "due_date" for e in spec["entities"] for f in e["fields"]), "v2's change is kept"
    assert [v.tag for v in history(folder)][-1] == "v8"
    assert result.session_id
