"""The builds this home has seen: every session in the checkpoint file, newest first (``nexusforge builds``).

The checkpointer is the record: every build started here, by the CLI, the library or a server using this home,
is a LangGraph thread keyed by its session id, and its latest checkpoint holds the prompt, status and folder.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel

from ..config import Settings


class LocalBuild(BaseModel):
    """One build as ``nexusforge builds`` lists it."""

    session_id: str
    status: str
    output_dir: str | None
    started_at: datetime | None
    prompt: str


async def list_local_builds(settings: Settings | None = None) -> list[LocalBuild]:
    """Every session recorded under ``settings.home``, newest first; none when nothing was ever built here."""
    settings = settings or Settings()
    if not settings.checkpoint_path.is_file():
        return []
    from .checkpointers import open_checkpointer

    builds: list[LocalBuild] = []
    async with open_checkpointer(settings) as saver:
        for thread_id in await _thread_ids(saver):
            found = await saver.aget_tuple({"configurable": {"thread_id": thread_id, "checkpoint_ns": ""}})
            if found is not None:
                builds.append(_describe(thread_id, found.checkpoint.get("channel_values") or {}))
    return sorted(builds, key=lambda b: b.started_at or datetime.min.replace(tzinfo=UTC), reverse=True)


async def _thread_ids(saver: Any) -> list[str]:
    await saver.setup()  # creates the tables of a checkpoint file that was never written
    async with saver.conn.execute("SELECT DISTINCT thread_id FROM checkpoints WHERE checkpoint_ns = ''") as cur:
        return [row[0] for row in await cur.fetchall()]


def _describe(thread_id: str, values: dict[str, Any]) -> LocalBuild:
    started = values.get("started_at")
    return LocalBuild(
        session_id=str(values.get("session_id") or thread_id),
        status=str(values.get("status") or "initializing"),
        output_dir=values.get("output_dir"),
        started_at=datetime.fromtimestamp(started, UTC) if isinstance(started, int | float) else None,
        prompt=str(values.get("prompt") or ""),
    )
