"""FastAPI dependencies: the caller (principal), the process's services, a visible build.

``get_principal`` returns None (anonymous) until accounts are plugged in: the auth module replaces its body
(or overrides it with ``app.dependency_overrides[get_principal]``). Every route that touches builds takes the
principal through it, and ownership is decided in ``owner_id_of`` / ``may_see`` only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeAlias

from fastapi import Depends
from starlette.requests import HTTPConnection

from ..builds.db import Database
from ..builds.records import BuildRecord
from ..builds.service import BuildService
from ..config import Settings
from ..errors import SessionNotFoundError
from .previews import TemplatePreviews
from .settings import ServerSettings

Principal: TypeAlias = Any
"""Whatever the auth module authenticates (a user or an API key); it must have an ``id``."""


@dataclass
class Services:
    settings: Settings
    server: ServerSettings
    db: Database
    builds: BuildService
    previews: TemplatePreviews
    artifacts_dir: Path


async def get_principal(conn: HTTPConnection) -> Principal | None:
    """The authenticated caller: what the accounts middleware (server/auth) admitted for this request or
    WebSocket. None only where accounts are not installed (an app built without ``auth.install``)."""
    return conn.scope.get("state", {}).get("principal")


def owner_id_of(principal: Principal | None) -> str | None:
    """The owner id stored on builds the principal starts, and the filter on what it lists."""
    if principal is None:
        return None
    return str(principal.id)


def may_see(principal: Principal | None, row: Any) -> bool:
    """Whether the principal may see a build (a stored row or a running build: anything with ``owner_id``)."""
    owner = owner_id_of(principal)
    return owner is None or row.owner_id == owner


# Dependencies are ``async def`` even when they do not await: FastAPI runs a plain ``def`` one in its thread pool,
# a thread hop per request for a dictionary lookup.
async def get_services(conn: HTTPConnection) -> Services:
    return conn.app.state.services


ServicesDep = Annotated[Services, Depends(get_services)]
PrincipalDep = Annotated[Principal | None, Depends(get_principal)]


async def visible_build(
    services: Services, principal: Principal | None, session_id: str, *, with_result: bool = True
) -> BuildRecord:
    record = await services.builds.status(session_id, with_result=with_result)
    if not may_see(principal, record):
        raise SessionNotFoundError(f"Build session {session_id} not found")
    return record


def base_url(conn: HTTPConnection, server: ServerSettings) -> str:
    return (server.public_url or str(conn.base_url)).rstrip("/")


def websocket_url(server: ServerSettings, session_id: str) -> str:
    path = f"/ws/nexus-forge/{session_id}"
    if not server.public_url:
        return path
    base = server.public_url.rstrip("/")
    if base.startswith("https://"):
        base = "wss://" + base.removeprefix("https://")
    elif base.startswith("http://"):
        base = "ws://" + base.removeprefix("http://")
    return base + path
