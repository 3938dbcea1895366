"""The build gate: a route dependency of every route that starts a build, spending the caller's build quota and
credits once the request is valid (``credits.py`` keeps the ledger; this module sits above it and ``state.py``).

    async def create_build(..., gate: BuildGateDep, ...):
        ...validate...
        async with gate(config) as admission:
            session_id = ...start the build...
            admission.session_id = session_id

The OpenAPI document lists 402 on exactly the routes that declare it.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends
from starlette.requests import HTTPConnection

from ...config import BuildConfig
from .credits import attach, build_cost, charge, refund_now
from .principal import Principal
from .state import AuthState


@dataclass
class Admission:
    """A valid build request let through the gate; the route sets ``session_id`` once the build has started."""

    session_id: str | None = None


BuildGate = Callable[[BuildConfig], contextlib.AbstractAsyncContextManager[Admission]]


async def build_gate(conn: HTTPConnection) -> BuildGate:
    """The caller's gate (an app without accounts gets one that lets every valid build start)."""
    state = getattr(conn.app.state, "auth", None)
    principal = conn.scope.get("state", {}).get("principal")
    return functools.partial(admit_build, state, principal)


BuildGateDep = Annotated[BuildGate, Depends(build_gate)]


@contextlib.asynccontextmanager
async def admit_build(
    state: AuthState | None, principal: Principal | None, config: BuildConfig
) -> AsyncIterator[Admission]:
    """The gate of an accepted build request (the route has validated it): one hit on the caller's build quota
    (429 when spent), then its credits (402 when short). The charge is tied to the build that starts, or given
    back at once if none does; a refused request never reaches this, so it spends neither."""
    admission = Admission()
    if state is None or principal is None:  # an app without accounts: every valid build starts
        yield admission
        return
    await state.limiter.hit("build", principal.rate_key)
    charge_id = await charge(state.sessionmaker, principal.user_id, build_cost(config, state.settings, state.library))
    try:
        yield admission
    finally:
        if charge_id is not None:
            if admission.session_id is not None:
                await attach(state.sessionmaker, charge_id, admission.session_id)
            else:
                await refund_now(state.sessionmaker, charge_id, "build_not_started")
