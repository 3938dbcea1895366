"""The SDK against the real server: every resource method, sync and async, and typed errors."""

from __future__ import annotations

import asyncio

import nexusforge
import pytest
from nexusforge._sse import SSEDecoder

from tests.auth.live_auth import AuthServer


def test_sync_client_resources(auth_server: AuthServer) -> None:
    user = auth_server.user()
    client = nexusforge.Client(
        api_key=auth_server.key(user, ["build", "deploy", "read"]), base_url=auth_server.base_url
    )
    assert "pk_live" not in repr(client)
    templates = client.templates.list()
    assert templates and all(isinstance(t, nexusforge.Template) for t in templates)
    build = client.builds.create(prompt="Build a tiny note keeper", config={"enableVideoDemo": False})
    assert build.status == "build_started" and build.websocket_url.endswith(build.session_id)
    events = list(client.builds.stream(build.session_id))
    assert events[0].type == "connected" and isinstance(events[-1], nexusforge.BuildCompleted)
    assert [e.seq for e in events[1:]] == sorted(e.seq for e in events[1:])
    details = client.builds.get(build.session_id)
    assert details.status == "completed" and details.progress == 100 and details.result["orchestrator"] == "Starri"
    assert [b.session_id for b in client.builds.list(limit=5)] == [build.session_id]
    assert client.builds.list(status="failed") == []
    auth_server.script.wait_s["coder"] = 30
    from_template = client.builds.create_from_template(templates[0].id, {"app_name": "Sales Pro"})
    with pytest.raises(nexusforge.ConflictError) as not_yet:  # deploy reaches the server, which says: not completed
        client.builds.deploy(from_template.session_id, environment="staging", scaling={"min_instances": 1})
    assert not_yet.value.error_code == "INVALID_STATE"
    assert client.builds.cancel(from_template.session_id).status == "cancelled"
    replay = list(client.builds.stream(build.session_id))  # a finished build's stream replays its log
    assert [e.seq for e in replay] == [e.seq for e in events] and replay[-1].type == "build_completed"
    client.close()


def test_typed_errors_carry_the_error_code(auth_server: AuthServer) -> None:
    user = auth_server.user(credits=0)
    base = auth_server.base_url
    with pytest.raises(nexusforge.AuthenticationError) as bad_key:
        nexusforge.Client(api_key="pk_live_nope", base_url=base).builds.list()
    assert bad_key.value.error_code == "UNAUTHORIZED" and bad_key.value.status_code == 401
    reader = nexusforge.Client(api_key=auth_server.key(user, ["read"]), base_url=base)
    with pytest.raises(nexusforge.PermissionDeniedError) as denied:
        reader.builds.create(prompt="Build a todo app")
    assert denied.value.error_code == "FORBIDDEN"
    with pytest.raises(nexusforge.NotFoundError) as missing:
        reader.builds.get("no-such-session")
    assert missing.value.error_code == "SESSION_NOT_FOUND"
    with pytest.raises(nexusforge.NotFoundError):
        list(reader.builds.stream("no-such-session"))
    builder = nexusforge.Client(api_key=auth_server.key(user, ["build", "read"], rate_limit=3), base_url=base)
    with pytest.raises(nexusforge.InsufficientCreditsError) as broke:
        builder.builds.create(prompt="Build a todo app")
    assert broke.value.error_code == "INSUFFICIENT_CREDITS" and broke.value.details == {"required": 1, "balance": 0}
    signed_in = nexusforge.Client(api_key=auth_server.admin.access_token, base_url=base)  # a JWT works as well
    with pytest.raises(nexusforge.InvalidRequestError) as invalid:
        signed_in.builds.create(prompt="")
    assert invalid.value.error_code == "INVALID_INPUT"
    builder.builds.list()
    builder.builds.list()  # with the create above: the key's 3 requests a minute
    with pytest.raises(nexusforge.RateLimitError) as limited:
        builder.builds.list()
    assert limited.value.error_code == "RATE_LIMIT_EXCEEDED" and 1 <= limited.value.retry_after <= 60
    assert isinstance(limited.value, nexusforge.APIError)
    with pytest.raises(nexusforge.APIConnectionError):
        nexusforge.Client(api_key="pk_live_x", base_url="http://127.0.0.1:9").templates.list()


def test_base_url_and_key_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEXUSFORGE_API_KEY", raising=False)
    with pytest.raises(ValueError, match="NEXUSFORGE_API_KEY"):
        nexusforge.Client()
    monkeypatch.setenv("NEXUSFORGE_API_KEY", "pk_live_from_env")
    monkeypatch.setenv("NEXUSFORGE_BASE_URL", "http://127.0.0.1:8123/")
    assert nexusforge.Client().base_url == "http://127.0.0.1:8123"
    assert nexusforge.Client(base_url="http://127.0.0.1:9000").base_url == "http://127.0.0.1:9000"


async def test_async_client_streams_and_lists(auth_server: AuthServer) -> None:
    user = await asyncio.to_thread(auth_server.user)
    key = await asyncio.to_thread(auth_server.key, user, ["build", "read"])
    async with nexusforge.AsyncClient(api_key=key, base_url=auth_server.base_url) as client:
        build = await client.builds.create(prompt="Build a tiny note keeper")
        kinds = [event.type async for event in client.builds.stream(build.session_id)]
        assert kinds[0] == "connected" and kinds[-1] == "build_completed" and "phase_completed" in kinds
        assert (await client.builds.get(build.session_id)).status == "completed"
        assert [b.session_id for b in await client.builds.list()] == [build.session_id]
        assert await client.templates.list()
        with pytest.raises(nexusforge.NotFoundError):
            await client.builds.cancel("no-such-session")


def test_sse_decoder_follows_the_event_stream_rules() -> None:
    decoder = SSEDecoder()
    lines = [": ping", "event: progress_update", "id: 7", 'data: {"a":', "data: 1}", "", "", "data: x", ""]
    messages = [m for line in lines if (m := decoder.feed(line)) is not None]
    assert [(m.event, m.data, m.id) for m in messages] == [
        ("progress_update", '{"a":\n1}', "7"),
        ("message", "x", None),
    ]
    assert decoder.last_event_id == "7"
