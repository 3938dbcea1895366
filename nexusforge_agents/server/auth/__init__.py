"""Accounts and access for the hosted API: sign-in with JWTs, API keys, rate limits, credits, admin metrics.

``install(app)`` is what ``create_app`` calls (before the app starts). It adds the routes and the response timer,
makes the API documentation public, and wraps the app's lifespan: it does not start while a route declares no
access rule (``access.py`` says how a route declares one); then, once the app's own start-up has opened the
database and created the tables (these included: importing this package registers them on the server's
``Base``), the first admin, the uptime record and the credit settler start.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import HTTPConnection

from ...config import Settings
from . import models as models
from .access import admin, public, requires
from .principal import Principal
from .settings import AuthSettings
from .state import AuthState

__all__ = [
    "AuthSettings",
    "AuthState",
    "Principal",
    "admin",
    "current_principal",
    "install",
    "install_auth",
    "public",
    "requires",
]

SessionmakerOf = Callable[[Any], async_sessionmaker[AsyncSession]]


def _server_sessions(app: Any) -> async_sessionmaker[AsyncSession]:
    return app.state.db.sessions


def install(app: FastAPI) -> AuthState:
    """The hook ``create_app`` calls: settings from the environment, the server's database."""
    library = getattr(app.state, "settings", None)
    return install_auth(app, _server_sessions, library=library if isinstance(library, Settings) else None)


def install_auth(
    app: FastAPI,
    sessionmaker_of: SessionmakerOf,
    *,
    settings: AuthSettings | None = None,
    library: Settings | None = None,
) -> AuthState:
    """Routes, middleware and lifespan for ``app``; ``sessionmaker_of(app)`` is called once the app has started."""
    from .access import check_every_route_declared, declare_documentation_public
    from .middleware import ResponseTimer
    from .routes import auth_router, keys_router, metrics_router

    state = AuthState.create(settings or AuthSettings(), library or Settings())
    app.state.auth = state
    for router in (auth_router, keys_router, metrics_router):
        app.include_router(router)
    declare_documentation_public(app)
    app.add_middleware(ResponseTimer, stats=state.stats)
    inner = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(app_: Any) -> AsyncIterator[Any]:
        check_every_route_declared(app_)
        async with inner(app_) as value:
            await state.start(sessionmaker_of(app_))
            try:
                yield value
            finally:
                await state.stop()

    app.router.lifespan_context = lifespan
    return state


async def current_principal(conn: HTTPConnection) -> Principal | None:
    """What the route's access rule admitted; None on public routes (and when accounts are not installed)."""
    return conn.scope.get("state", {}).get("principal")
