"""The review gate through the Python SDK against a real server: spec_ready on the stream, get/update the spec,
approve the edited plan; reject."""

from __future__ import annotations

import nexusforge
import pytest

from tests.auth.live_auth import AuthServer, auth_server

__all__ = ["auth_server"]
REVIEW = {"reviewSpec": True, "enableVideoDemo": False}


def until_ready(client: nexusforge.Client, session_id: str) -> nexusforge.SpecReady:
    for event in client.builds.stream(session_id):
        if isinstance(event, nexusforge.SpecReady):
            return event
    raise AssertionError("the build ended without asking for review")


def test_review_through_the_sdk(auth_server: AuthServer) -> None:
    key = auth_server.key(auth_server.user(), ["build", "read"])
    client = nexusforge.Client(api_key=key, base_url=auth_server.base_url)
    build = client.builds.create(prompt="Build a tiny note keeper", config=REVIEW)
    ready = until_ready(client, build.session_id)
    assert ready.phase == "awaiting_review" and client.builds.get(build.session_id).status == "awaiting_review"
    spec = client.builds.get_spec(build.session_id)
    assert spec == ready.spec

    with pytest.raises(nexusforge.InvalidRequestError) as refused:
        client.builds.update_spec(build.session_id, {**spec, "name": ""})
    assert refused.value.error_code == "INVALID_INPUT" and refused.value.details["field"] == "name"
    answered = client.builds.approve(build.session_id, spec={**spec, "name": "SDK Notes"})
    assert (answered.action, answered.spec["name"]) == ("approve", "SDK Notes")
    assert isinstance(list(client.builds.stream(build.session_id))[-1], nexusforge.BuildCompleted)
    assert client.builds.get(build.session_id).result["specification"]["name"] == "SDK Notes"

    other = client.builds.create(prompt="Build a tiny note keeper", config=REVIEW)
    until_ready(client, other.session_id)
    assert client.builds.reject(other.session_id).action == "reject"
    assert isinstance(list(client.builds.stream(other.session_id))[-1], nexusforge.BuildCancelled)
    with pytest.raises(nexusforge.ConflictError):
        client.builds.approve(other.session_id)
    client.close()
