"""The Python SDK installs alone: ``pip install ./sdk/python`` in a fresh virtual environment brings httpx,
websockets and pydantic (and what they need) but no engine, no langgraph, Pillow, ruff or pytest; the contract's
Python example then runs verbatim with that interpreter against a real server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.auth.live_auth import AuthServer
from tests.sdk.test_contract_example import EXAMPLE, check_example_output

ROOT = Path(__file__).resolve().parents[2]
SDK = ROOT / "sdk" / "python"
NOT_IN_THE_SDK = {"nexusforge-agents", "langgraph", "langchain-core", "pillow", "ruff", "pytest", "fastapi", "litellm"}


@pytest.fixture(scope="module")
def sdk_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with only ``pip install ./sdk/python`` done in it."""
    where = tmp_path_factory.mktemp("sdk-venv")
    venv.EnvBuilder(with_pip=True).create(where)
    python = where / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PIP_REQUIRE_VIRTUALENV")}
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(SDK)],
        check=True,
        env=env,
        timeout=600,
    )
    return python


def installed(python: Path) -> set[str]:
    listing = subprocess.run(
        [str(python), "-m", "pip", "list", "--format=json", "--disable-pip-version-check"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return {row["name"].lower().replace("_", "-") for row in json.loads(listing)}


@pytest.mark.slow
def test_the_sdk_installs_without_the_engine(sdk_python: Path) -> None:
    names = installed(sdk_python)
    assert {"nexusforge-sdk", "httpx", "websockets", "pydantic"} <= names
    assert names & NOT_IN_THE_SDK == set()
    probe = "import nexusforge, nexusforge.wire, sys; print(sorted(m for m in sys.modules if 'nexusforge_' in m))"
    done = subprocess.run([str(sdk_python), "-c", probe], capture_output=True, text=True, cwd=sdk_python.parent)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"  # the SDK imports nothing of the engine


@pytest.mark.slow
def test_contract_example_runs_with_the_sdk_alone(sdk_python: Path, auth_server: AuthServer) -> None:
    user = auth_server.user()
    key = auth_server.key(user, ["build"])
    code = EXAMPLE.replace('"pk_live_..."', repr(key))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NEXUSFORGE_API_KEY")}
    env["NEXUSFORGE_BASE_URL"] = auth_server.base_url
    done = subprocess.run(
        [str(sdk_python), "-c", code], env=env, capture_output=True, text=True, timeout=120, cwd=sdk_python.parent
    )
    assert done.returncode == 0, done.stderr
    check_example_output(done.stdout, auth_server, user)
    assert sys.executable != str(sdk_python)
