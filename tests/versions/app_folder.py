"""A small app folder with real files, build artefacts that must stay out of versions, and a chain of revisions."""

from __future__ import annotations

from pathlib import Path

from nexusforge_agents.versions import Version, record_version
from tests.scripted import PNG_1X1

FIRST_BUILD = {
    "README.md": "# Tasks\n\nInstall: pip install -r requirements.txt\n\nRun: python -m backend.main\n",
    "backend/__init__.py": "",
    "backend/models.py": "class Task:\n    title: str\n    done: bool = False\n",
    "backend/main.py": "from .models import Task\n\nTASKS: list[Task] = []\n",
    "mockups/Home.png": PNG_1X1,
    "spec.json": '{"name": "Tasks", "entities": ["Task"]}\n',
}
ARTEFACTS = {  # made by installing, building or running the app: never versioned, never touched by a rollback
    "frontend/node_modules/left-pad/index.js": "module.exports = 1\n",
    "backend/__pycache__/models.cpython-311.pyc": b"\x00compiled",
    "app.db": b"SQLite format 3\x00rows",
    ".venv/bin/python": "#!/bin/sh\n",
    "frontend/dist/index.html": "<html></html>\n",
}
FIRST_REVISION = "Add a due date to tasks"


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")


def versioned_files(root: Path) -> dict[str, bytes]:
    """Every file of the folder that a version holds: all but .git and the artefacts' folders and files (the
    list docs/iterate.md gives, written independently of the versions module's own)."""
    skipped_dirs = {".git", "node_modules", "__pycache__", ".venv", "venv", "dist", ".ruff_cache", ".pytest_cache"}
    skipped_dirs |= {".mypy_cache", "demo"}
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
        and not skipped_dirs & set(path.relative_to(root).parts[:-1])
        and path.suffix not in (".db", ".sqlite", ".sqlite3", ".pyc")
    }


def revise(root: Path, number: int) -> tuple[str, Version]:
    """Revision ``number`` (1..5) of the chain: real edits, additions and deletions, then a recorded version."""
    if number == 1:
        write(root, {"backend/models.py": "class Task:\n    title: str\n    done: bool = False\n    due: str = ''\n"})
        write(root, {"tests/test_due.py": "def test_due():\n    assert True\n"})
        request = FIRST_REVISION
    elif number == 2:
        write(root, {"README.md": "# Tasks\n\nRun: python -m backend.main\n"})
        request = "Drop the install line from the README"
    elif number == 3:
        write(root, {"frontend/src/pages/Calendar.tsx": "export default function Calendar() { return null }\n"})
        write(root, {"mockups/Home.png": PNG_1X1 + b"\x00changed"})
        request = "Add a calendar page"
    elif number == 4:
        (root / "backend/models.py").rename(root / "backend/todo.py")
        write(root, {"backend/main.py": "from .todo import Task\n\nTODOS: list[Task] = []\n"})
        request = "Rename tasks to todos"
    else:
        (root / "frontend/src/pages/Calendar.tsx").unlink()
        (root / "spec.json").unlink()
        request = "Remove the calendar page and the spec"
    return request, record_version(root, request)
