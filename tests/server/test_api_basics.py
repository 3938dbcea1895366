"""Input validation, errors, health, models, estimates and OpenAPI against the real server."""

from __future__ import annotations

import shutil
import sqlite3

import httpx
import pytest

from nexusforge_agents.config import BuildConfig
from nexusforge_agents.server.estimate import estimate_range, format_range
from tests.contract.contract_doc import assert_shape, examples
from tests.server.live import ws_messages

DOC = examples()
BUILD = "/api/nexus-forge/build"


@pytest.mark.parametrize(
    ("request_kwargs", "detail"),
    [
        ({"json": {"config": {"enableVideoDemo": True}}}, "App description is required"),
        ({"json": {"prompt": "   "}}, "App description is required"),
        ({"json": {"prompt": None}}, "App description is required"),
        ({}, "App description is required"),
        ({"json": {"prompt": 42}}, "prompt: Input should be a valid string"),
        ({"json": {"prompt": "x", "config": {"enableVideoDemo": "maybe"}}}, "config.enableVideoDemo"),
        ({"json": {"prompt": "x", "config": {"noSuchOption": 1}}}, "config.noSuchOption"),
        ({"json": {"prompt": "x", "config": {"models": {"spec": "nope:model"}}}}, "Unknown model provider 'nope'"),
        ({"json": {"prompt": "x", "extra": 1}}, "extra: Extra inputs are not permitted"),
        ({"json": ["Build a note app"]}, "Invalid request"),
        ({"json": {"prompt": "x" * 9000}}, "too long"),
        ({"content": b'{"prompt": "Build', "headers": {"Content-Type": "application/json"}}, "Malformed JSON body"),
    ],
)
async def test_bad_build_requests_are_400_invalid_input(live, request_kwargs, detail):
    async with live.client() as client:
        answer = await client.post(BUILD, **request_kwargs)
    assert answer.status_code == 400, answer.text
    body = answer.json()
    assert body["error_code"] == "INVALID_INPUT" and detail in body["detail"]
    if detail == "App description is required":
        assert body == DOC[("POST /api/nexus-forge/build", "errors")][0], "the contract's exact 400 body"


async def test_unknown_sessions_routes_and_methods_keep_the_error_envelope(live):
    async with live.client() as client:
        for answer, status, code in [
            (await client.get(f"{BUILD}/no-such-id"), 404, "SESSION_NOT_FOUND"),
            (await client.delete(f"{BUILD}/no-such-id"), 404, "SESSION_NOT_FOUND"),
            (await client.get(f"{BUILD}/no-such-id/events"), 404, "SESSION_NOT_FOUND"),
            (await client.get("/api/nexus-forge/nothing-here"), 404, "NOT_FOUND"),
            (await client.put(BUILD, json={}), 405, "METHOD_NOT_ALLOWED"),
            (await client.get("/api/nexus-forge/builds?limit=0"), 400, "INVALID_INPUT"),
            (await client.get("/api/nexus-forge/builds?skip=-1"), 400, "INVALID_INPUT"),
            (await client.get("/api/nexus-forge/builds?limit=ten"), 400, "INVALID_INPUT"),
            (await client.post(f"{BUILD}/from-template", json={"template_id": "nope"}), 404, "TEMPLATE_NOT_FOUND"),
        ]:
            assert answer.status_code == status, answer.text
            assert answer.json()["error_code"] == code and isinstance(answer.json()["detail"], str)


async def test_health_runs_real_checks(live, settings):
    async with httpx.AsyncClient(base_url=live.base_url) as client:  # public: no token
        answer = await client.get("/health")
        assert answer.status_code == 200
        body = answer.json()
        assert_shape(DOC[("GET /health", "response")], body)
        assert body["status"] == "healthy"
        assert body["services"] == {
            "database": "healthy",
            "redis": "not_configured",
            "ai_models": "healthy",
            "storage": "healthy",
        }
        assert body["checks"]["database"]["latency_ms"] >= 0
        # break the storage: the artifacts folder becomes a file
        artifacts = settings.home / "artifacts"
        shutil.move(artifacts, settings.home / "artifacts.moved")
        artifacts.write_text("not a folder")
        try:
            broken = await client.get("/health")
        finally:
            artifacts.unlink()
            shutil.move(settings.home / "artifacts.moved", artifacts)
        assert broken.status_code == 503
        assert broken.json()["status"] == "unhealthy" and broken.json()["services"]["storage"] == "unhealthy"
        assert (await client.get("/health")).json()["status"] == "healthy"


async def test_models_lists_offline_models_as_available(live):
    async with live.client() as client:
        body = (await client.get("/api/config/models")).json()
    models = {m["name"]: m for m in body["models"]}
    documented = DOC[("GET /api/config/models", "response")]["models"][0]
    for model in body["models"]:
        assert_shape({k: documented[k] for k in ("name", "type", "status", "version")}, model)
    assert models["offline-spec-1"]["status"] == "available"
    assert {m["type"] for m in body["models"]} >= {"specification", "image_generation", "video_generation"}


async def test_estimated_duration_is_derived_from_measured_builds(live, settings):
    prior = live.app.state.server_settings.estimate_prior_s
    async with live.client() as client:
        first = (await client.post(BUILD, json={"prompt": "Build a note app"})).json()
        assert first["estimated_duration"] == format_range(*estimate_range([], True, prior))
        await ws_messages(live.ws_url(first["session_id"]))
        with sqlite3.connect(settings.home / "server.sqlite") as db:
            (measured,) = db.execute("select duration_s from builds where status = 'completed'").fetchone()
        assert 0 < measured < prior / 4, "a scripted build takes about a second"
        second = (await client.post(BUILD, json={"prompt": "Build a note app"})).json()
        history = [(measured, BuildConfig().model_dump())]
        assert second["estimated_duration"] == format_range(*estimate_range(history, True, prior))
        assert second["estimated_duration"] != first["estimated_duration"]
        await ws_messages(live.ws_url(second["session_id"]))


async def test_openapi_documents_every_endpoint(live):
    async with httpx.AsyncClient(base_url=live.base_url) as client:
        docs = await client.get("/docs")
        schema = (await client.get("/openapi.json")).json()
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    assert {
        "/api/nexus-forge/build",
        "/api/nexus-forge/build/{session_id}",
        "/api/nexus-forge/builds",
        "/api/nexus-forge/deploy/{session_id}",
        "/api/nexus-forge/templates",
        "/api/nexus-forge/build/from-template",
        "/api/nexus-forge/build/{session_id}/events",
        "/health",
        "/api/config/models",
    } <= set(schema["paths"])
    build_body = schema["components"]["schemas"]["BuildRequest"]["properties"]
    assert {"prompt", "config"} <= set(build_body)
