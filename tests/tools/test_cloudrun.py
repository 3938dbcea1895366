"""The Cloud Run deployer against the Cloud Storage, Cloud Build and Cloud Run REST APIs, replayed from cassettes.

Replay runs with sockets disabled. Re-record live with ``--record-mode=rewrite`` (tests/tools/cassettes/README.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import pytest_socket
import yaml
from google.auth.credentials import AnonymousCredentials

from nexusforge_agents.errors import DeploymentFailedError
from nexusforge_agents.schemas import DeployOptions, Scaling
from nexusforge_agents.tools.cloudrun import deploy_cloud_run
from nexusforge_agents.tools.cloudrun_config import CloudRunSettings

from .test_cloudrun_harness import (
    APP_BROKEN,
    APP_V1,
    APP_V2,
    BUCKET,
    CASSETTES,
    DOMAIN,
    REGION,
    SERVICE,
    SPEC,
    bodies,
    live_names,
    live_settings,
    make_context,
    recorder,
    replay_settings,
    write_app,
)

FIRST = DeployOptions(
    environment="production",
    domain=DOMAIN,
    scaling=Scaling(min_instances=1, max_instances=10, cpu="1000m", memory="2Gi"),
)
AGAIN = DeployOptions(
    environment="production",
    domain=DOMAIN,
    scaling=Scaling(min_instances=1, max_instances=20, cpu="2000m", memory="4Gi"),
)
STAGES = ["packaging", "uploading", "building image", "creating revision", "routing traffic"]


class Cloud:
    """One test's view of Google Cloud: settings, credentials, cassettes and the progress it streamed."""

    def __init__(self, record_mode: str, tmp_path: Path) -> None:
        self.live = record_mode != "none"
        self.tmp_path = tmp_path
        self.vcr = recorder(record_mode, live_names() if self.live else {})
        self.progress: list[tuple[str, float]] = []
        if self.live:
            import google.auth

            self.credentials, _ = google.auth.default(scopes=["https://www.googleapis.com/auth/cloud-platform"])
        else:
            self.credentials = AnonymousCredentials()

    def settings(self, **overrides: Any) -> CloudRunSettings:
        return live_settings(**overrides) if self.live else replay_settings(**overrides)

    def domain(self) -> str:
        import os

        return os.environ.get("NEXUSFORGE_RECORD_DOMAIN", DOMAIN) if self.live else DOMAIN

    async def deploy(
        self, cassette: str, files: dict[str, str], options: DeployOptions, **settings: Any
    ) -> tuple[dict[str, Any], Any]:
        """Deploy ``files`` with the cassette playing; return the result and the cassette."""
        options = options.model_copy(update={"domain": self.domain() if options.domain else None})
        app = write_app(self.tmp_path / cassette, files)
        with self.vcr.use_cassette(f"{cassette}.yaml") as tape:
            result = await deploy_cloud_run(
                make_context(app, self.progress), SPEC, options, settings=self.settings(**settings),
                credentials=self.credentials,
            )  # fmt: skip
            assert self.live or tape.all_played, "the deployer skipped calls the cassette expects"
        return result, tape

    async def failure(self, cassette: str, files: dict[str, str], options: DeployOptions, **settings: Any):  # noqa: ANN201
        options = options.model_copy(update={"domain": self.domain() if options.domain else None})
        app = write_app(self.tmp_path / cassette, files)
        with self.vcr.use_cassette(f"{cassette}.yaml") as tape:
            with pytest.raises(DeploymentFailedError) as caught:
                await deploy_cloud_run(
                    make_context(app, self.progress), SPEC, options, settings=self.settings(**settings),
                    credentials=self.credentials,
                )  # fmt: skip
            assert self.live or tape.all_played, "the deployer stopped before the cassette's last call"
        return caught.value, tape


@pytest.fixture
def cloud(record_mode: str, tmp_path: Path) -> Iterator[Cloud]:
    if record_mode == "none":
        pytest_socket.disable_socket(allow_unix_socket=True)  # asyncio's self-pipe is a unix socketpair
    try:
        yield Cloud(record_mode, tmp_path)
    finally:
        pytest_socket.enable_socket()


def first_deploy_uri() -> str:
    tape = yaml.safe_load((CASSETTES / "first_deploy.yaml").read_text())
    polls = [i["response"] for i in tape["interactions"] if "/operations/" in i["request"]["uri"]]
    return json.loads(polls[-1]["body"]["string"])["response"]["uri"]


def stage_names(result_or_details: dict[str, Any]) -> list[str]:
    return [stage["stage"] for stage in result_or_details["stages"]]


async def test_first_deploy_creates_a_public_service_and_maps_the_domain(cloud: Cloud) -> None:
    result, tape = await cloud.deploy("first_deploy", APP_V1, FIRST)

    final = bodies(tape, "GET", "/operations/")[-1]
    assert final["done"] is True
    assert result["url"] == final["response"]["uri"]  # the URL is the one Cloud Run reported, nothing made up
    assert result["url"].startswith("https://")
    assert result["service"] == SERVICE
    assert result["region"] == REGION
    assert result["revision"] == final["response"]["latestReadyRevision"].rsplit("/", 1)[-1]
    assert result["action"] == "created" and result["previous_revision"] is None

    built = bodies(tape, "GET", "/builds/")[-1]
    assert result["image"] == f"{built['images'][0].split(':')[0]}@{built['results']['images'][0]['digest']}"
    assert result["build_id"] == built["id"]
    assert result["source"].startswith(f"gs://{BUCKET}/nexusforge-sources/{SERVICE}/")

    assert stage_names(result) == STAGES
    assert all(stage["status"] == "done" for stage in result["stages"])
    fractions = [fraction for _, fraction in cloud.progress]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    messages = " | ".join(message for message, _ in cloud.progress)
    for words in ("Uploading", "Cloud Build", "Creating a revision", "Routing all traffic", "Mapping"):
        assert words in messages

    domain = result["domain"]
    assert domain["name"] == cloud.domain()
    assert domain["state"] == "waiting_for_dns"
    assert domain["dns_records"] == [{"type": "CNAME", "name": "tasks", "rrdata": "ghs.googlehosted.com."}]
    assert "CNAME tasks ghs.googlehosted.com." in domain["instructions"]
    assert domain["instructions"] in result["message"]

    # What was sent (the json_body matcher has held it field by field against the cassette):
    (created,) = bodies(tape, "POST", "/services", requests=True)
    assert created["invokerIamDisabled"] is True
    assert created["labels"]["environment"] == "production"
    assert created["traffic"] == [{"type": 1, "percent": 100}]


async def test_redeploy_updates_in_place_keeps_the_url_and_console_settings(cloud: Cloud) -> None:
    if cloud.live:  # the service exists since the first-deploy recording; keep that cassette as it is
        first = {"url": first_deploy_uri(), "service": SERVICE, "revision": None, "source": None, "image": None}
    else:
        first, _ = await cloud.deploy("first_deploy", APP_V1, FIRST)
    again, tape = await cloud.deploy("redeploy", APP_V2, AGAIN)

    assert again["url"] == first["url"] == first_deploy_uri()
    assert again["service"] == first["service"]
    assert again["action"] == "updated"
    (current,) = bodies(tape, "GET", f"/services/{SERVICE}")
    assert again["previous_revision"] == current["latestReadyRevision"].rsplit("/", 1)[-1]
    assert again["revision"] not in (first["revision"], again["previous_revision"])
    assert again["source"] != first["source"] and again["image"] != first["image"]
    assert not bodies(tape, "POST", "/services"), "a redeploy must not create a second service"

    (patch,) = bodies(tape, "PATCH", f"/services/{SERVICE}", requests=True)
    container = patch["template"]["containers"][0]
    assert container["image"] == again["image"]
    assert container["env"] == current["template"]["containers"][0]["env"]  # the console's secret survives
    assert container["resources"]["limits"] == {"cpu": "2", "memory": "4Gi"}
    assert patch["template"]["scaling"] == {"minInstanceCount": 1, "maxInstanceCount": 20}
    assert patch["etag"] == current["etag"]
    assert "uri" not in patch and "conditions" not in patch  # output-only fields are not sent back

    assert again["domain"]["state"] == "active"
    assert stage_names(again) == STAGES


async def test_cloud_build_failure_reports_the_build_error_and_leaves_the_service_alone(cloud: Cloud) -> None:
    error, tape = await cloud.failure("build_failure", APP_BROKEN, FIRST)

    failed = bodies(tape, "GET", "/builds/")[-1]
    assert error.details["stage"] == "building image"
    assert failed["statusDetail"] in error.details["service_error"]
    assert error.details["service_error"].startswith("FAILURE: ")
    assert error.retry_possible is False
    assert error.details["log_url"] == failed["logUrl"] and failed["logUrl"] in error.message
    assert error.details["created"] == [
        f"source archive uploaded to gs://{BUCKET}/{failed['source']['storageSource']['object']}"
    ]
    assert error.error_code == "DEPLOYMENT_FAILED"
    assert not bodies(tape, "GET", "/services/"), "no Cloud Run call after a failed build"


async def test_permission_error_says_the_image_was_built_but_the_service_not_created(cloud: Cloud) -> None:
    error, tape = await cloud.failure("permission_denied", APP_V1, FIRST)

    (denied,) = bodies(tape, "POST", "/services")
    assert error.details["stage"] == "creating revision"
    assert error.retry_possible is False
    assert denied["error"]["message"] in error.details["service_error"]
    assert "403" in error.details["service_error"] and "IAM_PERMISSION_DENIED" in error.details["service_error"]
    assert "grant the missing permission" in error.message
    built = [item for item in error.details["created"] if item.startswith("image ")]
    assert len(built) == 1 and "@sha256:" in built[0]
    assert f"The Cloud Run service {SERVICE} was not created." in error.message
    assert error.message.index("image ") < error.message.index("was not created")


async def test_build_timeout_cancels_the_build_and_can_be_retried(cloud: Cloud) -> None:
    error, tape = await cloud.failure("build_timeout", APP_V1, FIRST, build_timeout_s=0)

    (cancelled,) = bodies(tape, "POST", ":cancel")
    assert cancelled["status"] == 7  # CANCELLED
    assert error.details["stage"] == "building image"
    assert error.retry_possible is True
    assert "did not finish within 0s" in error.message and "the build was cancelled" in error.message
    assert error.details["build_id"] == cancelled["id"]
    assert not bodies(tape, "GET", "/services/")


async def test_a_service_not_made_by_nexus_forge_is_never_overwritten(cloud: Cloud) -> None:
    error, tape = await cloud.failure("foreign_service", APP_V1, FIRST)

    assert error.details["stage"] == "creating revision"
    assert error.retry_possible is False
    assert "was not deployed by Nexus Forge" in error.message
    assert not bodies(tape, "PATCH", "/services/") and not bodies(tape, "POST", "/services")


async def test_an_unverified_domain_fails_after_the_service_is_up_and_says_where(cloud: Cloud) -> None:
    error, tape = await cloud.failure("domain_not_verified", APP_V1, FIRST)

    uri = bodies(tape, "GET", "/operations/")[-1]["response"]["uri"]
    (refused,) = bodies(tape, "POST", "/domainmappings")
    assert error.details["stage"] == "routing traffic"
    assert error.retry_possible is False
    assert refused["error"]["message"] in error.details["service_error"]
    assert error.details["service_url"] == uri
    assert f"deployed and serving at {uri}; only the domain is missing" in error.message
    assert any(item.startswith(f"service {SERVICE} created") for item in error.details["created"])


def use_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The process as a user sets it up: NEXUSFORGE_GCP_* variables and Application Default Credentials."""
    import google.auth

    for name, value in replay_settings().model_dump().items():
        monkeypatch.setenv(f"NEXUSFORGE_GCP_{name.upper()}", str(value))
    monkeypatch.setattr(google.auth, "default", lambda scopes=None: (AnonymousCredentials(), None))


async def test_the_deployer_agent_uses_the_environment_and_application_default_credentials(
    cloud: Cloud, monkeypatch: pytest.MonkeyPatch
) -> None:
    if cloud.live:
        pytest.skip("replays first_deploy; recorded by the first-deploy test")
    from nexusforge_agents.agents.deployer import deploy

    use_environment(monkeypatch)
    app = write_app(cloud.tmp_path / "agent", APP_V1)
    with cloud.vcr.use_cassette("first_deploy.yaml") as tape:
        deployment = await deploy(make_context(app, cloud.progress), SPEC, "cloudrun", FIRST)
    assert tape.all_played
    assert deployment.target == "cloudrun" and deployment.status == "deployed"
    assert deployment.url == bodies(tape, "GET", "/operations/")[-1]["response"]["uri"]
    assert {"service", "region", "revision", "stages"} <= deployment.details.keys()


def test_recording_live_rewrites_the_live_names_into_the_replay_names() -> None:
    from vcr.request import Request

    from .test_cloudrun_harness import request_filter, response_filter

    names = {"acme-prod-4711": "nexusforge-demo", "acme-builds": BUCKET}
    sent = Request(
        "POST",
        "https://cloudbuild.googleapis.com/v1/projects/acme-prod-4711/locations/us-central1/builds",
        b'{"source": {"storageSource": {"bucket": "acme-builds"}}}',
        {},
    )
    saved = request_filter(names)(sent)
    assert saved.uri == "https://cloudbuild.googleapis.com/v1/projects/nexusforge-demo/locations/us-central1/builds"
    assert json.loads(saved.body) == {"source": {"storageSource": {"bucket": BUCKET}}}

    upload = b"--b\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n{}\r\n--b\r\nContent-Type: application/gzip"
    upload += b"\r\n\r\n\x1f\x8b\x08\x00binary\r\n--b--\r\n"
    kept = request_filter({})(Request("POST", "https://storage.googleapis.com/upload", upload, {}))
    assert kept.body.endswith(b"<gzip archive omitted>\r\n--b--\r\n") and b"binary" not in kept.body

    answer = {"status": {}, "headers": {"Alt-Svc": ["h3"]}, "body": {"string": b'{"projectId": "acme-prod-4711"}'}}
    assert response_filter(names)(answer) == {
        "status": {},
        "headers": {},
        "body": {"string": b'{"projectId": "nexusforge-demo"}'},
    }


def test_the_documented_command_deploys_a_built_app(
    cloud: Cloud, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if cloud.live:
        pytest.skip("replays first_deploy; recorded by the first-deploy test")
    from nexusforge_agents.tools import cloudrun

    use_environment(monkeypatch)
    app = write_app(cloud.tmp_path / "built", {**APP_V1, "spec.json": SPEC.model_dump_json()})
    argv = [str(app), "--min-instances", "1", "--max-instances", "10", "--cpu", "1000m", "--memory", "2Gi"]
    with cloud.vcr.use_cassette("first_deploy.yaml") as tape:
        assert cloudrun.main([*argv, "--domain", DOMAIN]) == 0
    assert tape.all_played

    captured = capsys.readouterr()
    printed = json.loads(captured.out)
    assert printed["url"] == bodies(tape, "GET", "/operations/")[-1]["response"]["uri"]
    assert printed["service"] == SERVICE and printed["domain"]["dns_records"]
    assert "[100%]" in captured.err and "Uploading" in captured.err
