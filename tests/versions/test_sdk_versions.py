"""client.builds.versions / diff / rollback of the Python SDK against a real server, sync and async."""

from __future__ import annotations

import asyncio

import nexusforge
import pytest

from tests.auth.live_auth import AuthServer, auth_server

__all__ = ["auth_server"]
PROMPT = "Build a tiny note keeper"


def test_versions_diff_and_rollback_through_the_sdk(auth_server: AuthServer) -> None:
    key = auth_server.key(auth_server.user(), ["build", "read"])
    client = nexusforge.Client(api_key=key, base_url=auth_server.base_url)
    build = client.builds.create(prompt=PROMPT, config={"enableVideoDemo": False})
    assert isinstance(list(client.builds.stream(build.session_id))[-1], nexusforge.BuildCompleted)

    (v1,) = client.builds.versions(build.session_id)
    assert isinstance(v1, nexusforge.Version) and (v1.tag, v1.message) == ("v1", PROMPT)
    main = auth_server.home / "builds" / build.session_id / "backend" / "main.py"
    main.write_text(main.read_text() + "\n# edited by hand\n")

    async def roll_back_and_compare() -> None:
        async with nexusforge.AsyncClient(api_key=key, base_url=auth_server.base_url) as async_client:
            v3 = await async_client.builds.rollback(build.session_id, 1)
            assert (v3.number, v3.message) == (3, f"Roll back to v1: {PROMPT}")
            saved = await async_client.builds.diff(build.session_id, 2)
            assert isinstance(saved, nexusforge.VersionDiff)
            assert [(f.path, f.change) for f in saved.files] == [("backend/main.py", "modified")]

    asyncio.run(roll_back_and_compare())

    assert [v.tag for v in client.builds.versions(build.session_id)] == ["v1", "v2", "v3"]
    assert client.builds.diff(build.session_id, 3, base=1).files == []
    with pytest.raises(nexusforge.NotFoundError) as missing:
        client.builds.rollback(build.session_id, 9)
    assert missing.value.error_code == "VERSION_NOT_FOUND"
    client.close()
