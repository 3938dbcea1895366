"""Admin metrics from real data: the builds table, the server's measured response times, and its run record.

``RequestStats`` is measured in this process by the access middleware (every HTTP response's duration).
Uptime is the share of the last 30 days covered by recorded server runs (start .. last heartbeat).
"""

from __future__ import annotations

import asyncio
import bisect
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ...builds.db import BuildRow
from .models import ServerRun, utcnow

log = logging.getLogger(__name__)

UPTIME_WINDOW = timedelta(days=30)
LATENCY_BUCKETS_S = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
ACTIVE = ("initializing", "analyzing", "generating_spec", "building", "optimizing", "deploying")


@dataclass
class RequestStats:
    count: int = 0
    total_s: float = 0.0
    by_status: dict[int, int] = field(default_factory=dict)
    buckets: list[int] = field(default_factory=lambda: [0] * (len(LATENCY_BUCKETS_S) + 1))

    def record(self, status: int, seconds: float) -> None:
        self.count += 1
        self.total_s += seconds
        self.by_status[status] = self.by_status.get(status, 0) + 1
        self.buckets[bisect.bisect_left(LATENCY_BUCKETS_S, seconds)] += 1

    @property
    def avg_ms(self) -> float:
        return 1000 * self.total_s / self.count if self.count else 0.0


def human_minutes(seconds: float | None) -> str:
    if seconds is None:
        return "n/a"
    return f"{seconds / 60:.1f} minutes" if seconds >= 60 else f"{seconds:.1f} seconds"


async def record_start(sessionmaker: async_sessionmaker[AsyncSession]) -> int:
    async with sessionmaker() as db:
        run = ServerRun(started_at=utcnow(), last_seen=utcnow())
        db.add(run)
        await db.commit()
        return run.id


async def beat(sessionmaker: async_sessionmaker[AsyncSession], run_id: int) -> None:
    async with sessionmaker() as db:
        await db.execute(update(ServerRun).where(ServerRun.id == run_id).values(last_seen=utcnow()))
        await db.commit()


async def heartbeat(sessionmaker: async_sessionmaker[AsyncSession], run_id: int, interval_s: float) -> None:
    """Background task: move this run's ``last_seen`` forward until cancelled."""
    while True:
        await asyncio.sleep(interval_s)
        try:
            await beat(sessionmaker, run_id)
        except Exception:  # a missed beat costs a little uptime; ending the task would cost it all
            log.exception("server heartbeat failed")


async def uptime_ratio(db: AsyncSession, run_id: int | None, now: datetime) -> float:
    start = now - UPTIME_WINDOW
    runs = (await db.scalars(select(ServerRun).where(ServerRun.last_seen >= start))).all()
    if not runs:
        return 1.0
    begin = max(start, min(r.started_at for r in runs))
    spans = sorted((max(r.started_at, begin), now if r.id == run_id else r.last_seen) for r in runs)
    covered, cursor = timedelta(0), begin
    for lo, hi in spans:  # merge overlapping runs (several workers share one database)
        lo = max(lo, cursor)
        if hi > lo:
            covered += hi - lo
            cursor = hi
    total = now - begin
    return 1.0 if total <= timedelta(0) else min(1.0, covered / total)


async def collect(db: AsyncSession, stats: RequestStats, run_id: int | None) -> dict[str, Any]:
    now = utcnow()
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    month = day.replace(day=1)
    counts = (
        await db.execute(
            select(
                func.count(),
                func.sum(case((BuildRow.status == "completed", 1), else_=0)),
                func.sum(case((BuildRow.status == "failed", 1), else_=0)),
                func.sum(case((BuildRow.status.in_(ACTIVE), 1), else_=0)),
                func.sum(case((BuildRow.started_at >= day, 1), else_=0)),
                func.sum(case((BuildRow.started_at >= month, 1), else_=0)),
            )
        )
    ).one()
    total, ok, failed, active, daily, monthly = (int(v or 0) for v in counts)
    avg_s = await db.scalar(
        select(func.avg(BuildRow.duration_s)).where(BuildRow.status == "completed", BuildRow.duration_s.is_not(None))
    )
    finished = ok + failed
    uptime = await uptime_ratio(db, run_id, now)
    return {
        "builds": {
            "total": total,
            "successful": ok,
            "failed": failed,
            "success_rate": round(ok / finished, 4) if finished else 0.0,
        },
        "performance": {
            "avg_build_time": human_minutes(float(avg_s) if avg_s is not None else None),
            "avg_response_time": f"{stats.avg_ms:.0f}ms",
            "uptime": f"{100 * uptime:.1f}%",
        },
        "usage": {"active_sessions": active, "daily_builds": daily, "monthly_builds": monthly},
        "raw": {
            "avg_build_time_s": float(avg_s) if avg_s is not None else None,
            "avg_response_time_ms": round(stats.avg_ms, 3),
            "uptime_ratio": round(uptime, 6),
            "requests": stats.count,
        },
    }


def prometheus_text(data: dict[str, Any], stats: RequestStats) -> str:
    """The same numbers in the Prometheus text exposition format (version 0.0.4)."""
    builds, usage, raw = data["builds"], data["usage"], data["raw"]
    out: list[str] = []

    def metric(name: str, kind: str, help_: str, samples: list[tuple[str, float]]) -> None:
        out.append(f"# HELP {name} {help_}")
        out.append(f"# TYPE {name} {kind}")
        out.extend(f"{name}{labels} {value:g}" for labels, value in samples)

    metric(
        "nexusforge_builds",
        "gauge",
        "Builds stored, by outcome.",
        [
            ('{outcome="total"}', builds["total"]),
            ('{outcome="successful"}', builds["successful"]),
            ('{outcome="failed"}', builds["failed"]),
        ],
    )
    metric("nexusforge_build_success_ratio", "gauge", "Completed / finished builds.", [("", builds["success_rate"])])
    metric("nexusforge_active_sessions", "gauge", "Builds running now.", [("", usage["active_sessions"])])
    metric("nexusforge_daily_builds", "gauge", "Builds started today (UTC).", [("", usage["daily_builds"])])
    metric("nexusforge_monthly_builds", "gauge", "Builds started this month (UTC).", [("", usage["monthly_builds"])])
    if raw["avg_build_time_s"] is not None:
        metric("nexusforge_avg_build_seconds", "gauge", "Mean completed build time.", [("", raw["avg_build_time_s"])])
    metric("nexusforge_uptime_ratio", "gauge", "Share of the last 30 days up.", [("", raw["uptime_ratio"])])
    metric(
        "nexusforge_http_responses_total",
        "counter",
        "HTTP responses by status code (this process).",
        [(f'{{code="{code}"}}', n) for code, n in sorted(stats.by_status.items())],
    )
    out.append("# HELP nexusforge_http_request_duration_seconds HTTP response time (this process).")
    out.append("# TYPE nexusforge_http_request_duration_seconds histogram")
    cumulative = 0
    for bound, n in zip((*LATENCY_BUCKETS_S, float("inf")), stats.buckets, strict=True):
        cumulative += n
        le = "+Inf" if bound == float("inf") else f"{bound:g}"
        out.append(f'nexusforge_http_request_duration_seconds_bucket{{le="{le}"}} {cumulative}')
    out.append(f"nexusforge_http_request_duration_seconds_sum {stats.total_s:g}")
    out.append(f"nexusforge_http_request_duration_seconds_count {stats.count}")
    return "\n".join(out) + "\n"
