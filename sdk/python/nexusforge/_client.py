"""``Client`` (sync) and ``AsyncClient``: the same resources, ``builds`` and ``templates``, over httpx."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx

from . import __version__
from . import _calls as calls
from ._errors import APIConnectionError, error_from_response
from ._models import Build, BuildDetails, BuildSummary, Cancelled, Deployment, ReviewAnswered, Template
from .wire.events import BuildEvent
from .wire.versions import Version, VersionDiff

DEFAULT_BASE_URL = "http://127.0.0.1:8000"  # where `nexusforge serve` listens by default
STREAM_TIMEOUT = httpx.Timeout(30.0, read=60.0)  # the server pings every 15 s while a build is quiet


def _settings(api_key: str | None, base_url: str | None) -> tuple[str, str]:
    key = api_key or os.environ.get("NEXUSFORGE_API_KEY")
    if not key:
        raise ValueError("Pass api_key=... or set NEXUSFORGE_API_KEY (an API key pk_live_... or an access token).")
    return key, (base_url or os.environ.get("NEXUSFORGE_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")


def _json(response: httpx.Response) -> Any:
    if response.status_code == 204 or not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return None


def _backoff(attempt: int) -> float:
    return min(0.25 * 2**attempt, 5.0)


class _Base:
    def __init__(self, api_key: str | None, base_url: str | None, max_stream_retries: int) -> None:
        key, self.base_url = _settings(api_key, base_url)
        self._headers = {"Authorization": f"Bearer {key}", "User-Agent": f"nexusforge-python/{__version__}"}
        self.max_stream_retries = max_stream_retries

    def __repr__(self) -> str:  # the key stays out of reprs and tracebacks
        return f"{type(self).__name__}(base_url={self.base_url!r})"


class Client(_Base):
    """The Nexus Forge API. ``api_key`` (or ``NEXUSFORGE_API_KEY``); ``base_url`` (or ``NEXUSFORGE_BASE_URL``)."""

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float = 30.0,
        max_stream_retries: int = 3,
    ) -> None:
        super().__init__(api_key, base_url, max_stream_retries)
        self._http = httpx.Client(base_url=self.base_url, headers=self._headers, timeout=timeout)
        self.builds = Builds(self)
        self.templates = Templates(self)

    def call(self, call: calls.Call) -> Any:
        try:
            response = self._http.request(call.method, call.path, json=call.json, params=call.params or None)
        except httpx.TransportError as exc:
            raise APIConnectionError(f"Could not reach {self.base_url}: {exc}") from exc
        return call.parse(calls.answer(response.status_code, _json(response), response.headers))

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


class Builds:
    def __init__(self, client: Client) -> None:
        self._client = client

    def create(self, prompt: str, config: dict[str, Any] | None = None) -> Build:
        return self._client.call(calls.create(prompt, config))

    def create_from_template(self, template_id: str, customizations: dict[str, Any] | None = None) -> Build:
        return self._client.call(calls.from_template(template_id, customizations))

    def get(self, session_id: str) -> BuildDetails:
        return self._client.call(calls.get(session_id))

    def list(
        self, *, skip: int = 0, limit: int = 20, status: str | None = None, search: str | None = None
    ) -> list[BuildSummary]:
        return self._client.call(calls.list_builds(skip, limit, status, search))

    def cancel(self, session_id: str) -> Cancelled:
        return self._client.call(calls.cancel(session_id))

    def deploy(
        self,
        session_id: str,
        *,
        environment: str = "production",
        domain: str | None = None,
        scaling: dict[str, Any] | None = None,
    ) -> Deployment:
        return self._client.call(calls.deploy(session_id, environment, domain, scaling))

    def get_spec(self, session_id: str) -> dict[str, Any]:
        """The build's plan: the one waiting for review (``reviewSpec``), or the one it was built from."""
        return self._client.call(calls.get_spec(session_id))

    def update_spec(self, session_id: str, spec: dict[str, Any]) -> ReviewAnswered:
        """Replace the plan under review with an edited one (a bad edit: ``InvalidRequestError``, nothing lost)."""
        return self._client.call(calls.update_spec(session_id, spec))

    def approve(self, session_id: str, *, spec: dict[str, Any] | None = None) -> ReviewAnswered:
        """Approve the plan under review, as it is or as the edited ``spec``: the build goes on."""
        return self._client.call(calls.approve(session_id, spec))

    def reject(self, session_id: str) -> ReviewAnswered:
        """Reject the plan under review: the build ends cancelled."""
        return self._client.call(calls.reject(session_id))

    def versions(self, session_id: str) -> list[Version]:
        """The app's versions, oldest first: v1 is the build, then one per revision or rollback."""
        return self._client.call(calls.versions(session_id))

    def diff(self, session_id: str, version: int, *, base: int | None = None) -> VersionDiff:
        """What ``version`` changed, against the one before it or against ``base``."""
        return self._client.call(calls.version_diff(session_id, version, base))

    def rollback(self, session_id: str, version: int) -> Version:
        """A new version whose files are exactly those of ``version`` (every version stays)."""
        return self._client.call(calls.rollback(session_id, version))

    def revise(self, session_id: str, prompt: str) -> Build:
        """Start a revision of the ended build's app (the next version, same session). Follow it with
        ``stream(session_id, after_seq=started.last_seq)``: only the revision's events."""
        return self._client.call(calls.revise(session_id, prompt))

    def stream(self, session_id: str, *, after_seq: int | None = None) -> Iterator[BuildEvent]:
        """The build's events as they happen (missed ones first), until it completes, fails or is cancelled.
        A dropped connection is resumed from the last event received; ``after_seq`` starts after that event (a
        revision's ``last_seq``)."""
        reader, failures = calls.EventReader(after_seq), 0
        http = self._client._http
        while not reader.finished:
            try:
                with http.stream(
                    "GET", calls.events_path(session_id), headers=reader.headers(), timeout=STREAM_TIMEOUT
                ) as response:
                    if response.status_code == 204:
                        return
                    if response.status_code >= 400:
                        response.read()
                        raise error_from_response(response.status_code, _json(response), response.headers)
                    for line in response.iter_lines():
                        event = reader.feed(line)
                        if event is not None:
                            failures = 0
                            yield event
                            if reader.finished:
                                return
            except httpx.TransportError as exc:
                dropped: Exception | None = exc
            else:
                dropped = None  # the server ended the stream before the build's final event
            failures += 1
            if failures > self._client.max_stream_retries:
                raise APIConnectionError(f"Lost the event stream of {session_id}: {dropped}") from dropped
            time.sleep(_backoff(failures))


class Templates:
    def __init__(self, client: Client) -> None:
        self._client = client

    def list(self) -> list[Template]:
        return self._client.call(calls.templates())


class AsyncClient(_Base):
    """The asynchronous client: the same resources, with ``await`` (and ``async for`` for streams)."""

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float = 30.0,
        max_stream_retries: int = 3,
    ) -> None:
        super().__init__(api_key, base_url, max_stream_retries)
        self._http = httpx.AsyncClient(base_url=self.base_url, headers=self._headers, timeout=timeout)
        self.builds = AsyncBuilds(self)
        self.templates = AsyncTemplates(self)

    async def call(self, call: calls.Call) -> Any:
        try:
            response = await self._http.request(call.method, call.path, json=call.json, params=call.params or None)
        except httpx.TransportError as exc:
            raise APIConnectionError(f"Could not reach {self.base_url}: {exc}") from exc
        return call.parse(calls.answer(response.status_code, _json(response), response.headers))

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()


class AsyncBuilds:
    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def create(self, prompt: str, config: dict[str, Any] | None = None) -> Build:
        return await self._client.call(calls.create(prompt, config))

    async def create_from_template(self, template_id: str, customizations: dict[str, Any] | None = None) -> Build:
        return await self._client.call(calls.from_template(template_id, customizations))

    async def get(self, session_id: str) -> BuildDetails:
        return await self._client.call(calls.get(session_id))

    async def list(
        self, *, skip: int = 0, limit: int = 20, status: str | None = None, search: str | None = None
    ) -> list[BuildSummary]:
        return await self._client.call(calls.list_builds(skip, limit, status, search))

    async def cancel(self, session_id: str) -> Cancelled:
        return await self._client.call(calls.cancel(session_id))

    async def deploy(
        self,
        session_id: str,
        *,
        environment: str = "production",
        domain: str | None = None,
        scaling: dict[str, Any] | None = None,
    ) -> Deployment:
        return await self._client.call(calls.deploy(session_id, environment, domain, scaling))

    async def get_spec(self, session_id: str) -> dict[str, Any]:
        return await self._client.call(calls.get_spec(session_id))

    async def update_spec(self, session_id: str, spec: dict[str, Any]) -> ReviewAnswered:
        return await self._client.call(calls.update_spec(session_id, spec))

    async def approve(self, session_id: str, *, spec: dict[str, Any] | None = None) -> ReviewAnswered:
        return await self._client.call(calls.approve(session_id, spec))

    async def reject(self, session_id: str) -> ReviewAnswered:
        return await self._client.call(calls.reject(session_id))

    async def versions(self, session_id: str) -> list[Version]:
        return await self._client.call(calls.versions(session_id))

    async def diff(self, session_id: str, version: int, *, base: int | None = None) -> VersionDiff:
        return await self._client.call(calls.version_diff(session_id, version, base))

    async def rollback(self, session_id: str, version: int) -> Version:
        return await self._client.call(calls.rollback(session_id, version))

    async def revise(self, session_id: str, prompt: str) -> Build:
        return await self._client.call(calls.revise(session_id, prompt))

    async def stream(self, session_id: str, *, after_seq: int | None = None) -> AsyncIterator[BuildEvent]:
        """Like ``Client.builds.stream``, asynchronously."""
        reader, failures = calls.EventReader(after_seq), 0
        http = self._client._http
        while not reader.finished:
            try:
                async with http.stream(
                    "GET", calls.events_path(session_id), headers=reader.headers(), timeout=STREAM_TIMEOUT
                ) as response:
                    if response.status_code == 204:
                        return
                    if response.status_code >= 400:
                        await response.aread()
                        raise error_from_response(response.status_code, _json(response), response.headers)
                    async for line in response.aiter_lines():
                        event = reader.feed(line)
                        if event is not None:
                            failures = 0
                            yield event
                            if reader.finished:
                                return
            except httpx.TransportError as exc:
                dropped: Exception | None = exc
            else:
                dropped = None  # the server ended the stream before the build's final event
            failures += 1
            if failures > self._client.max_stream_retries:
                raise APIConnectionError(f"Lost the event stream of {session_id}: {dropped}") from dropped
            await asyncio.sleep(_backoff(failures))


class AsyncTemplates:
    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def list(self) -> list[Template]:
        return await self._client.call(calls.templates())
