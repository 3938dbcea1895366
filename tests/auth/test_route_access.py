"""Every route declares exactly one access rule (server/auth/access.py), and an app with an undeclared route does
not start: deny by default."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from fastapi import APIRouter

from nexusforge_agents.config import Settings
from nexusforge_agents.server import ServerSettings, create_app
from nexusforge_agents.server.auth.access import check_every_route_declared, public, requires, route_access
from tests.auth.live_auth import serve

API_PUBLIC = {"/health", "/auth/login", "/auth/refresh", "/openapi.json", "/docs", "/docs/assets",
              "/docs/oauth2-redirect", "/redoc"}  # fmt: skip
# The console's page and assets (it signs in through the API) and its proxied app frames (a ticket in the path).
CONSOLE_PUBLIC = {"/", "/console/static/{path:path}", "/console/apps/{ticket}/{path:path}"}


def test_every_route_of_the_app_declares_exactly_one_access_rule(tmp_path) -> None:
    app = create_app(Settings(home=tmp_path / "home"), ServerSettings(build_runner="inline"))
    routes = route_access(app)
    assert len(routes) >= 25  # the whole table, included routers flattened
    undeclared = [(route.path, route.methods) for route, rules in routes if len(rules) != 1]
    assert undeclared == []
    check_every_route_declared(app)
    public_paths = {route.path for route, rules in routes if rules[0].is_public}
    assert API_PUBLIC <= public_paths <= API_PUBLIC | CONSOLE_PUBLIC  # a new public route is a decision: list it here


def test_a_route_without_an_access_rule_stops_the_app_from_starting(tmp_path) -> None:
    app = create_app(Settings(home=tmp_path / "home"), ServerSettings(build_runner="inline"))
    forgotten = APIRouter()

    @forgotten.get("/api/forgotten")
    async def forgotten_route() -> dict[str, str]:
        return {"secret": "data"}

    app.include_router(forgotten)
    with pytest.raises(RuntimeError, match=r"\['GET'\] /api/forgotten: 0 access rules"):
        check_every_route_declared(app)

    twice = APIRouter(dependencies=[requires("read")])

    @twice.get("/api/twice", dependencies=[public()])
    async def twice_route() -> dict[str, str]:
        return {}

    app.include_router(twice)
    with pytest.raises(RuntimeError, match=r"/api/twice: 2 access rules"):
        check_every_route_declared(app)


def test_a_declared_route_added_later_is_enforced_on_the_real_server(tmp_path, monkeypatch) -> None:
    """What a new router (the console's, say) gets by declaring its rule: sign-in, the key permission, rate limits."""
    extra = APIRouter(prefix="/api/extra", dependencies=[requires("deploy")])

    @extra.get("/ping")
    async def ping() -> dict[str, str]:
        return {"pong": "yes"}

    monkeypatch.delenv("NEXUSFORGE_REDIS_URL", raising=False)
    with serve(Settings(home=tmp_path / "home"), routers=[extra]) as live:
        with httpx.Client(base_url=live.base_url, timeout=30) as http:
            refused = http.get("/api/extra/ping")
            assert refused.status_code == 401 and refused.json()["error_code"] == "UNAUTHORIZED"
            assert refused.headers["www-authenticate"] == 'Bearer realm="nexusforge"'
            bad = http.get("/api/extra/ping", headers={"Authorization": "Bearer nonsense"})
            assert bad.status_code == 401
        assert asyncio.run(_docs_are_public(live.base_url)) == (200, 200)


async def _docs_are_public(base_url: str) -> tuple[int, int]:
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
        return (await http.get("/docs")).status_code, (await http.get("/openapi.json")).status_code
