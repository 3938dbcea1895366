"""Shared by the Cloud Run tests and the cassette builder: the app deployed, the settings, the VCR set-up.

Replay (the default) uses fixed names and anonymous credentials, with sockets disabled. Recording live
(``--record-mode=rewrite``) uses Application Default Credentials and the ``NEXUSFORGE_GCP_*`` environment, and
rewrites the live project, bucket and domain into the fixed names as each interaction is saved, so a cassette
recorded in any project replays here. See cassettes/README.md.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import vcr
from vcr.request import Request

from nexusforge_agents.config import BuildConfig, Settings
from nexusforge_agents.context import AgentContext
from nexusforge_agents.schemas import AppSpec, Entity, EntityField
from nexusforge_agents.tools.cloudrun_config import CloudRunSettings

CASSETTES = Path(__file__).parent / "cassettes" / "test_cloudrun"
PROJECT = "nexusforge-demo"
REGION = "us-central1"
BUCKET = "nexusforge-demo-builds"
REPOSITORY = "nexusforge"
DOMAIN = "tasks.northwind.dev"
SERVICE = "team-tasks-production"

DOCKERFILE = """\
FROM python:3.11-slim
WORKDIR /app
COPY backend/requirements.txt backend/requirements.txt
RUN pip install --no-cache-dir -r backend/requirements.txt
COPY backend backend
COPY frontend/dist frontend/dist
CMD exec uvicorn backend.main:app --host 0.0.0.0 --port ${PORT:-8080}
"""
MAIN_V1 = """\
from fastapi import FastAPI

app = FastAPI(title="Team Tasks")


@app.get("/api/health")
def health() -> dict[str, str]:
    return {"status": "ok"}
"""
APP_V1 = {
    "Dockerfile": DOCKERFILE,
    ".dockerignore": "node_modules\n**/__pycache__\nmockups\n*.json\n!frontend/package.json\n",
    "backend/__init__.py": "",
    "backend/main.py": MAIN_V1,
    "backend/requirements.txt": "fastapi==0.115.6\nuvicorn==0.34.0\n",
    "backend/__pycache__/main.cpython-311.pyc": "compiled",
    "frontend/package.json": '{"name": "team-tasks", "private": true}\n',
    "frontend/dist/index.html": "<!doctype html><title>Team Tasks</title><div id=root></div>\n",
    "node_modules/react/index.js": "module.exports = {};\n",
    "mockups/TaskList.png": "not really a png",
    "spec.json": '{"name": "Team Tasks"}\n',
}
# The second version of the app: what a redeploy ships.
APP_V2 = {**APP_V1, "backend/main.py": MAIN_V1 + '\n\n@app.get("/api/version")\ndef version() -> int:\n    return 2\n'}
# An app whose Dockerfile cannot build: it copies a file the app does not have.
APP_BROKEN = {**APP_V1, "Dockerfile": DOCKERFILE.replace("backend/requirements.txt backend/", "requirements.lock ")}

SPEC = AppSpec(
    name="Team Tasks",
    description="Tasks for a small team",
    features=["Create and assign tasks"],
    ui_components=["TaskList"],
    entities=[Entity(name="Task", plural="tasks", fields=[EntityField(name="title")])],
)


def write_app(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def make_context(workdir: Path, progress: list[tuple[str, float]]) -> AgentContext:
    return AgentContext(
        agent="deployer",
        settings=Settings(home=workdir.parent / "home"),
        config=BuildConfig(deploy="cloudrun"),
        workdir=workdir,
        on_progress=lambda message, fraction: progress.append((message, fraction)),
    )


def replay_settings(**overrides: Any) -> CloudRunSettings:
    values: dict[str, Any] = {
        "project": PROJECT,
        "region": REGION,
        "bucket": BUCKET,
        "repository": REPOSITORY,
        "build_timeout_s": 600,
        "deploy_timeout_s": 300,
        "domain_timeout_s": 60,
        "poll_interval_s": 0,
    }
    return CloudRunSettings(_env_file=None, **{**values, **overrides})  # type: ignore[call-arg]


def live_settings(**overrides: Any) -> CloudRunSettings:
    """The recording run's settings: the environment's project and bucket, the fixed region and repository."""
    settings = CloudRunSettings()
    if settings.missing() or settings.region != REGION or settings.repository != REPOSITORY:
        raise RuntimeError(
            f"Recording needs NEXUSFORGE_GCP_PROJECT and NEXUSFORGE_GCP_BUCKET set, NEXUSFORGE_GCP_REGION={REGION} "
            f"and NEXUSFORGE_GCP_REPOSITORY={REPOSITORY} (see tests/tools/cassettes/README.md)."
        )
    return settings.model_copy(update={"poll_interval_s": 3, **overrides})


def live_names() -> dict[str, str]:
    """Live value -> replay value, for the recording run's rewriting."""
    pairs = {
        os.environ.get("NEXUSFORGE_GCP_PROJECT", ""): PROJECT,
        os.environ.get("NEXUSFORGE_GCP_BUCKET", ""): BUCKET,
        os.environ.get("NEXUSFORGE_RECORD_DOMAIN", ""): DOMAIN,
    }
    return {live: fixed for live, fixed in pairs.items() if live and live != fixed}


_UPLOAD_DATA = re.compile(rb"(Content-Type: application/gzip\r\n\r\n).*(\r\n--[^\r\n]*--\r\n)\Z", re.S)
_UPLOAD_METADATA = re.compile(r"Content-Type: application/json; charset=UTF-8\r\n\r\n(\{.*?\})\r\n--", re.S)


def _rename(text: str, names: dict[str, str]) -> str:
    for live, fixed in names.items():
        text = text.replace(live, fixed)
    return text


def request_filter(names: dict[str, str]):  # noqa: ANN201
    """Before a request is saved or matched: live names -> fixed names; the archive bytes -> their length."""

    def scrub(request: Request) -> Request:
        request.uri = _rename(request.uri, names)
        body = request.body
        if isinstance(body, bytes) and b"Content-Type: application/gzip" in body:
            body = _UPLOAD_DATA.sub(lambda m: m.group(1) + b"<gzip archive omitted>" + m.group(2), body)
        if isinstance(body, bytes):
            body = _rename(body.decode("utf-8", "replace"), names).encode()
        elif isinstance(body, str):
            body = _rename(body, names)
        request.body = body
        return request

    return scrub


def response_filter(names: dict[str, str]):  # noqa: ANN201
    def scrub(response: dict[str, Any]) -> dict[str, Any]:
        raw = response["body"]["string"]
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        response["body"]["string"] = _rename(text, names).encode()
        for header in ("Set-Cookie", "Alt-Svc", "Server-Timing"):
            response["headers"].pop(header, None)
        return response

    return scrub


def comparable_body(body: Any) -> Any:
    """A request body as JSON; for an upload its metadata part without md5Hash (that depends on the zlib build)."""
    if body is None:
        return None
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
    try:
        return json.loads(text)
    except ValueError:
        found = _UPLOAD_METADATA.search(text)
        if not found:
            return None
        metadata = json.loads(found.group(1))
        metadata.pop("md5Hash", None)
        return metadata


def json_body(r1: Request, r2: Request) -> None:
    """vcrpy matcher: the JSON we send must be exactly the JSON in the cassette (field by field)."""
    sent, recorded = comparable_body(r1.body), comparable_body(r2.body)
    assert sent == recorded, f"request body differs from the cassette:\n{sent}\n!=\n{recorded}"


def recorder(record_mode: str, names: dict[str, str]) -> vcr.VCR:
    machine = vcr.VCR(
        cassette_library_dir=str(CASSETTES),
        record_mode="all" if record_mode == "rewrite" else record_mode,
        match_on=("method", "scheme", "host", "port", "path", "query", "json_body"),
        filter_headers=["authorization", "x-goog-user-project"],
        before_record_request=request_filter(names),
        before_record_response=response_filter(names),
        decode_compressed_response=True,
    )
    machine.register_matcher("json_body", json_body)
    return machine


def bodies(cassette: Any, method: str, path_part: str, *, requests: bool = False) -> list[Any]:
    """The JSON bodies of the cassette's responses (or requests) to ``method`` on paths containing ``path_part``."""
    found = []
    for request, response in cassette.data:
        if request.method == method and path_part in request.path:
            if requests:
                found.append(comparable_body(request.body))
            else:
                raw = response["body"]["string"]
                found.append(json.loads(raw) if raw else None)
    return found
