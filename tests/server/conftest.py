from __future__ import annotations

import pytest

from nexusforge_agents.server import ServerSettings
from tests.scripted import Script, install, scripted_settings
from tests.server.live import thread_server


@pytest.fixture
def script() -> Script:
    """Scripted providers: each building branch takes 0.3 s, so a build takes about a second."""
    return install(Script(wait_s={"design": 0.3, "video": 0.3, "coder": 0.3}))


@pytest.fixture
def settings(tmp_path):
    return scripted_settings(tmp_path)


@pytest.fixture
def inline() -> ServerSettings:
    """Builds in the server's own loop, so the scripted providers installed in this process are the ones used."""
    return ServerSettings(build_runner="inline")


@pytest.fixture
def live(settings, script, inline):
    with thread_server(settings, inline) as server:
        yield server


@pytest.fixture
def auth_headers(live) -> dict[str, str]:
    """A signed-in admin's bearer token (the server's first admin, created from the test environment)."""
    return live.headers
