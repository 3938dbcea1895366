"""Everything accounts and access need at run time, built once per app."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ...config import Settings
from . import credits, metrics
from .accounts import ensure_admin, print_admin_notice
from .metrics import RequestStats
from .ratelimit import RateLimiter
from .service import AuthService
from .settings import AuthSettings


@dataclass
class AuthState:
    sessionmaker: async_sessionmaker[AsyncSession]
    settings: AuthSettings
    library: Settings
    service: AuthService
    limiter: RateLimiter
    stats: RequestStats = field(default_factory=RequestStats)
    run_id: int | None = None
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    @classmethod
    def create(
        cls, sessionmaker: async_sessionmaker[AsyncSession], settings: AuthSettings, library: Settings
    ) -> AuthState:
        return cls(
            sessionmaker=sessionmaker,
            settings=settings,
            library=library,
            service=AuthService(sessionmaker, settings),
            limiter=RateLimiter(settings),
        )

    async def start(self) -> None:
        """After the tables exist: the first admin, this run's uptime record, the background tasks."""
        boot = await ensure_admin(self.sessionmaker, self.settings, self.settings.home or self.library.home)
        if boot is not None:
            print_admin_notice(boot)
        self.run_id = await metrics.record_start(self.sessionmaker)
        self.tasks = [
            asyncio.create_task(
                metrics.heartbeat(self.sessionmaker, self.run_id, self.settings.heartbeat_interval_s),
                name="nexusforge-heartbeat",
            ),
            asyncio.create_task(
                credits.run_settler(self.sessionmaker, self.settings.credits_settle_interval_s),
                name="nexusforge-credit-settler",
            ),
        ]

    async def stop(self) -> None:
        for task in self.tasks:
            task.cancel()
        for task in self.tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self.tasks = []
        if self.run_id is not None:  # the final beat: uptime counts up to this shutdown
            with contextlib.suppress(Exception):
                await credits.settle_finished(self.sessionmaker)
            await metrics.beat(self.sessionmaker, self.run_id)
