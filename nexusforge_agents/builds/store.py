"""Every query about builds: their rows, event logs and deployments (used by API processes and workers alike)."""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, or_, select, update
from sqlalchemy.orm import load_only

from ..schemas import BuildStatus
from .db import BuildRow, Database, DeploymentRow, EventRow, utcnow

TERMINAL = frozenset(status.value for status in BuildStatus if status.is_terminal)
_LIST_COLUMNS = (
    BuildRow.session_id,
    BuildRow.owner_id,
    BuildRow.prompt,
    BuildRow.status,
    BuildRow.progress,
    BuildRow.current_phase,
    BuildRow.started_at,
    BuildRow.completed_at,
    BuildRow.app_name,
    BuildRow.deployment_url,
)


@dataclass
class PendingEvent:
    """One event on its way to the log, with the build-row columns it changes."""

    session_id: str
    seq: int
    wire: dict[str, Any]
    update: dict[str, Any] = field(default_factory=dict)


class BuildStore:
    def __init__(self, db: Database, *, cache_size: int = 256) -> None:
        self.db = db
        # Finished builds change only by deploy or delete, which invalidate: status polls skip the database.
        self._finished: OrderedDict[str, BuildRow] = OrderedDict()
        self._cache_size = cache_size

    async def get_finished_or_current(self, session_id: str) -> BuildRow | None:
        """``get`` with the result, answered from memory for finished builds."""
        row = self._finished.get(session_id)
        if row is not None:
            self._finished.move_to_end(session_id)
            return row
        row = await self.get(session_id)
        if row is not None and row.status in TERMINAL:
            self._finished[session_id] = row
            if len(self._finished) > self._cache_size:
                self._finished.popitem(last=False)
        return row

    def forget(self, session_id: str) -> None:
        self._finished.pop(session_id, None)

    async def create(self, row: BuildRow) -> None:
        async with self.db.session() as session, session.begin():
            session.add(row)

    async def get(self, session_id: str, *, with_result: bool = True) -> BuildRow | None:
        query = select(BuildRow).where(BuildRow.session_id == session_id)
        if not with_result:
            query = query.options(load_only(*_LIST_COLUMNS, BuildRow.output_dir, BuildRow.config, BuildRow.last_seq))
        async with self.db.read_session() as session:
            return (await session.execute(query)).scalar_one_or_none()

    async def list_builds(
        self,
        *,
        owner_id: str | None,
        skip: int,
        limit: int,
        status: str | None,
        search: str | None,
    ) -> Sequence[BuildRow]:
        query = select(BuildRow).options(load_only(*_LIST_COLUMNS))
        if owner_id is not None:
            query = query.where(BuildRow.owner_id == owner_id)
        if status:
            query = query.where(BuildRow.status == status)
        if search:
            pattern = f"%{_escape_like(search.lower())}%"
            query = query.where(
                or_(
                    func.lower(BuildRow.app_name).like(pattern, escape="\\"),
                    func.lower(BuildRow.app_description).like(pattern, escape="\\"),
                    func.lower(BuildRow.prompt).like(pattern, escape="\\"),
                )
            )
        query = query.order_by(BuildRow.started_at.desc(), BuildRow.session_id.desc()).offset(skip).limit(limit)
        async with self.db.read_session() as session:
            return (await session.execute(query)).scalars().all()

    async def unfinished(self) -> Sequence[BuildRow]:
        query = (
            select(BuildRow)
            .options(load_only(*_LIST_COLUMNS, BuildRow.output_dir, BuildRow.config, BuildRow.last_seq))
            .where(BuildRow.status.not_in(TERMINAL))
            .order_by(BuildRow.started_at)
        )
        async with self.db.read_session() as session:
            return (await session.execute(query)).scalars().all()

    async def update(self, session_id: str, **values: Any) -> None:
        async with self.db.session() as session, session.begin():
            await session.execute(update(BuildRow).where(BuildRow.session_id == session_id).values(**values))

    async def delete(self, session_id: str) -> None:
        self.forget(session_id)
        async with self.db.session() as session, session.begin():
            # explicit child deletes: not every database enforces ON DELETE CASCADE by default
            await session.execute(delete(EventRow).where(EventRow.session_id == session_id))
            await session.execute(delete(DeploymentRow).where(DeploymentRow.session_id == session_id))
            await session.execute(delete(BuildRow).where(BuildRow.session_id == session_id))

    async def events_after(self, session_id: str, after_seq: int) -> list[dict[str, Any]]:
        query = (
            select(EventRow.data)
            .where(EventRow.session_id == session_id, EventRow.seq > after_seq)
            .order_by(EventRow.seq)
        )
        async with self.db.read_session() as session:
            return list((await session.execute(query)).scalars().all())

    async def last_seq(self, session_id: str) -> int:
        query = select(func.max(EventRow.seq)).where(EventRow.session_id == session_id)
        async with self.db.read_session() as session:
            return (await session.execute(query)).scalar_one_or_none() or 0

    async def apply(self, batch: Sequence[PendingEvent]) -> None:
        """Store a batch of events and their row changes in one transaction (group commit)."""
        async with self.db.engine.begin() as conn:
            for statement, params in _batch_statements(batch):
                await conn.execute(statement, params)

    def apply_sync(self, batch: Sequence[PendingEvent]) -> None:
        """``apply`` on the synchronous engine, for the event writer's thread (one thread hop per batch)."""
        assert self.db.sync_engine is not None
        with self.db.sync_engine.begin() as conn:
            for statement, params in _batch_statements(batch):
                conn.execute(statement, params)

    async def recent_durations(self, limit: int = 50) -> list[tuple[float, dict[str, Any]]]:
        query = (
            select(BuildRow.duration_s, BuildRow.config)
            .where(BuildRow.status == BuildStatus.COMPLETED.value, BuildRow.duration_s.is_not(None))
            .order_by(BuildRow.completed_at.desc())
            .limit(limit)
        )
        async with self.db.read_session() as session:
            return [(float(d), c or {}) for d, c in (await session.execute(query)).all()]

    async def add_deployment(self, row: DeploymentRow, deployment_url: str | None) -> None:
        self.forget(row.session_id)
        async with self.db.session() as session, session.begin():
            session.add(row)
            await session.execute(
                update(BuildRow).where(BuildRow.session_id == row.session_id).values(deployment_url=deployment_url)
            )


def _batch_statements(batch: Sequence[PendingEvent]) -> list[tuple[Any, list[dict[str, Any]]]]:
    """The INSERT of the batch's events, then one UPDATE of the builds' rows per set of columns changed, each run
    with many parameter sets (executemany): a few statements per batch however many builds it spans (a round trip
    each; in a busy worker each one also waits for the GIL)."""
    for item in batch:
        _check_sendable(item)
    now = utcnow()
    rows = [
        {"session_id": i.session_id, "seq": i.seq, "type": i.wire["type"], "data": i.wire, "stored_at": now}
        for i in batch
    ]
    updates: dict[str, dict[str, Any]] = {}
    for item in batch:
        updates.setdefault(item.session_id, {}).update(item.update, last_seq=item.seq)
    by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for session_id, values in updates.items():
        by_columns.setdefault(tuple(sorted(values)), []).append({"row_id": session_id, **values})
    statements: list[tuple[Any, list[dict[str, Any]]]] = [(insert(EventRow), rows)]
    for columns, params in by_columns.items():
        statement = (
            update(BuildRow)
            .where(BuildRow.session_id == bindparam("row_id"))
            .values({column: bindparam(column) for column in columns})
        )
        statements.append((statement, params))
    return statements


def _check_sendable(item: PendingEvent) -> None:
    """The log holds only what every client can be sent: JSON whose text is valid UTF-8 (a WebSocket text frame
    cannot carry a lone surrogate, though a JSON column would store it escaped)."""
    try:
        json.dumps(item.wire, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except (UnicodeEncodeError, ValueError) as exc:
        raise ValueError(f"event {item.seq} of build {item.session_id} cannot be sent as JSON text: {exc}") from exc


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
