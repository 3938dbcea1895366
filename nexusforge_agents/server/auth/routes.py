"""Routes: sign-in (/auth), API keys (/api/keys), admin metrics (/api/metrics, and /metrics for Prometheus)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, Field
from starlette.requests import HTTPConnection

from ...errors import ForbiddenError, UnauthorizedError
from . import keys, metrics
from .access import admin as admin_only
from .access import public, requires
from .credits import balance
from .principal import Principal
from .state import AuthState


class LoginRequest(BaseModel):
    email: str = Field(min_length=3, max_length=320)
    password: str = Field(min_length=1, max_length=1024)


class RefreshRequest(BaseModel):
    refresh_token: str = Field(min_length=1, max_length=512)


class TokenResponse(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int


class Account(BaseModel):
    id: str
    email: str
    role: str
    credits: int
    via: str
    permissions: list[str] | None = None


async def auth_state(conn: HTTPConnection) -> AuthState:
    return conn.app.state.auth


async def principal(conn: HTTPConnection) -> Principal:
    """The caller the route's access rule admitted (it refuses unauthenticated requests before the route)."""
    found = conn.scope.get("state", {}).get("principal")
    if found is None:
        raise UnauthorizedError("Authentication required.")
    return found


StateDep = Annotated[AuthState, Depends(auth_state)]
PrincipalDep = Annotated[Principal, Depends(principal)]

auth_router = APIRouter(prefix="/auth", tags=["auth"])
keys_router = APIRouter(prefix="/api/keys", tags=["api keys"], dependencies=[requires(None)])  # users, not keys
metrics_router = APIRouter(tags=["metrics"], dependencies=[admin_only()])


@auth_router.post("/login", response_model=TokenResponse, dependencies=[public("auth")])
async def login(body: LoginRequest, state: StateDep) -> TokenResponse:
    pair = await state.service.login(body.email, body.password)
    return TokenResponse(**pair.__dict__)


@auth_router.post("/refresh", response_model=TokenResponse, dependencies=[public("auth")])
async def refresh(body: RefreshRequest, state: StateDep) -> TokenResponse:
    pair = await state.service.refresh(body.refresh_token)
    return TokenResponse(**pair.__dict__)


@auth_router.post("/logout", dependencies=[requires(None, bucket="auth")])
async def logout(caller: PrincipalDep, state: StateDep) -> dict[str, str]:
    if caller.session_id is None:
        raise ForbiddenError("Sign out with the access token of the session; API keys are revoked at /api/keys.")
    await state.service.logout(caller.session_id)
    return {"message": "Session revoked", "status": "logged_out"}


@auth_router.get("/me", response_model=Account, dependencies=[requires("read")])
async def me(caller: PrincipalDep, state: StateDep) -> Account:
    async with state.sessionmaker() as db:
        credit = await balance(db, caller.user_id)
    return Account(
        id=caller.user_id,
        email=caller.email,
        role=caller.role,
        credits=credit,
        via=caller.via,
        permissions=sorted(caller.permissions) if caller.via == "api_key" else None,
    )


@keys_router.get("", response_model=list[keys.KeyView])
async def list_keys(caller: PrincipalDep, state: StateDep) -> list[keys.KeyView]:
    async with state.sessionmaker() as db:
        return await keys.list_keys(db, caller.user_id)


@keys_router.post("", response_model=keys.KeyView, status_code=201)
async def create_key(body: keys.NewKey, caller: PrincipalDep, state: StateDep) -> keys.KeyView:
    """The full key is in this response only; afterwards it is listed masked."""
    async with state.sessionmaker() as db:
        created = await keys.create_key(db, caller.user_id, body)
        await db.commit()
    return created.view.model_copy(update={"key": created.secret})


@keys_router.delete("/{key_id}")
async def revoke_key(key_id: str, caller: PrincipalDep, state: StateDep) -> dict[str, str]:
    async with state.sessionmaker() as db:
        await keys.revoke_key(db, caller.user_id, key_id)
        await db.commit()
    return {"message": "API key revoked", "status": "revoked"}


@metrics_router.get("/api/metrics")
async def admin_metrics(state: StateDep) -> dict[str, object]:
    async with state.sessionmaker() as db:
        return await metrics.collect(db, state.stats, state.run_id)


@metrics_router.get("/metrics", response_class=Response)
async def prometheus(state: StateDep) -> Response:
    async with state.sessionmaker() as db:
        data = await metrics.collect(db, state.stats, state.run_id)
    return Response(metrics.prometheus_text(data, state.stats), media_type="text/plain; version=0.0.4")
