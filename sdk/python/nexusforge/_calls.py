"""Each API call once: method, path, body and how to read the answer; the sync and async clients send them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from ._errors import error_from_response
from ._models import Build, BuildDetails, BuildSummary, Cancelled, Deployment, ReviewAnswered, Template
from ._sse import SSEDecoder
from .wire.events import BuildEvent, parse_event
from .wire.versions import Version, VersionDiff

PREFIX = "/api/nexus-forge"


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    parse: Callable[[Any], Any]
    json: Any = None
    params: dict[str, Any] = field(default_factory=dict)


def _id(session_id: str) -> str:
    return quote(str(session_id), safe="")


def create(prompt: str, config: dict[str, Any] | None) -> Call:
    body: dict[str, Any] = {"prompt": prompt}
    if config is not None:
        body["config"] = config
    return Call("POST", f"{PREFIX}/build", Build.model_validate, json=body)


def from_template(template_id: str, customizations: dict[str, Any] | None) -> Call:
    body = {"template_id": template_id, "customizations": customizations or {}}
    return Call("POST", f"{PREFIX}/build/from-template", Build.model_validate, json=body)


def get(session_id: str) -> Call:
    return Call("GET", f"{PREFIX}/build/{_id(session_id)}", BuildDetails.model_validate)


def list_builds(skip: int, limit: int, status: str | None, search: str | None) -> Call:
    params = {k: v for k, v in {"skip": skip, "limit": limit, "status": status, "search": search}.items() if v}
    params.setdefault("skip", skip)
    return Call("GET", f"{PREFIX}/builds", lambda rows: [BuildSummary.model_validate(r) for r in rows], params=params)


def cancel(session_id: str) -> Call:
    return Call("DELETE", f"{PREFIX}/build/{_id(session_id)}", Cancelled.model_validate)


def deploy(session_id: str, environment: str, domain: str | None, scaling: dict[str, Any] | None) -> Call:
    body: dict[str, Any] = {"environment": environment}
    if domain is not None:
        body["domain"] = domain
    if scaling is not None:
        body["scaling"] = scaling
    return Call("POST", f"{PREFIX}/deploy/{_id(session_id)}", Deployment.model_validate, json=body)


def get_spec(session_id: str) -> Call:
    return Call("GET", f"{PREFIX}/build/{_id(session_id)}/spec", dict)


def update_spec(session_id: str, spec: dict[str, Any]) -> Call:
    return Call("PUT", f"{PREFIX}/build/{_id(session_id)}/spec", ReviewAnswered.model_validate, json=spec)


def approve(session_id: str, spec: dict[str, Any] | None) -> Call:
    body = {"spec": spec} if spec is not None else {}
    return Call("POST", f"{PREFIX}/build/{_id(session_id)}/approve", ReviewAnswered.model_validate, json=body)


def reject(session_id: str) -> Call:
    return Call("POST", f"{PREFIX}/build/{_id(session_id)}/reject", ReviewAnswered.model_validate)


def versions(session_id: str) -> Call:
    parse = lambda rows: [Version.model_validate(r) for r in rows]  # noqa: E731
    return Call("GET", f"{PREFIX}/build/{_id(session_id)}/versions", parse)


def version_diff(session_id: str, version: int, base: int | None) -> Call:
    params = {"base": base} if base is not None else {}
    path = f"{PREFIX}/build/{_id(session_id)}/versions/{int(version)}/diff"
    return Call("GET", path, VersionDiff.model_validate, params=params)


def rollback(session_id: str, version: int) -> Call:
    return Call("POST", f"{PREFIX}/build/{_id(session_id)}/rollback", Version.model_validate, json={"version": version})


def revise(session_id: str, prompt: str) -> Call:
    return Call("POST", f"{PREFIX}/build/{_id(session_id)}/revise", Build.model_validate, json={"prompt": prompt})


def templates() -> Call:
    return Call("GET", f"{PREFIX}/templates", lambda rows: [Template.model_validate(r) for r in rows])


def events_path(session_id: str) -> str:
    return f"{PREFIX}/build/{_id(session_id)}/events"


def answer(status_code: int, body: Any, headers: Any) -> Any:
    """The JSON body of a success, or the typed error of a failure."""
    if status_code >= 400:
        raise error_from_response(status_code, body, headers)
    return body


class EventReader:
    """Turns a stream's lines into build events across reconnects: ``connected`` is passed on once, and the
    Last-Event-ID to resume from is remembered."""

    def __init__(self, after_seq: int | None = None) -> None:
        self.decoder = SSEDecoder()
        if after_seq is not None:
            self.decoder.last_event_id = str(int(after_seq))  # sent as Last-Event-ID: only later events come
        self.connected_seen = False
        self.finished = False

    def headers(self) -> dict[str, str]:
        headers = {"Accept": "text/event-stream"}
        if self.decoder.last_event_id is not None:
            headers["Last-Event-ID"] = self.decoder.last_event_id
        return headers

    def feed(self, line: str) -> BuildEvent | None:
        message = self.decoder.feed(line)
        if message is None or not message.data:
            return None
        event = parse_event(message.data)
        if event.type == "connected":
            if self.connected_seen:
                return None
            self.connected_seen = True
        self.finished = event.is_terminal
        return event
