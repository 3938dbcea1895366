import shutil
import subprocess

import pytest

from nexusforge_agents.errors import InvalidInputError, VersionNotFoundError
from nexusforge_agents.versions import diff, history, parse_version, record_version, rollback
from tests.versions.app_folder import ARTEFACTS, FIRST_BUILD, FIRST_REVISION, revise, versioned_files, write

PROMPT = "Build a task list"


@pytest.fixture
def app(tmp_path):
    root = tmp_path / "app"
    write(root, FIRST_BUILD | ARTEFACTS)
    return root


def test_five_revisions_then_rollback_to_v2_restores_v2_byte_for_byte(app):
    first = record_version(app, PROMPT)
    assert (first.number, first.tag, first.message) == (1, "v1", PROMPT)
    snapshots = {1: versioned_files(app)}
    requests = [PROMPT]
    for number in range(1, 6):
        request, version = revise(app, number)
        assert version.number == number + 1 and version.message == request
        snapshots[version.number] = versioned_files(app)
        requests.append(request)
    assert snapshots[2] != snapshots[6]

    restored = rollback(app, "v2")

    assert restored.number == 7 and restored.message == f"Roll back to v2: {FIRST_REVISION}"
    assert versioned_files(app) == snapshots[2], "every file of v2, byte for byte, and nothing else"
    assert not (app / "backend/todo.py").exists() and (app / "backend/models.py").is_file()
    for rel, content in ARTEFACTS.items():  # rollback leaves installed and built artefacts alone
        data = (app / rel).read_bytes()
        assert data == (content if isinstance(content, bytes) else content.encode())
    listed = history(app)
    assert [v.number for v in listed] == [1, 2, 3, 4, 5, 6, 7]
    assert [v.message for v in listed] == [*requests, restored.message]
    assert [v.tag for v in listed] == [f"v{n}" for n in range(1, 8)]
    assert all(a.created_at <= b.created_at for a, b in zip(listed, listed[1:], strict=False))


def test_rolled_back_tree_is_the_same_git_tree_for_git_itself(app):
    if shutil.which("git") is None:
        pytest.skip("no git binary to cross-check with (the versions themselves need none)")
    record_version(app, PROMPT)
    for number in range(1, 6):
        revise(app, number)
    rollback(app, 2)

    def git(*args):
        return subprocess.run(["git", *args], cwd=app, capture_output=True, text=True, check=True).stdout.strip()

    assert git("rev-parse", "v2^{tree}") == git("rev-parse", "v7^{tree}")
    assert git("status", "--porcelain") == "", "the folder is exactly HEAD; artefacts are ignored"
    assert git("tag", "--list").split() == sorted(f"v{n}" for n in range(1, 8))


def test_diff_v1_v2_shows_only_what_the_first_revision_changed(app):
    record_version(app, PROMPT)
    for number in range(1, 6):
        revise(app, number)

    change = diff(app, "v1", "v2")

    assert (change.from_version, change.to_version) == (1, 2)
    assert [(f.path, f.change) for f in change.files] == [
        ("backend/models.py", "modified"),
        ("tests/test_due.py", "added"),
    ]
    assert "+    due: str = ''" in change.unified and "+def test_due():" in change.unified
    assert "README" not in change.unified and "Calendar" not in change.unified
    assert [f.path for f in history(app)[1].files_changed] == ["backend/models.py", "tests/test_due.py"]


def test_diff_defaults_and_binary_files(app):
    record_version(app, PROMPT)
    for number in range(1, 4):
        revise(app, number)
    latest = diff(app)  # v3 -> v4: what the latest version changed
    assert (latest.from_version, latest.to_version) == (3, 4)
    assert {f.path: f.change for f in latest.files} == {
        "frontend/src/pages/Calendar.tsx": "added",
        "mockups/Home.png": "modified",
    }
    assert "Binary files" in latest.unified and "mockups/Home.png" in latest.unified
    since_v2 = diff(app, 2)
    assert (since_v2.from_version, since_v2.to_version) == (2, 4)
    first = diff(app, None, 1)  # v1 against the empty folder: everything it holds, nothing of the artefacts
    assert first.from_version is None
    assert sorted(f.path for f in first.files) == sorted(FIRST_BUILD)
    assert all(f.change == "added" for f in first.files)


def test_rollback_removes_folders_only_later_versions_had(app):
    record_version(app, PROMPT)
    for number in range(1, 4):
        revise(app, number)
    rollback(app, 1)
    assert not (app / "frontend/src").exists()
    assert (app / "frontend/node_modules/left-pad/index.js").is_file()


def test_an_unchanged_folder_is_not_a_new_version(app):
    v1 = record_version(app, PROMPT)
    (app / "app.db").write_bytes(b"SQLite format 3\x00more rows")  # only an artefact changed
    again = record_version(app, "Resume a finished build")
    assert again == v1 and len(history(app)) == 1


def test_edits_made_by_hand_are_saved_before_a_rollback(app):
    record_version(app, PROMPT)
    revise(app, 1)
    (app / "README.md").write_text("# My own notes\n", encoding="utf-8")

    restored = rollback(app, 1)

    saved = history(app)[2]
    assert saved.number == 3 and saved.message.startswith("Changes made in the folder before rolling back to v1")
    assert [f.path for f in saved.files_changed] == ["README.md"]
    assert restored.number == 4 and versioned_files(app)["README.md"] == FIRST_BUILD["README.md"].encode()
    assert b"# My own notes" in diff(app, 2, 3).unified.encode(), "the hand edit is still there, in v3"


def test_unknown_versions_and_bad_input_say_what_to_do(app, tmp_path):
    assert history(app) == []
    with pytest.raises(VersionNotFoundError, match="no versions yet"):
        diff(app)
    record_version(app, PROMPT)
    with pytest.raises(VersionNotFoundError, match=r"no version v9 \(it has v1 to v1"):
        rollback(app, "v9")
    with pytest.raises(VersionNotFoundError):
        diff(app, "v1", "v3")
    with pytest.raises(InvalidInputError, match="not a version"):
        rollback(app, "latest")
    with pytest.raises(InvalidInputError, match="needs a message"):
        record_version(app, "  ")
    with pytest.raises(InvalidInputError, match="is not a folder"):
        history(tmp_path / "missing")
    assert [parse_version(t) for t in ("v3", "3", 3, " v12 ")] == [3, 3, 3, 12]
    for bad in ("v0", "-1", "v1.5", 0, "", "vv2"):
        with pytest.raises(InvalidInputError):
            parse_version(bad)


def test_a_git_repository_nexusforge_did_not_create_is_left_alone(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("needs git to make someone else's repository")
    mine = tmp_path / "mine"
    write(mine, {"notes.txt": "mine\n"})
    subprocess.run(["git", "init", "-q"], cwd=mine, check=True)
    with pytest.raises(InvalidInputError, match="did not create"):
        record_version(mine, PROMPT)
    with pytest.raises(InvalidInputError, match="did not create"):
        history(mine)
