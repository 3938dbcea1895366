"""A revision whose app still fails its tests after the repair rounds ends BUILD_FAILED with the failing test
output, and one cancelled while it runs ends cancelled: either way the app folder stays at its previous version
(nothing recorded, the new files gone). The scripted provider's coder really writes a failing test; the app's
tests really run."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from nexusforge_agents import BuildCompleted, ErrorEvent, open_build_service
from nexusforge_agents.builds.db import BuildRow, utcnow
from nexusforge_agents.builds.review import spec_of
from nexusforge_agents.builds.revisions import revise_build
from nexusforge_agents.errors import ConflictError, InvalidInputError
from nexusforge_agents.schemas import BuildStatus
from nexusforge_agents.versions import history
from tests.scripted import NOT_DEPLOYABLE_APP, Script, install, scripted_settings

from .apps import tree


async def test_a_revision_still_failing_after_its_repair_rounds_leaves_the_previous_version(tmp_path: Path) -> None:
    script = install(Script(app=dict(NOT_DEPLOYABLE_APP)))  # backend.main.health() answers {'status': 'ok'}
    async with open_build_service(scripted_settings(tmp_path)) as service:
        record = await service.start("Build a note app", {"enableVideoDemo": False})
        events = [event async for event in service.events(record.session_id)]
        assert isinstance(events[-1], BuildCompleted), events[-1]
        folder = Path(events[-1].result.output_dir)
        before, calls = tree(folder), script.coder_calls

        script.failing_coder_rounds = calls + 100  # from now on every round writes a test that fails
        last_seq = (await service.status(record.session_id, with_result=False)).last_seq
        await revise_build(service, record.session_id, "add a due date to notes")
        revision = [event async for event in service.events(record.session_id, after_seq=last_seq)]

    final = revision[-1]
    assert isinstance(final, ErrorEvent) and final.error_code == "BUILD_FAILED", final
    assert "still fail after" in final.message and "repair round" in final.message
    assert "assert {'status': 'ok'} == {'status': 'broken'}" in final.details["test_output"]
    assert script.coder_calls > calls + 1  # the revision's code, then at least one repair round
    assert tree(folder) == before  # the revision's files are gone: the folder is v1 again
    assert [v.tag for v in history(folder)] == ["v1"]


async def test_a_revision_cancelled_while_it_runs_leaves_the_previous_version(tmp_path: Path) -> None:
    gate = asyncio.Event()
    gate.set()
    install(Script(gate=gate))  # the coder waits for the gate
    async with open_build_service(scripted_settings(tmp_path)) as service:
        record = await service.start("Build a note app", {"enableVideoDemo": False})
        events = [event async for event in service.events(record.session_id)]
        assert isinstance(events[-1], BuildCompleted), events[-1]
        folder = Path(events[-1].result.output_dir)
        before = tree(folder)

        gate.clear()  # the revision's coder waits: its spec, delta and mockups are already in the folder
        last_seq = (await service.status(record.session_id, with_result=False)).last_seq
        await revise_build(service, record.session_id, "add a due date to notes")
        async for event in service.events(record.session_id, after_seq=last_seq):
            if event.phase == "building" and getattr(event, "agent", None) == "coder":
                break
        assert tree(folder) != before
        assert await service.cancel(record.session_id)
        gate.set()

    assert tree(folder) == before  # the revision's files are gone: the folder is v1 again
    assert [v.tag for v in history(folder)] == ["v1"]


async def test_a_build_cancelled_before_its_graph_ran_is_refused_a_revision(tmp_path: Path) -> None:
    """A cancel that lands before a build's first step leaves a checkpoint holding only its status (found by
    schemathesis as a 500 on POST /build/{id}/revise): a revision is refused as having nothing to revise, and its
    plan (GET /build/{id}/spec) is one it does not have yet."""
    async with open_build_service(scripted_settings(tmp_path)) as service:
        row = BuildRow(
            session_id="cancelled-early", prompt="Build a note app", config={}, status=BuildStatus.CANCELLED.value,
            current_phase=BuildStatus.INITIALIZING.value, started_at=utcnow(), output_dir=str(tmp_path / "app"),
        )  # fmt: skip
        await service.store.create(row)
        await service.parts.driver.mark(row.session_id, BuildStatus.CANCELLED)
        with pytest.raises(InvalidInputError, match="ended before it made an app"):
            await revise_build(service, row.session_id, "add a due date to notes")
        with pytest.raises(ConflictError, match="has no plan yet"):
            await spec_of(service, row.session_id)
