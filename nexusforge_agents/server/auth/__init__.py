"""Accounts and access for the hosted API: sign-in with JWTs, API keys, rate limits, credits, admin metrics.

``install_auth(app, sessionmaker)`` is the one call an app factory makes (before the app starts): it adds the
routes and the access middleware, and wraps the app's lifespan so the first admin, the uptime record and the
credit settler start once the app's own start-up (which creates the tables) has run.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import HTTPConnection

from ...config import Settings
from . import models as models  # registers the tables on the server's Base before create_all
from .principal import Principal
from .settings import AuthSettings
from .state import AuthState

__all__ = ["AuthSettings", "AuthState", "Principal", "current_principal", "install_auth"]


def install_auth(
    app: FastAPI,
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    settings: AuthSettings | None = None,
    library: Settings | None = None,
) -> AuthState:
    from .middleware import AccessMiddleware
    from .routes import auth_router, keys_router, metrics_router

    library = library or Settings()
    settings = settings or AuthSettings()
    if settings.home is None:
        settings = settings.model_copy(update={"home": library.home})
    state = AuthState.create(sessionmaker, settings, library)
    app.state.auth = state
    for router in (auth_router, keys_router, metrics_router):
        app.include_router(router)
    app.add_middleware(AccessMiddleware, state=state)
    inner = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(app_: Any) -> AsyncIterator[Any]:
        async with inner(app_) as value:
            await state.start()
            try:
                yield value
            finally:
                await state.stop()

    app.router.lifespan_context = lifespan
    return state


async def current_principal(conn: HTTPConnection) -> Principal | None:
    """What the access middleware admitted; None on public paths (and when accounts are not installed)."""
    return conn.scope.get("state", {}).get("principal")
