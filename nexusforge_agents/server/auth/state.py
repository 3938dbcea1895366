"""Everything accounts and access need at run time, built once per app; the database is bound at start-up,
when the app's own lifespan has opened it and created the tables."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ...config import Settings
from ...private_paths import private_dir
from . import credits, metrics
from .accounts import ensure_admin, print_admin_notice
from .metrics import RequestStats
from .ratelimit import RateLimiter
from .redact import UrlCredentialRedactor, install_redactor, remove_redactor
from .service import AuthService
from .settings import AuthSettings


@dataclass
class AuthState:
    settings: AuthSettings
    library: Settings
    limiter: RateLimiter
    stats: RequestStats = field(default_factory=RequestStats)
    _service: AuthService | None = None
    run_id: int | None = None
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    _redactor: UrlCredentialRedactor | None = None

    @classmethod
    def create(cls, settings: AuthSettings, library: Settings) -> AuthState:
        if settings.home is None:
            settings = settings.model_copy(update={"home": library.home})
        return cls(settings=settings, library=library, limiter=RateLimiter(settings))

    @property
    def service(self) -> AuthService:
        if self._service is None:
            raise RuntimeError("accounts are not started: the app's lifespan has not run")
        return self._service

    @property
    def sessionmaker(self) -> async_sessionmaker[AsyncSession]:
        return self.service.sessionmaker

    async def start(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        """Bind the database, create the first admin if there is none, record this run, start the tasks."""
        self._redactor = install_redactor()  # after the server configured its loggers
        private_dir(self.settings.secret_home)  # the home: database, checkpoints, JWT secret, admin notice
        self._service = AuthService(sessionmaker, self.settings)
        boot = await ensure_admin(sessionmaker, self.settings, self.settings.secret_home)
        if boot is not None:
            print_admin_notice(boot)
        self.run_id = await metrics.record_start(sessionmaker)
        self.tasks = [
            asyncio.create_task(
                metrics.heartbeat(sessionmaker, self.run_id, self.settings.heartbeat_interval_s),
                name="nexusforge-heartbeat",
            ),
            asyncio.create_task(
                credits.run_settler(sessionmaker, self.settings.credits_settle_interval_s),
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
        if self.run_id is not None:
            with contextlib.suppress(Exception):
                await credits.settle_finished(self.sessionmaker)
            await metrics.beat(self.sessionmaker, self.run_id)  # uptime counts up to this shutdown
        if self._redactor is not None:
            remove_redactor(self._redactor)
