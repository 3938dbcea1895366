"""Safe file writes for generated code: every path is relative, inside the build folder, and plain."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from ..errors import BuildFailedError

MAX_PATH_CHARS = 240
MAX_FILE_BYTES = 2_000_000


def validate_relpath(path: str) -> PurePosixPath:
    """Return ``path`` as a safe relative POSIX path, or raise ``BuildFailedError`` saying why not."""
    problem = None
    if not path or not path.strip():
        problem = "is empty"
    elif "\x00" in path:
        problem = "contains a NUL byte"
    elif "\\" in path:
        problem = "uses backslashes"
    elif len(path) > MAX_PATH_CHARS:
        problem = f"is longer than {MAX_PATH_CHARS} characters"
    elif path.startswith(("/", "~")) or (len(path) > 1 and path[1] == ":"):
        problem = "is absolute"
    else:
        parts = path.split("/")
        if any(part in ("..", ".", "") for part in parts):
            problem = "has '..', '.' or empty segments"
        elif parts and parts[0] == ".git":
            problem = "writes into .git"
    if problem:
        raise BuildFailedError(f"Generated file path {path!r} {problem}; refusing to write it.")
    return PurePosixPath(path)


def _holds(target: Path, text: str) -> bool:
    try:
        return target.is_file() and target.read_bytes() == text.encode("utf-8")
    except OSError:
        return False


def write_files(root: Path, files: dict[str, str]) -> list[str]:
    """Validate every path first, then write them all under ``root``; return the sorted manifest. A file that
    already holds exactly its text is left alone (its modification time too), so what did not change looks
    unchanged to whatever rebuilds from sources (the frontend build, compiled bytecode)."""
    checked = {str(validate_relpath(p)): text for p, text in files.items()}
    for rel, text in checked.items():
        if len(text.encode()) > MAX_FILE_BYTES:
            raise BuildFailedError(f"Generated file {rel!r} is over {MAX_FILE_BYTES} bytes; refusing to write it.")
    root = root.resolve()
    for rel, text in checked.items():
        target = (root / rel).resolve()
        if not target.is_relative_to(root):  # a symlink inside the folder pointing out of it
            raise BuildFailedError(f"Generated file path {rel!r} resolves outside the build folder.")
        if _holds(target, text):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return sorted(checked)


def remove_stale(root: Path, old: list[str], new: list[str]) -> None:
    """Delete files an earlier coder round wrote that the new round no longer produces."""
    for rel in sorted(set(old) - set(new)):
        target = root / validate_relpath(rel)
        if target.is_file():
            target.unlink()


def read_files(root: Path, manifest: list[str]) -> dict[str, str]:
    return {rel: (root / validate_relpath(rel)).read_text(encoding="utf-8") for rel in manifest}
