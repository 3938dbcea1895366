"""Shared fixtures for the real-provider tests: recorded HTTP, blocked network, fake keys, fast retries.

Import the fixtures a test module uses (``from tests.providers.real_support import vcr_config, ...``).
Cassettes replay through the SDKs' real HTTP stacks (httpx2/aiohttp for google-genai, httpx for litellm's
OpenAI client); pytest-recording's ``block_network`` mark makes any request a cassette lacks fail instead of
leaving the machine. ``NEXUSFORGE_CAPTURE_REQUESTS=1`` writes the requests the SDKs really sent (keys redacted)
back into the cassettes, which is how the hand-built cassettes got their request bodies (see cassettes/README.md).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from vcr.cassette import Cassette
from vcr.matchers import requests_match
from vcr.request import Request

from nexusforge_agents.config import BuildConfig, Settings
from nexusforge_agents.context import AgentContext
from nexusforge_agents.providers import resilience
from tests.providers.cassettes.wire import dump_yaml

SECRET_HEADERS = ("x-goog-api-key", "authorization", "api-key", "x-api-key")
FAKE_KEYS = {
    "GEMINI_API_KEY": "test-gemini-key-not-real",
    "GOOGLE_API_KEY": "test-vertex-express-key-not-real",
    "OPENAI_API_KEY": "sk-test-openai-key-not-real",
}
_GOOGLE_VARS = (
    "GEMINI_API_KEY",
    "GOOGLE_API_KEY",
    "GOOGLE_GENAI_USE_VERTEXAI",
    "GOOGLE_GENAI_USE_ENTERPRISE",
    "GOOGLE_CLOUD_PROJECT",
    "GOOGLE_CLOUD_LOCATION",
    "GOOGLE_APPLICATION_CREDENTIALS",
    "GOOGLE_GENAI_API_VERSION",
)
_OTHER_VARS = ("OPENAI_API_KEY", "ANTHROPIC_API_KEY")


def _upper_method(request: Request) -> Request:
    # google-genai's aiohttp path sends "post"; recorded cassettes say "POST".
    request.method = request.method.upper()
    return request


@pytest.fixture
def vcr_config() -> dict[str, Any]:
    return {
        "filter_headers": [(name, "REDACTED") for name in SECRET_HEADERS],
        "filter_query_parameters": [("key", "REDACTED")],
        "before_record_request": _upper_method,
        "decode_compressed_response": True,
    }


@pytest.fixture
def sent_requests(vcr: Cassette | None, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Request]]:
    """The requests the SDKs really sent during the test, in order (keys already redacted)."""
    sent: list[Request] = []
    played: dict[int, Request] = {}
    original = Cassette.play_response

    def spy(self: Cassette, request: Request) -> Any:
        filtered = self._before_record_request(request)
        sent.append(filtered)
        for index, (stored, _) in enumerate(self.data):
            if self.play_counts[index] == 0 and requests_match(filtered, stored, self._match_on):
                played.setdefault(index, filtered)
                break
        return original(self, request)

    monkeypatch.setattr(Cassette, "play_response", spy)
    yield sent
    if os.environ.get("NEXUSFORGE_CAPTURE_REQUESTS") and vcr is not None and played:
        _write_requests(Path(vcr._path), played)


def _write_requests(path: Path, played: dict[int, Request]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for index, request in played.items():
        body = request.body.decode() if isinstance(request.body, bytes) else request.body
        headers = {k: [v] for k, v in sorted(request.headers.items()) if k.lower() in _KEPT_REQUEST_HEADERS}
        data["interactions"][index]["request"] = {
            "body": body,
            "headers": headers,
            "method": request.method,
            "uri": request.uri,
        }
    path.write_text(dump_yaml(data, sort_keys=False, allow_unicode=True, width=120), encoding="utf-8")


_KEPT_REQUEST_HEADERS = {"content-type", "x-goog-api-key", "authorization", "user-agent", "x-goog-api-client"}


def body_of(request: Request) -> dict[str, Any]:
    raw = request.body.decode() if isinstance(request.body, bytes) else request.body
    return json.loads(raw or "{}")


def _clear(monkeypatch: pytest.MonkeyPatch, names: tuple[str, ...] = _GOOGLE_VARS) -> None:
    for name in names:
        monkeypatch.delenv(name, raising=False)


def _recording(request: pytest.FixtureRequest) -> bool:
    return (request.config.getoption("--record-mode") or "none") != "none"


def _use(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest, **env: str) -> None:
    """Set the fake credentials; when re-recording (``--record-mode``), keep the real ones from the shell."""
    if _recording(request):
        missing = [name for name in env if not os.environ.get(name)]
        if missing:
            pytest.skip(f"re-recording needs {', '.join(missing)} set to real credentials")
        return
    for name, value in env.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def gemini_env(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """The Gemini Developer API with a fake key (and no real key from the developer's shell)."""
    if not _recording(request):
        _clear(monkeypatch)
    _use(monkeypatch, request, GEMINI_API_KEY=FAKE_KEYS["GEMINI_API_KEY"])


@pytest.fixture
def vertex_env(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """Gemini Enterprise Agent Platform (Vertex AI) in express mode with a fake key."""
    if not _recording(request):
        _clear(monkeypatch)
    monkeypatch.setenv("GOOGLE_GENAI_USE_VERTEXAI", "true")
    _use(monkeypatch, request, GOOGLE_API_KEY=FAKE_KEYS["GOOGLE_API_KEY"])


@pytest.fixture
def openai_env(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    _use(monkeypatch, request, OPENAI_API_KEY=FAKE_KEYS["OPENAI_API_KEY"])


@pytest.fixture
def fast_polls(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """Replayed Veo operations need no wait between polls; a live recording polls at the real pace."""
    from nexusforge_agents.providers.gemini_media import VeoVideoMaker

    if not _recording(request):
        monkeypatch.setattr(VeoVideoMaker, "poll_interval_s", 0.0)


@pytest.fixture
def no_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    _clear(monkeypatch, _GOOGLE_VARS + _OTHER_VARS)


@pytest.fixture
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> resilience.RetryPolicy:
    """Real backoff, scaled down: three attempts, waits of a few milliseconds."""
    policy = resilience.RetryPolicy(attempts=3, initial_s=0.005, max_s=0.02)
    monkeypatch.setattr(resilience, "DEFAULT_POLICY", policy)
    return policy


def make_ctx(tmp_path: Path, agent: str, **config: Any) -> AgentContext:
    workdir = tmp_path / "build"
    workdir.mkdir(parents=True, exist_ok=True)
    return AgentContext(
        agent=agent, settings=Settings(home=tmp_path / "home"), config=BuildConfig(**config), workdir=workdir
    )
