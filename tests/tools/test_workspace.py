import os

import pytest

from nexusforge_agents.errors import BuildFailedError
from nexusforge_agents.tools.workspace import read_files, remove_stale, validate_relpath, write_files


@pytest.mark.parametrize(
    "path",
    [
        "/etc/passwd",
        "../escape.py",
        "a/../../b",
        "~/x",
        "C:/win.py",
        "a\\b.py",
        "",
        "  ",
        "a//b",
        "a/./b",
        "dir/",
        ".git/config",
        "x\x00y",
        "a" * 300,
    ],
)
def test_unsafe_paths_are_refused(path):
    with pytest.raises(BuildFailedError, match="refusing|resolves"):
        validate_relpath(path)


@pytest.mark.parametrize("path", ["backend/main.py", "frontend/src/pages/RecipeList.tsx", "README.md", ".gitignore"])
def test_plain_relative_paths_are_accepted(path):
    assert str(validate_relpath(path)) == path


def test_nothing_is_written_when_one_path_is_bad(tmp_path):
    with pytest.raises(BuildFailedError):
        write_files(tmp_path, {"ok.py": "x = 1\n", "../bad.py": "y = 2\n"})
    assert list(tmp_path.iterdir()) == []


def test_a_symlink_cannot_lead_writes_outside(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "root"
    root.mkdir()
    (root / "link").symlink_to(outside)
    with pytest.raises(BuildFailedError, match="outside"):
        write_files(root, {"link/evil.py": "x = 1\n"})
    assert not (outside / "evil.py").exists()


def test_write_read_and_remove_stale(tmp_path):
    manifest = write_files(tmp_path, {"b/x.py": "x = 1\n", "a.txt": "hi"})
    assert manifest == ["a.txt", "b/x.py"]
    assert read_files(tmp_path, manifest) == {"a.txt": "hi", "b/x.py": "x = 1\n"}
    remove_stale(tmp_path, manifest, ["a.txt"])
    assert not (tmp_path / "b/x.py").exists() and (tmp_path / "a.txt").exists()


def test_a_file_that_already_holds_its_text_is_not_rewritten(tmp_path):
    write_files(tmp_path, {"same.txt": "kept\n", "changed.txt": "old\n"})
    for name in ("same.txt", "changed.txt"):
        os.utime(tmp_path / name, ns=(1_000_000_000, 1_000_000_000))
    assert write_files(tmp_path, {"same.txt": "kept\n", "changed.txt": "new\n"}) == ["changed.txt", "same.txt"]
    assert (tmp_path / "same.txt").stat().st_mtime_ns == 1_000_000_000  # what rebuilds from sources sees no change
    assert (tmp_path / "changed.txt").read_text() == "new\n"
    assert (tmp_path / "changed.txt").stat().st_mtime_ns > 1_000_000_000
