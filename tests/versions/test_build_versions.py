"""A completed build becomes v1 of its app folder; its versions through the lifecycle service."""

import asyncio
from pathlib import Path

import pytest

from nexusforge_agents import BuildCompleted, open_build_service
from nexusforge_agents.builds.app_versions import build_version_diff, build_versions, rollback_build
from nexusforge_agents.config import BuildConfig
from nexusforge_agents.errors import ConflictError, SessionNotFoundError, VersionNotFoundError
from nexusforge_agents.versions import record_version
from tests.scripted import Script, install, scripted_settings

PROMPT = "Build a note app"


async def test_a_completed_build_is_v1_and_can_be_revised_and_rolled_back(tmp_path):
    install(Script())
    async with open_build_service(scripted_settings(tmp_path)) as service:
        record = await service.start(PROMPT, {"enableVideoDemo": False})
        events = [event async for event in service.events(record.session_id)]
        assert isinstance(events[-1], BuildCompleted)
        folder = events[-1].result.output_dir

        (v1,) = await build_versions(service, record.session_id)
        assert (v1.tag, v1.message) == ("v1", PROMPT)
        paths = {f.path for f in v1.files_changed}
        assert {"backend/main.py", "tests/test_main.py", "build.json"} <= paths
        assert not any("__pycache__" in p or p.endswith(".db") for p in paths), "artefacts stay out"

        main = tmp_path.joinpath(folder, "backend/main.py")
        built = main.read_bytes()
        main.write_text(built.decode() + "\n# revised\n", encoding="utf-8")
        record_version(folder, "Add a comment")
        change = await build_version_diff(service, record.session_id, 2)
        assert [f.path for f in change.files] == ["backend/main.py"] and "+# revised" in change.unified

        restored = await rollback_build(service, record.session_id, 1)
        assert restored.number == 3 and main.read_bytes() == built
        assert [v.tag for v in await build_versions(service, record.session_id)] == ["v1", "v2", "v3"]

        # The library's result follows a rollback, as the API's does: the restored version's spec and code files.
        v1_result = await service.result(record.session_id)
        spec_file = tmp_path.joinpath(folder, "spec.json")
        spec_file.write_text(spec_file.read_text().replace(v1_result.specification.name, "Renamed Notes"))
        tmp_path.joinpath(folder, "backend/extra.py").write_text("EXTRA = 1\n")
        record_version(folder, "Rename the app by hand, add a module")  # v4
        await rollback_build(service, record.session_id, 4)  # v5 = v4 (the checkpoint still holds v1's spec)
        renamed = await service.result(record.session_id)
        assert renamed.specification.name == "Renamed Notes"
        assert set(renamed.code_files) == set(v1_result.code_files) | {"backend/extra.py"}
        await rollback_build(service, record.session_id, 1)  # v6 = v1
        back = await service.result(record.session_id)
        assert (back.specification, back.code_files) == (v1_result.specification, v1_result.code_files)
        stored = (await service.store.get(record.session_id)).result
        assert stored["specification"]["name"] == v1_result.specification.name
        assert set(stored["code_files"]) == set(v1_result.code_files)

        with pytest.raises(VersionNotFoundError):
            await build_version_diff(service, record.session_id, 9)
        with pytest.raises(SessionNotFoundError):
            await build_versions(service, "no-such-build")


async def test_a_running_build_is_not_rolled_back_and_a_resumed_finished_one_adds_no_version(tmp_path):
    script = install(Script(gate=asyncio.Event()))
    async with open_build_service(scripted_settings(tmp_path)) as service:
        record = await service.start(PROMPT, {"enableVideoDemo": False})
        async for event in service.events(record.session_id):
            if event.phase == "building":
                break
        with pytest.raises(ConflictError, match="roll back once it has ended"):
            await rollback_build(service, record.session_id, 1)
        assert await build_versions(service, record.session_id) == []
        script.gate.set()
        async for event in service.events(record.session_id):
            v1_folder = event.result.output_dir if isinstance(event, BuildCompleted) else None
        (v1,) = await build_versions(service, record.session_id)
        # A job delivered again after the build completed (at-least-once queues do that): the driver answers
        # with the final event again, which records the version again: the same folder is the same v1.
        again = service.parts.driver.resume_or_start(record.session_id, PROMPT, BuildConfig(), Path(v1_folder))
        assert [type(event) async for event in again] == [BuildCompleted]
        assert await build_versions(service, record.session_id) == [v1]
