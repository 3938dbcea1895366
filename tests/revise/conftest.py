"""One base app per test module: a to-do app read by the offline spec writer, in the server-rendered style (no
Node needed), with its generated files."""

from __future__ import annotations

import pytest

from nexusforge_agents.appspec import AppSpec
from nexusforge_agents.providers.offline.codegen import generate_app
from nexusforge_agents.providers.offline.spec import extract_spec

BASE_PROMPT = (
    "Build a to-do list app with server-rendered HTML templates where I can add tasks with a title, notes, "
    "a status and a priority, and filter tasks by status"
)


@pytest.fixture(scope="module")
def base_spec() -> AppSpec:
    return extract_spec(BASE_PROMPT)


@pytest.fixture(scope="module")
def base_files(base_spec: AppSpec) -> dict[str, str]:
    return generate_app(base_spec)
