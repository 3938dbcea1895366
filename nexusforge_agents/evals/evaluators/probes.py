"""Mechanical probes of a running generated backend, driven by its own OpenAPI document.

The probe reads ``/openapi.json`` to learn the resources (``/api/<plural>`` with list + create) and the body a
create accepts, makes bodies that satisfy those schemas, and exercises the endpoints the way a client would. It
signs up and logs in first when writes answer 401 and the app has ``/api/auth`` endpoints.
"""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass, field
from typing import Any

import httpx

from ...providers.offline.spec.naming import singular

_COLLECTION = re.compile(r"^/api/([a-z][a-z0-9_]*)$")
TOKENS = ("quokka", "zebrafish", "marmot")  # distinct, unlikely words: a ?q= search can tell the rows apart
PASSWORD = "eval-password-123"
MAX_PARENT_DEPTH = 3
MAX_PARENT_TRIES = 3


@dataclass
class Resource:
    name: str
    path: str
    item_path: str | None
    properties: dict[str, dict[str, Any]]
    required: list[str]

    @property
    def text_fields(self) -> list[str]:
        return [k for k, v in self.properties.items() if v.get("type") == "string" and "enum" not in v]


@dataclass
class ProbeResult:
    ok: bool | None
    reason: str
    steps: dict[str, bool] = field(default_factory=dict)


def _resolve(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [_resolve(s, spec) for s in schema[key] if s.get("type") != "null"]
            if options:
                return {**options[0], **{k: v for k, v in schema.items() if k not in (key,)}}
    return schema


def resources_of(openapi: dict[str, Any]) -> dict[str, Resource]:
    out: dict[str, Resource] = {}
    paths = openapi.get("paths", {})
    for path, ops in paths.items():
        match = _COLLECTION.match(path)
        if not match or match.group(1) in ("auth", "health", "stats") or not {"get", "post"} <= set(ops):
            continue
        body = ops["post"].get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
        schema = _resolve(body, openapi) if body else {}
        props = {k: _resolve(v, openapi) for k, v in schema.get("properties", {}).items()}
        item = next((p for p in paths if p.startswith(path + "/{") and p.count("/") == path.count("/") + 1), None)
        out[match.group(1)] = Resource(match.group(1), path, item, props, list(schema.get("required", [])))
    return out


def _string_for(name: str, schema: dict[str, Any], token: str, variant: int) -> str:
    fmt = schema.get("format", "")
    if fmt == "date":
        return f"2024-05-{10 + variant:02d}"
    if fmt == "date-time":
        return f"2024-05-{10 + variant:02d}T10:30:00"
    candidates = [
        f"{token.capitalize()} {name.replace('_', ' ')}",
        f"{token}{variant}@example.com",
        f"https://example.com/{token}",
        token,
        f"{variant + 1}",
    ]
    if "email" in name or fmt == "email":
        candidates.insert(0, candidates.pop(1))
    if "url" in name or "link" in name or fmt == "uri":
        candidates.insert(0, candidates.pop(2))
    pattern = schema.get("pattern")
    for value in candidates:
        if not pattern or re.search(pattern, value):
            value = value[: schema.get("maxLength", 10_000)]
            return value.ljust(schema.get("minLength", 0), "x")
    return candidates[0]


def sample_value(name: str, schema: dict[str, Any], *, token: str, variant: int = 0) -> Any:
    if "enum" in schema:
        return schema["enum"][variant % len(schema["enum"])]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type", "string")
    if kind in ("integer", "number"):
        low = schema.get("minimum", schema.get("exclusiveMinimum", -1) + 1)
        value = max(low, 3) + variant
        if "maximum" in schema:
            value = min(value, schema["maximum"])
        elif "exclusiveMaximum" in schema:
            value = min(value, schema["exclusiveMaximum"] - 1)
        return int(value) if kind == "integer" else float(value)
    if kind == "boolean":
        return variant % 2 == 0
    if kind == "array":
        return []
    if kind == "object":
        return {}
    return _string_for(name, schema, token, variant)


def sample_body(resource: Resource, variant: int = 0) -> dict[str, Any]:
    token = TOKENS[variant % len(TOKENS)]
    return {k: sample_value(k, v, token=token, variant=variant) for k, v in resource.properties.items()}


def refused_references(response: httpx.Response, resource: Resource) -> list[tuple[str, str]]:
    """The integer id fields of ``resource`` a 404/422 answer to a create blames, with the answer's message."""
    if response.status_code not in (404, 422):
        return []
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        return []
    refused = []
    for entry in detail if isinstance(detail, list) else []:
        loc = entry.get("loc") if isinstance(entry, dict) else None
        name = loc[-1] if isinstance(loc, list) and loc else None
        schema = resource.properties.get(name) if isinstance(name, str) else None
        if schema is not None and schema.get("type") == "integer" and "enum" not in schema:
            refused.append((name, str(entry.get("msg", ""))))
    return refused


def parent_candidates(field: str, hint: str, child: Resource, resources: dict[str, Resource]) -> list[Resource]:
    """Resources a refused id field may point to, likeliest first: the one the field is named after
    (``author_id`` -> authors), then those the error message names (``no Member with id 3`` -> members), then the
    rest."""
    stem = field.removesuffix("_id").replace("_", "")
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", hint)}

    def rank(resource: Resource) -> int:
        one = singular(resource.name).replace("_", "")
        if one == stem or resource.name.replace("_", "") == stem:
            return 0
        return 1 if one in words or resource.name in words else 2

    return sorted((r for r in resources.values() if r.name != child.name), key=rank)


class ApiProbe:
    """One client session against one running backend."""

    def __init__(self, base_url: str, *, timeout_s: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.client = httpx.AsyncClient(base_url=self.base_url, timeout=timeout_s)
        self.openapi: dict[str, Any] = {}
        self.resources: dict[str, Resource] = {}
        self._headers: dict[str, str] | None = None
        self._lock = asyncio.Lock()
        self._accounts = 0

    async def open(self) -> ApiProbe:
        response = await self.client.get("/openapi.json")
        response.raise_for_status()
        self.openapi = response.json()
        self.resources = resources_of(self.openapi)
        return self

    async def close(self) -> None:
        await self.client.aclose()

    async def __aenter__(self) -> ApiProbe:
        return await self.open()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def has_path(self, path: str) -> bool:
        return path in self.openapi.get("paths", {})

    @property
    def has_auth(self) -> bool:
        return self.has_path("/api/auth/register") and self.has_path("/api/auth/login")

    async def auth_headers(self) -> dict[str, str]:
        """A bearer header for a fresh account ({} when the app has no auth endpoints)."""
        async with self._lock:
            if self._headers is None:
                self._headers = {}
                if self.has_auth:
                    creds = {"email": "eval-user@example.com", "password": PASSWORD}
                    await self.client.post("/api/auth/register", json=creds)
                    login = await self.client.post("/api/auth/login", json=creds)
                    if login.status_code == 200 and "access_token" in login.json():
                        self._headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
            return self._headers

    async def _post(self, path: str, body: dict[str, Any]) -> httpx.Response:
        response = await self.client.post(path, json=body)
        if response.status_code in (401, 403) and self.has_auth:
            response = await self.client.post(path, json=body, headers=await self.auth_headers())
        return response

    async def create(self, resource: Resource, variant: int = 0, *, depth: int = 0) -> httpx.Response:
        """POST a sample row. A reference the app refuses (404/422 naming an id field) gets a parent row made
        first, in the resource the field or the error names (parents of parents too, three levels at most)."""
        body = sample_body(resource, variant)
        response = await self._post(resource.path, body)
        linked: set[str] = set()
        while depth < MAX_PARENT_DEPTH:
            refused = [(f, hint) for f, hint in refused_references(response, resource) if f not in linked]
            if not refused:
                break
            field, hint = refused[0]
            linked.add(field)
            parent_id = await self._parent_for(field, hint, resource, variant, depth)
            if parent_id is None:
                break
            body[field] = parent_id
            response = await self._post(resource.path, body)
        return response

    async def _parent_for(self, field: str, hint: str, child: Resource, variant: int, depth: int) -> Any:
        for candidate in parent_candidates(field, hint, child, self.resources)[:MAX_PARENT_TRIES]:
            made = await self.create(candidate, variant, depth=depth + 1)
            if made.status_code in (200, 201) and isinstance(made.json(), dict) and "id" in made.json():
                return made.json()["id"]
        return None

    async def health(self) -> ProbeResult:
        try:
            response = await self.client.get("/api/health")
        except httpx.HTTPError as exc:
            return ProbeResult(False, f"/api/health: {type(exc).__name__}")
        return ProbeResult(response.status_code == 200, f"/api/health answered {response.status_code}")

    async def crud(self, resource: Resource) -> ProbeResult:
        """Create, list, read, update, delete, then read again (404): every step must answer as REST says."""
        steps: dict[str, bool] = {}
        created = await self.create(resource)
        steps["create"] = created.status_code in (200, 201)
        if not steps["create"]:
            return ProbeResult(False, f"POST {resource.path} -> {created.status_code}: {created.text[:200]}", steps)
        item = created.json()
        listing = await self.client.get(resource.path)
        steps["list"] = listing.status_code == 200 and any(r.get("id") == item.get("id") for r in listing.json())
        if resource.item_path is None or "id" not in item:
            steps["item_routes"] = False
            return ProbeResult(False, f"{resource.path} has no /{{id}} routes", steps)
        url = f"{resource.path}/{item['id']}"
        steps["read"] = (await self.client.get(url)).status_code == 200
        headers = await self.auth_headers()
        update = sample_body(resource, variant=1)
        updated = await self.client.put(url, json=update, headers=headers)
        if refused := refused_references(updated, resource):  # keep the parents the row was created with
            update.update({name: item.get(name) for name, _ in refused})
            updated = await self.client.put(url, json=update, headers=headers)
        steps["update"] = updated.status_code == 200
        steps["delete"] = (await self.client.delete(url, headers=headers)).status_code in (200, 204)
        steps["gone"] = (await self.client.get(url)).status_code == 404
        failed = [k for k, ok in steps.items() if not ok]
        reason = "create, list, read, update, delete answered" if not failed else f"failed: {', '.join(failed)}"
        return ProbeResult(not failed, f"{resource.name}: {reason}", steps)

    async def search(self, resource: Resource) -> ProbeResult:
        """Two rows with distinct words; ?q=<word of the first> returns it and not the second."""
        if not resource.text_fields:
            return ProbeResult(None, f"{resource.name} has no free-text field to search")
        first, second = await self.create(resource, 0), await self.create(resource, 2)
        if first.status_code not in (200, 201) or second.status_code not in (200, 201):
            return ProbeResult(False, f"could not create rows to search in {resource.name}")
        found = await self.client.get(resource.path, params={"q": TOKENS[0]})
        ids = [r.get("id") for r in found.json()] if found.status_code == 200 else []
        ok = first.json().get("id") in ids and second.json().get("id") not in ids
        return ProbeResult(ok, f"GET {resource.path}?q={TOKENS[0]} {'finds' if ok else 'does not isolate'} the row")

    async def validation(self, resource: Resource) -> ProbeResult:
        """An empty body and a wrongly typed body are refused with 422 and a message naming the field."""
        if not resource.required:
            return ProbeResult(False, f"{resource.name} requires no field, so incomplete input is accepted")
        headers = await self.auth_headers()
        empty = await self.client.post(resource.path, json={}, headers=headers)
        wrong = {**sample_body(resource), resource.required[0]: {"not": "valid"}}
        typed = await self.client.post(resource.path, json=wrong, headers=headers)
        named = resource.required[0] in empty.text
        ok = empty.status_code == 422 and typed.status_code == 422 and named
        return ProbeResult(ok, f"empty body -> {empty.status_code}, wrong type -> {typed.status_code}")

    async def stats(self) -> ProbeResult:
        if not self.has_path("/api/stats"):
            return ProbeResult(False, "no /api/stats endpoint")
        response = await self.client.get("/api/stats")
        data = response.json() if response.status_code == 200 else {}
        counts = data.get("counts", {}) if isinstance(data, dict) else {}
        ok = response.status_code == 200 and any(isinstance(v, int | float) and v > 0 for v in counts.values())
        return ProbeResult(ok, f"/api/stats -> {response.status_code}, counts {json.dumps(counts)[:120]}")

    async def auth_flow(self) -> ProbeResult:
        """Register, log in, /me with the token; a wrong password is refused."""
        if not self.has_auth:
            return ProbeResult(False, "no /api/auth/register and /api/auth/login endpoints")
        self._accounts += 1  # a fresh account each time: an earlier flow's address would be taken (409)
        creds = {"email": f"eval-auth-{self._accounts}@example.com", "password": PASSWORD}
        steps = {"register": (await self.client.post("/api/auth/register", json=creds)).status_code in (200, 201)}
        login = await self.client.post("/api/auth/login", json=creds)
        steps["login"] = login.status_code == 200 and "access_token" in login.json()
        token = login.json().get("access_token", "") if steps["login"] else ""
        if self.has_path("/api/auth/me"):
            me = await self.client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
            steps["me"] = me.status_code == 200
        wrong = await self.client.post("/api/auth/login", json={**creds, "password": "wrong-password-1"})
        steps["rejects_wrong_password"] = wrong.status_code in (400, 401, 403)
        failed = [k for k, ok in steps.items() if not ok]
        return ProbeResult(not failed, "auth flow works" if not failed else f"auth failed: {failed}", steps)

    async def realtime(self, resource: Resource, timeout_s: float = 5.0) -> ProbeResult:
        """A client on /ws/updates hears about a row created after it connected."""
        try:
            from websockets.asyncio.client import connect
        except ImportError:
            return ProbeResult(None, "the websockets package is not installed")
        url = self.base_url.replace("http", "ws", 1) + "/ws/updates"
        try:
            async with connect(url, open_timeout=timeout_s) as ws:
                await self.create(resource)
                message = await asyncio.wait_for(ws.recv(), timeout_s)
        except Exception as exc:  # refused, closed, timed out, or websockets' own InvalidStatus
            return ProbeResult(False, f"/ws/updates: {type(exc).__name__}")
        return ProbeResult(True, f"/ws/updates pushed {str(message)[:80]}")
