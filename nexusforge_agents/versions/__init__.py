"""Versions of an app folder: every completed build, revision and rollback is a git commit tagged ``v<n>``."""

from .models import FileChange, Version, VersionDiff, parse_version
from .repository import (
    NOT_VERSIONED,
    diff,
    discard_changes,
    files_of,
    get_version,
    history,
    record_completed_build,
    record_version,
    rollback,
)

__all__ = [
    "NOT_VERSIONED",
    "FileChange",
    "Version",
    "VersionDiff",
    "diff",
    "discard_changes",
    "files_of",
    "get_version",
    "history",
    "parse_version",
    "record_completed_build",
    "record_version",
    "rollback",
]
