"""``nexusforge history | diff | rollback`` through the real CLI in a subprocess."""

import json

import pytest

from nexusforge_agents.versions import record_version
from tests.cli_helpers import run_cli
from tests.versions.app_folder import ARTEFACTS, FIRST_BUILD, FIRST_REVISION, revise, versioned_files, write


@pytest.fixture
def app(tmp_path):
    root = tmp_path / "app"
    write(root, FIRST_BUILD | ARTEFACTS)
    record_version(root, "Build a task list")
    snapshot_v2 = None
    for number in range(1, 4):
        revise(root, number)
        if number == 1:
            snapshot_v2 = versioned_files(root)
    return root, snapshot_v2


@pytest.mark.slow  # five CLI processes
def test_history_diff_and_rollback_from_the_command_line(app, tmp_path):
    root, snapshot_v2 = app
    home = tmp_path / "home"

    listed = run_cli("history", str(root), home=home)
    assert listed.returncode == 0, listed.stderr
    assert "v4" in listed.stdout and FIRST_REVISION in listed.stdout and "1 added, 1 modified" in listed.stdout

    changed = run_cli("diff", str(root), "v1", "v2", home=home)
    assert changed.returncode == 0, changed.stderr
    assert changed.stdout.startswith("diff --git a/backend/models.py b/backend/models.py")
    assert "+    due: str = ''" in changed.stdout and "README" not in changed.stdout
    assert "v1 -> v2: modified backend/models.py, added tests/test_due.py" in changed.stderr

    restored = run_cli("rollback", str(root), "v2", home=home)
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.startswith(f"v5: Roll back to v2: {FIRST_REVISION}")
    assert versioned_files(root) == snapshot_v2

    versions = json.loads(run_cli("history", str(root), "--json", home=home).stdout)
    assert [(v["tag"], len(v["files_changed"])) for v in versions][1:] == [("v2", 2), ("v3", 1), ("v4", 2), ("v5", 3)]


def test_bad_versions_and_folders_are_usage_errors(app, tmp_path):
    root, _ = app
    home = tmp_path / "home"
    missing = run_cli("rollback", str(root), "v9", home=home)
    assert missing.returncode == 2 and "VERSION_NOT_FOUND" in missing.stderr and "v1 to v4" in missing.stderr
    bad = run_cli("diff", str(root), "latest", home=home)
    assert bad.returncode == 2 and "INVALID_INPUT" in bad.stderr and "not a version" in bad.stderr
    assert "Traceback" not in missing.stderr + bad.stderr
