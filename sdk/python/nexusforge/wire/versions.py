"""An app's versions on the wire (beyond the contract): every completed build, revision and rollback is a version
of the app's folder. The server answers with these and the client reads them; the engine builds them."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Body(BaseModel):
    model_config = ConfigDict(defer_build=True)  # validators are built on first use: importing stays fast


class FileChange(_Body):
    """One file a version added, changed or removed (paths are relative to the app folder, with '/')."""

    path: str
    change: Literal["added", "modified", "deleted"]


class Version(_Body):
    """One version of an app: a commit in the app folder's git repository, tagged ``v<number>``."""

    number: int = Field(ge=1, description="1 for the first build, then one more for each revision or rollback")
    tag: str = Field(description="The git tag, e.g. 'v2'")
    message: str = Field(description="The request that made this version")
    created_at: datetime
    commit: str = Field(description="The git commit id (40 hex digits)")
    files_changed: list[FileChange] = Field(description="What this version changed against the one before it")


class VersionDiff(_Body):
    """What changed between two versions: the files, and the unified diff git would print."""

    from_version: int | None = Field(description="None: the empty folder before v1")
    to_version: int
    files: list[FileChange]
    unified: str = Field(description="Unified diff text; binary files are named, not printed")
