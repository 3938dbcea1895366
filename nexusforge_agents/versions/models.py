"""The typed vocabulary of an app's versions: what ``history``, ``diff`` and ``rollback`` return."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from ..errors import InvalidInputError

TAG_PREFIX = "v"
_VERSION_TEXT = re.compile(r"^v?([1-9][0-9]{0,8})$")


class FileChange(BaseModel):
    """One file a version added, changed or removed (paths are relative to the app folder, with '/')."""

    path: str
    change: Literal["added", "modified", "deleted"]


class Version(BaseModel):
    """One version of an app: a commit in the app folder's git repository, tagged ``v<number>``."""

    number: int = Field(ge=1, description="1 for the first build, then one more for each revision or rollback")
    tag: str = Field(description="The git tag, e.g. 'v2'")
    message: str = Field(description="The request that made this version")
    created_at: datetime
    commit: str = Field(description="The git commit id (40 hex digits)")
    files_changed: list[FileChange] = Field(description="What this version changed against the one before it")


class VersionDiff(BaseModel):
    """What changed between two versions: the files, and the unified diff git would print."""

    from_version: int | None = Field(description="None: the empty folder before v1")
    to_version: int
    files: list[FileChange]
    unified: str = Field(description="Unified diff text; binary files are named, not printed")


def tag_of(number: int) -> str:
    return f"{TAG_PREFIX}{number}"


def parse_version(text: str | int) -> int:
    """``'v2'``, ``'2'`` or ``2`` -> 2; anything else is an ``InvalidInputError``."""
    if isinstance(text, int) and not isinstance(text, bool) and text >= 1:
        return text
    match = _VERSION_TEXT.match(str(text).strip())
    if match is None:
        raise InvalidInputError(f"{text!r} is not a version; write it as v1, v2, ... (or 1, 2, ...).")
    return int(match.group(1))
