"""open_checkpointer: SQLite by default, PostgreSQL (langgraph-checkpoint-postgres) for a postgresql URL."""

from __future__ import annotations

import operator
from pathlib import Path
from typing import Annotated, TypedDict

import pytest
from langgraph.graph import END, START, StateGraph

from nexusforge_agents.builds.checkpointers import is_postgres_url, open_checkpointer, psycopg_url
from nexusforge_agents.config import Settings


class _State(TypedDict, total=False):
    steps: Annotated[list[str], operator.add]


def _graph(saver: object):  # noqa: ANN202
    builder = StateGraph(_State)
    builder.add_node("one", lambda _s: {"steps": ["one"]})
    builder.add_node("two", lambda _s: {"steps": ["two"]})
    builder.add_edge(START, "one")
    builder.add_edge("one", "two")
    builder.add_edge("two", END)
    return builder.compile(checkpointer=saver, interrupt_before=["two"])


def test_the_asyncpg_url_becomes_a_libpq_url() -> None:
    assert psycopg_url("postgresql+asyncpg://u:p%40w@db.example:5433/forge?ssl=require") == (
        "postgresql://u:p%40w@db.example:5433/forge?sslmode=require"
    )
    assert is_postgres_url("postgresql+asyncpg://h/db") and not is_postgres_url("sqlite+aiosqlite:///x.db")
    assert not is_postgres_url(None)
    with pytest.raises(ValueError, match="not a PostgreSQL URL"):
        psycopg_url("sqlite+aiosqlite:///x.db")


async def _interrupt_then_resume(settings: Settings, database_url: str | None) -> list[str]:
    cfg = {"configurable": {"thread_id": "build-1"}}
    async with open_checkpointer(settings, database_url) as saver:
        await _graph(saver).ainvoke({"steps": []}, cfg)
    async with open_checkpointer(settings, database_url) as saver:  # another process would open its own
        graph = _graph(saver)
        assert (await graph.aget_state(cfg)).next == ("two",)
        final = await graph.ainvoke(None, cfg)
    return final["steps"]


async def test_sqlite_is_the_default(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    assert await _interrupt_then_resume(settings, None) == ["one", "two"]
    assert settings.checkpoint_path.exists()


async def test_postgres_holds_the_checkpoints_when_configured(tmp_path: Path, postgres_url: str) -> None:
    settings = Settings(home=tmp_path)
    assert await _interrupt_then_resume(settings, postgres_url) == ["one", "two"]
    assert not settings.checkpoint_path.exists()  # nothing went to the SQLite file
