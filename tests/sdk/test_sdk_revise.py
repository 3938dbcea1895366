"""client.builds.revise of the Python SDK against a real server (uvicorn on 127.0.0.1, the offline engine): the
started answer, then only the revision's events through stream(after_seq=...), and the new version's spec."""

from __future__ import annotations

import asyncio
from pathlib import Path

import nexusforge
import pytest

from nexusforge_agents.config import Settings
from nexusforge_agents.server import ServerSettings
from tests.revise.conftest import BASE_PROMPT
from tests.server.live import thread_server

pytestmark = pytest.mark.slow


def test_revise_through_the_sdk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEXUSFORGE_CHROMIUM", "/usr/bin/chromium")
    with thread_server(Settings(home=tmp_path / "home"), ServerSettings(build_runner="inline")) as live:
        client = nexusforge.Client(api_key=live.token or "local", base_url=live.base_url, timeout=60)
        build = client.builds.create(prompt=BASE_PROMPT, config={"enableVideoDemo": False})
        assert isinstance(list(client.builds.stream(build.session_id))[-1], nexusforge.BuildCompleted)
        built = client.builds.get(build.session_id)

        started = client.builds.revise(build.session_id, "add a due date to tasks")
        assert isinstance(started, nexusforge.Build) and started.session_id == build.session_id
        assert started.last_seq is not None and started.last_seq >= 1
        assert started.websocket_url.endswith(f"/ws/nexus-forge/{build.session_id}?last_seq={started.last_seq}")
        events = list(client.builds.stream(build.session_id, after_seq=started.last_seq))
        seqs = [event.seq for event in events if event.type != "connected"]
        assert seqs[0] == started.last_seq + 1 and isinstance(events[-1], nexusforge.BuildCompleted)

        revised = client.builds.get(build.session_id)
        assert revised.status == "completed" and revised.result != built.result
        models = revised.result["code_files"]["backend/models.py"]
        assert "due_date" in models and "due_date" not in built.result["code_files"]["backend/models.py"]
        assert [v.tag for v in client.builds.versions(build.session_id)] == ["v1", "v2"]
        with pytest.raises(nexusforge.InvalidRequestError) as empty:
            client.builds.revise(build.session_id, "   ")
        assert empty.value.error_code == "INVALID_INPUT"
        client.close()

        async def revise_async() -> None:
            async with nexusforge.AsyncClient(api_key=live.token or "local", base_url=live.base_url) as async_client:
                with pytest.raises(nexusforge.NotFoundError):
                    await async_client.builds.revise("no-such-build", "add a due date to tasks")

        asyncio.run(revise_async())
