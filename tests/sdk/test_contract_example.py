"""The contract's Python SDK example, verbatim, against the real server: only the key and base URL filled in."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from tests.auth.live_auth import Account, AuthServer
from tests.contract.contract_doc import DOC

EXAMPLE = """import nexusforge

# Initialize client
client = nexusforge.Client(api_key="pk_live_...")

# Start app build
build = client.builds.create(
    prompt="Build a todo app with React and FastAPI",
    config={
        "useAdaptiveThinking": True,
        "enableVideoDemo": True
    }
)

# Monitor progress
for update in client.builds.stream(build.session_id):
    print(f"Phase: {update.phase}, Progress: {update.progress}%")
    
    if update.type == "build_completed":
        print(f"App deployed at: {update.deployment_url}")
        break
"""


def test_the_embedded_example_is_the_contracts() -> None:
    block = re.search(r"### Python SDK Example\n```python\n(.*?)```", DOC.read_text(), re.S)
    assert block is not None and block.group(1) == EXAMPLE


def test_contract_example_runs_to_completion(auth_server: AuthServer) -> None:
    user = auth_server.user()
    key = auth_server.key(user, ["build"])  # the contract's example key body (POST /api/keys)
    code = EXAMPLE.replace('"pk_live_..."', repr(key))
    env = {**os.environ, "NEXUSFORGE_BASE_URL": auth_server.base_url}
    env.pop("NEXUSFORGE_API_KEY", None)
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    check_example_output(done.stdout, auth_server, user)


def check_example_output(stdout: str, auth_server: AuthServer, user: Account) -> None:
    """What the example prints for a completed build, and the build it leaves on the server."""
    lines = stdout.splitlines()
    assert lines[-1] == "App deployed at: None"  # the example's config does not ask for a deployment
    progress = [int(m.group(1)) for line in lines if (m := re.fullmatch(r"Phase: \w+, Progress: (\d+)%", line))]
    assert progress[-1] == 100 and progress == sorted(progress) and len(progress) >= 5
    assert {"Phase: generating_spec", "Phase: building", "Phase: completed"} <= {line.split(",")[0] for line in lines}
    builds = auth_server.http.get("/api/nexus-forge/builds", headers=user.headers).json()
    assert [b["status"] for b in builds] == ["completed"]
