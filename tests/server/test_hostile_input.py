"""Issue 10, replayed: what a hostile or careless client sent, against the real server (uvicorn on 127.0.0.1),
one test per row of the issue's table, each asserting what the right column says a user must get."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import time
from collections.abc import Iterable
from pathlib import Path

import httpx
import pytest
import websockets
import websockets.sync.client

from nexusforge_agents.providers.registry import register_provider
from tests.auth.live_auth import AuthServer, auth_server
from tests.scripted import ScriptedProvider
from tests.server.live import ServerProcess, ws_messages
from tests.server.test_restart import stored_events

__all__ = ["auth_server"]

BUILD = "/api/nexus-forge/build"
FROM_TEMPLATE = "/api/nexus-forge/build/from-template"


def invalid(answer: httpx.Response, *words: str) -> str:
    """The answer is the contract's 400 and its detail names every word (the field, the allowed range ...)."""
    assert answer.status_code == 400, answer.text
    body = answer.json()
    assert body["error_code"] == "INVALID_INPUT", body
    for word in words:
        assert word in body["detail"], body["detail"]
    return body["detail"]


async def post_raw(client: httpx.AsyncClient, path: str, raw: str) -> httpx.Response:
    """JSON text sent as written (escapes such as \\udc00 and constants such as Infinity reach the server)."""
    return await client.post(path, content=raw.encode(), headers={"Content-Type": "application/json"})


class UnstorableProgress(ScriptedProvider):
    """A model whose progress report no database can store as text (it holds a lone surrogate)."""

    async def paint(self, ctx, spec, component):  # noqa: ANN001, ANN201
        ctx.progress(f"Painting {component} \udc00", 0.5)
        return await super().paint(ctx, spec, component)


# Row 1 ------------------------------------------------------------------------------------------------------------


async def test_row1_surrogate_in_app_name_is_refused_and_an_unstorable_event_is_never_published(live, script):
    async with live.client() as client:
        detail = invalid(await post_raw(client, BUILD, '{"prompt": "A note app", "config": {"appName": "x\\udc00"}}'))
        assert "appName" in detail and "surrogate" in detail

        # The general rule: a model's output that cannot be stored ends the build visibly, and nothing unstored
        # reaches a client.
        register_provider("unstorable", lambda name, capability, settings: UnstorableProgress(script, capability))
        config = {"models": {"design": "unstorable"}}
        started = await client.post(BUILD, json={"prompt": "A note app", "config": config})
        assert started.status_code == 200, started.text
        sid = started.json()["session_id"]
        seen = await ws_messages(live.ws_url(sid), timeout_s=60)  # returns only on a close frame
        status = (await client.get(f"{BUILD}/{sid}")).json()

    events = seen[1:]
    assert [m["seq"] for m in events] == list(range(1, len(events) + 1)), "no seq gap"
    final = events[-1]
    assert final["type"] == "error" and final["error_code"] == "BUILD_FAILED", final
    assert "could not be stored" in final["message"]
    assert not any(m["type"] == "build_completed" for m in events)
    assert status["status"] == "failed" and status["error"]["error_code"] == "BUILD_FAILED"
    replay = await ws_messages(live.ws_url(sid), timeout_s=30)
    assert replay[1:] == events, "every event a client saw is the stored one"


# Row 2 ------------------------------------------------------------------------------------------------------------


async def test_row2_surrogate_in_prompt_is_400(live):
    async with live.client() as client:
        detail = invalid(await post_raw(client, BUILD, '{"prompt": "Build a note app \\udc00"}'))
        assert "prompt" in detail and "surrogate" in detail
        # bytes that are not UTF-8 at all
        answer = await client.post(
            BUILD, content=b'{"prompt": "Build \xed\xb0\x80 app"}', headers={"Content-Type": "application/json"}
        )
        invalid(answer, "UTF-8")


# Row 3 ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [BUILD, FROM_TEMPLATE])
async def test_row3_deeply_nested_json_is_400(live, path):
    async with live.client() as client:
        thousand = '{"prompt": "x", "config": ' + "[" * 1000 + "]" * 1000 + "}"
        invalid(await post_raw(client, path, thousand), "nested deeper than 32")
        forty = '{"template_id": "crm", "config": {"models": ' + '{"a": ' * 40 + "1" + "}" * 40 + "}}"
        invalid(await post_raw(client, path, forty), "nested deeper than 32")
        assert (await client.get("/health")).status_code == 200, "the server is fine"


# Row 4 ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "allowed"),
    [
        ("skip=9223372036854775808", "skip: must be an integer from 0 to 1000000000"),
        ("skip=-1", "skip: must be an integer from 0 to 1000000000"),
        ("limit=100000000000000000000", "limit: must be an integer from 1 to 100"),
        ("limit=ten", "limit: must be an integer from 1 to 100"),
        ("status=done", "status: Input should be 'initializing'"),
    ],
)
async def test_row4_out_of_range_paging_is_400_with_the_allowed_range(live, query, allowed):
    async with live.client() as client:
        invalid(await client.get(f"/api/nexus-forge/builds?{query}"), allowed)


# Row 5 ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ('{"prompt": "\\u0000\\u0000\\u0000"}', ["prompt", "control characters"]),
        ('{"prompt": "\\u200b\\u200b\\u2060 \\ufeff"}', ["App description is required"]),
        ('{"prompt": "A note app", "config": {"maxCostUsd": Infinity}}', ["Infinity", "finite"]),
        ('{"prompt": "A note app", "config": {"maxCostUsd": NaN}}', ["NaN", "finite"]),
        ('{"prompt": "A note app", "config": {"maxCostUsd": 1e999}}', ["config.maxCostUsd", "finite"]),
        ('{"prompt": "A note app", "config": {"techStack": {"frontend": "react", "orm": "x"}}}', ["techStack.orm"]),
        ('{"prompt": "A note app", "config": {"styling": "' + "t" * 41 + '"}}', ["config.styling"]),
    ],
)
async def test_row5_build_bodies_are_validated(live, raw, words):
    async with live.client() as client:
        invalid(await post_raw(client, BUILD, raw), *words)


async def test_row5_lists_strings_and_the_deploy_body_are_bounded(live):
    async with live.client() as client:
        many = await client.post(BUILD, json={"prompt": "A note app", "config": {"extraFeatures": ["x"] * 100_000}})
        invalid(many, "config.extraFeatures", "at most 30")
        huge_feature = {"template_id": "crm", "customizations": {"features": ["f" * 900_000]}}
        invalid(await client.post(FROM_TEMPLATE, json=huge_feature), "customizations.features.0", "at most 200")
        # each list within its bound, together over the config's: 400, not a 500 when the build is queued
        merged = {"template_id": "crm", "customizations": {"features": ["f"] * 20}}
        merged["config"] = {"extraFeatures": ["g"] * 20}
        invalid(await client.post(FROM_TEMPLATE, json=merged), "extra_features", "at most 30")
        for body, field in [
            ({"environment": "production", "region": "eu"}, "region"),
            ({"scaling": {"min_instances": 1, "gpu": 1}}, "scaling.gpu"),
        ]:
            invalid(await client.post("/api/nexus-forge/deploy/any-session", json=body), field)


# Row 6 ------------------------------------------------------------------------------------------------------------


def test_row6_only_accepted_builds_spend_the_quota_and_credits(auth_server: AuthServer):
    user = auth_server.user(credits=10)
    bad_bodies = [
        {"prompt": "   "},
        {"prompt": "A note app", "config": {"nope": 1}},
        {"prompt": "A note app", "config": {"models": {"spec": "no-such-provider:x"}}},
        {"prompt": "\u200b"},
        {"prompt": "A note app", "config": {"extraFeatures": [""]}},
        {"prompt": "A note app", "config": {"deploy": "moon"}},
    ]
    for body in bad_bodies:
        assert auth_server.http.post(BUILD, json=body, headers=user.headers).status_code == 400
    assert auth_server.http.post(FROM_TEMPLATE, json={"template_id": "nope"}, headers=user.headers).status_code == 404
    assert auth_server.credits(user) == 10, "a refused request costs nothing"
    for _ in range(5):
        assert auth_server.build(user.headers).status_code == 200
    sixth = auth_server.build(user.headers)
    assert sixth.status_code == 429 and sixth.json()["error_code"] == "RATE_LIMIT_EXCEEDED"
    assert auth_server.credits(user) == 5


# Row 7 ------------------------------------------------------------------------------------------------------------


def raw_http(port: int, head: bytes, chunks: Iterable[bytes] = ()) -> tuple[int, bytes, int]:
    """Send a request head, then body chunks until the server answers; (status, body, bytes of body sent)."""
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head)
        sock.setblocking(False)
        reply = b""
        for chunk in chunks:
            with contextlib.suppress(BlockingIOError):
                reply += sock.recv(65536)
            if reply:
                break
            try:
                sock.sendall(chunk)
                sent += len(chunk)
            except (BlockingIOError, BrokenPipeError, ConnectionResetError):
                break
        sock.setblocking(True)
        while b"\r\n\r\n" not in reply or len(reply.split(b"\r\n\r\n", 1)[1]) == 0:
            data = sock.recv(65536)
            if not data:
                break
            reply += data
    status = int(reply.split(b" ", 2)[1])
    return status, reply.split(b"\r\n\r\n", 1)[1], sent


def test_row7_a_64mb_sign_in_body_is_413_before_it_is_read(live):
    port = int(live.base_url.rsplit(":", 1)[1])
    head = b"POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 67108864\r\n\r\n"
    started = time.monotonic()
    status, body, sent = raw_http(port, head)
    assert status == 413 and sent == 0, "answered from the headers alone"
    assert json.loads(body)["error_code"] == "INVALID_INPUT" and "at most 1048576 bytes" in json.loads(body)["detail"]
    assert time.monotonic() - started < 5

    # Without a Content-Length (chunked), the server stops reading once the limit is passed.
    head = (
        b"POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    piece = b"x" * 65536
    chunks = (b"%x\r\n%s\r\n" % (len(piece), piece) for _ in range(1024))  # 64 MB if it were all read
    status, body, sent = raw_http(port, head, chunks)
    assert status == 413 and json.loads(body)["error_code"] == "INVALID_INPUT"
    assert sent < 8 * 2**20, f"the server read {sent} bytes"


def test_row7_the_limit_covers_every_route(live):
    port = int(live.base_url.rsplit(":", 1)[1])
    auth = live.headers["Authorization"].encode()
    for method, path in [("POST", BUILD), ("POST", FROM_TEMPLATE), ("POST", "/api/keys"), ("GET", "/health")]:
        head = b"%s %s HTTP/1.1\r\nHost: x\r\nAuthorization: %s\r\nContent-Length: %d\r\n\r\n" % (
            method.encode(),
            path.encode(),
            auth,
            2 * 2**20,
        )
        status, body, sent = raw_http(port, head)
        assert (status, sent) == (413, 0) and json.loads(body)["error_code"] == "INVALID_INPUT", path


# Row 11 -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("last_seq", [str(2**70), "-1", "abc"])
async def test_row11_bad_last_seq_gets_an_error_message_and_a_4400_close(live, last_seq):
    async with live.client() as client:
        sid = (await client.post(BUILD, json={"prompt": "A note app"})).json()["session_id"]
    async with websockets.connect(live.ws_url(sid, last_seq=last_seq)) as ws:
        message = json.loads(await asyncio.wait_for(ws.recv(), 10))
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), 10)
    assert message["type"] == "error" and message["error_code"] == "INVALID_INPUT"
    assert "last_seq: must be an integer from 0 to 2147483647" in message["message"]
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4400


# Row 16 -----------------------------------------------------------------------------------------------------------


async def test_row16_the_openapi_document_matches_the_server(live):
    async with live.client() as client:
        document = (await client.get("/openapi.json")).json()
        not_allowed = await client.put(f"{BUILD}/some-id", json={})
    assert '"422"' not in json.dumps(document)
    assert "HTTPValidationError" not in document["components"]["schemas"]
    error_ref = {"$ref": "#/components/schemas/ErrorBody"}
    for path, item in document["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            if path != "/health":
                assert {"401", "429"} <= set(responses), (method, path)
            if path not in ("/auth/login", "/auth/refresh", "/health"):
                assert "403" in responses, (method, path)
            if operation.get("parameters") or "requestBody" in operation:
                assert responses["400"]["content"]["application/json"]["schema"] == error_ref, (method, path)
    starts = document["paths"][BUILD]["post"]["responses"]
    assert {"400", "401", "402", "403", "413", "429"} <= set(starts)
    schemas = document["components"]["schemas"]
    assert schemas["BuildStatus"]["enum"][0] == "initializing"
    assert schemas["BuildStatusResponse"]["properties"]["status"] == {"$ref": "#/components/schemas/BuildStatus"}
    assert schemas["BuildStarted"]["properties"]["status"]["const"] == "build_started"
    assert schemas["DeleteResponse"]["properties"]["status"]["enum"] == ["cancelled", "deleted"]
    assert "KEY_NOT_FOUND" in document["paths"]["/api/keys/{key_id}"]["delete"]["responses"]["404"]["description"]
    template = document["paths"][FROM_TEMPLATE]["post"]["responses"]["404"]
    assert template["description"] == "TEMPLATE_NOT_FOUND"
    assert not_allowed.status_code == 405
    assert set(not_allowed.headers["allow"].split(", ")) == {"DELETE", "GET"}


# Row 17 -----------------------------------------------------------------------------------------------------------


@pytest.mark.slow
async def test_row17_after_a_resume_progress_never_goes_back_and_the_phase_says_it_resumed(tmp_path: Path):
    home = tmp_path / "home"
    first = ServerProcess(home, scripted=True)
    live = first.start()
    try:
        async with live.client() as client:
            sid = (await client.post(BUILD, json={"prompt": "Build a note app"})).json()["session_id"]
        seen = []
        async with websockets.connect(live.ws_url(sid)) as ws:
            async for raw in ws:
                if (message := json.loads(raw))["type"] != "connected":
                    seen.append(message)
                if message.get("phase") == "building" and message["progress"] > 25:  # one branch is done
                    break
    finally:
        first.kill()  # the resumed phase starts again at 25: without care, progress would go back
    stored_before_the_kill = len(stored_events(home, sid))
    second = ServerProcess(home, scripted=True, port=first.port)
    live = second.start()
    try:
        rest = await ws_messages(live.ws_url(sid, last_seq=seen[-1]["seq"]), timeout_s=90)
    finally:
        second.stop()
    stream = seen + rest[1:]
    assert stream[-1]["type"] == "build_completed"
    progress = [m["progress"] for m in stream if "progress" in m]
    assert progress == sorted(progress), "one session's stream never goes back"
    resumed = stream[stored_before_the_kill]
    assert resumed["type"] == "progress_update" and resumed["message"].startswith("Resumed: "), resumed
    phases = [
        (m["type"], m["phase"], m["message"]) for m in stream if m["type"] != "progress_update" or not m.get("agent")
    ]
    assert len(phases) == len(set(phases)), "no phase message is repeated"
    assert [m for _, m in stored_events(home, sid)] == stream


# Row 18 -----------------------------------------------------------------------------------------------------------


async def test_row18_unknown_template_is_404_template_not_found(live):
    async with live.client() as client:
        for answer in (
            await client.post(FROM_TEMPLATE, json={"template_id": "no-such-template"}),
            await client.get("/api/nexus-forge/templates/no-such-template/preview.png"),
        ):
            assert answer.status_code == 404, answer.text
            assert answer.json()["error_code"] == "TEMPLATE_NOT_FOUND"
            assert "analytics_dashboard" in answer.json()["detail"], "names the templates that exist"


# Row 19 -----------------------------------------------------------------------------------------------------------


def test_row19_a_build_key_may_watch_and_read_its_builds_and_nothing_else(auth_server: AuthServer):
    user, other = auth_server.user(), auth_server.user()
    key = {"X-API-Key": auth_server.key(user, ["build"])}  # the contract's example key body
    sid = auth_server.build(key).json()["session_id"]
    foreign = auth_server.build(other.headers).json()["session_id"]
    done = auth_server.wait_status(sid, key, "completed")
    assert auth_server.http.get(done["result"]["code_zip"], headers=key).status_code == 200
    with auth_server.http.stream("GET", f"{BUILD}/{sid}/events?after=0", headers=key) as events:
        assert events.status_code == 200
        names = [line.removeprefix("event: ") for line in events.iter_lines() if line.startswith("event: ")]
    assert names[0] == "connected" and names[-1] == "build_completed"
    url = f"{auth_server.live.ws_base}/ws/nexus-forge/{sid}"
    with websockets.sync.client.connect(url, additional_headers=key) as ws:
        messages = [json.loads(raw) for raw in ws]
    assert messages[0]["type"] == "connected" and messages[-1]["type"] == "build_completed"
    assert auth_server.http.get(f"{BUILD}/{foreign}", headers=key).status_code == 404, "only its own account's"
    for path in ("/api/nexus-forge/builds", "/auth/me", "/api/nexus-forge/templates"):
        refused = auth_server.http.get(path, headers=key)
        assert refused.status_code == 403 and "'read'" in refused.json()["detail"], path
