"""The build-worker subprocess protocol: typed JSON lines, one pydantic model per message, told apart by a tag.

Parent to worker (stdin): ``Init`` first, then ``RunBuild``, ``CancelBuild``, ``MarkCancelled``.
Worker to parent (stdout): ``Ready`` or ``Fatal`` first, then ``BuildEventMessage``, ``BuildEnded``, ``Marked``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, TypeAdapter

from ..config import BuildConfig
from ..events import BuildEvent


class Init(BaseModel):
    op: Literal["init"] = "init"
    settings: dict[str, Any]
    database_url: str | None = Field(None, description="Where the checkpoints live (PostgreSQL), else SQLite")
    imports: list[str] = Field(default_factory=list)


class RunBuild(BaseModel):
    """Resume the build from its checkpoint, or start it if it has none."""

    op: Literal["run"] = "run"
    session_id: str
    prompt: str
    config: BuildConfig
    output_dir: str


class CancelBuild(BaseModel):
    op: Literal["cancel"] = "cancel"
    session_id: str


class MarkCancelled(BaseModel):
    op: Literal["mark_cancelled"] = "mark_cancelled"
    session_id: str


Request = Annotated[Init | RunBuild | CancelBuild | MarkCancelled, Field(discriminator="op")]


class Ready(BaseModel):
    type: Literal["ready"] = "ready"
    pid: int


class Fatal(BaseModel):
    type: Literal["fatal"] = "fatal"
    message: str


class BuildEventMessage(BaseModel):
    type: Literal["event"] = "event"
    session_id: str
    event: BuildEvent


class WorkerError(BaseModel):
    """A build that ended with an exception instead of its terminal event."""

    error_code: str = "BUILD_FAILED"
    message: str
    retry_possible: bool = False
    details: dict[str, Any] = Field(default_factory=dict)


class BuildEnded(BaseModel):
    type: Literal["ended"] = "ended"
    session_id: str
    error: WorkerError | None = None


class Marked(BaseModel):
    type: Literal["marked"] = "marked"
    session_id: str


Reply = Annotated[Ready | Fatal | BuildEventMessage | BuildEnded | Marked, Field(discriminator="type")]

REQUESTS: TypeAdapter[Request] = TypeAdapter(Request)
REPLIES: TypeAdapter[Reply] = TypeAdapter(Reply)


def encode(message: BaseModel) -> bytes:
    return message.model_dump_json().encode() + b"\n"
