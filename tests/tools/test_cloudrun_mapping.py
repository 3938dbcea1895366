"""The Cloud Run deployer's pure parts: configuration checks, names, the scaling mapping, the source archive,
error classification. No network: nothing here may reach Google, and the configuration tests prove it."""

from __future__ import annotations

import io
import json
import tarfile
import zlib
from pathlib import Path

import google.auth
import pytest
from google.api_core import exceptions as api_exceptions
from google.auth import exceptions as auth_exceptions
from google.cloud import run_v2

from nexusforge_agents.errors import DeploymentFailedError
from nexusforge_agents.schemas import DeployOptions, Scaling
from nexusforge_agents.tools import cloudrun
from nexusforge_agents.tools.cloudrun import deploy_cloud_run
from nexusforge_agents.tools.cloudrun_config import (
    MAX_SERVICE_NAME,
    CloudRunSettings,
    cpu_limit,
    labels,
    resource_plan,
    service_name,
)
from nexusforge_agents.tools.cloudrun_record import DeployRecord
from nexusforge_agents.tools.cloudrun_service import revision_template, service_spec
from nexusforge_agents.tools.cloudrun_source import build_archive, context_files, parse_dockerignore

from .test_cloudrun_harness import APP_V1, SPEC, make_context, replay_settings, write_app

IMAGE = "us-central1-docker.pkg.dev/p/repo/svc@sha256:" + "ab" * 32
ENV_VARS = ("NEXUSFORGE_GCP_PROJECT", "NEXUSFORGE_GCP_REGION", "NEXUSFORGE_GCP_BUCKET", "NEXUSFORGE_GCP_REPOSITORY")


@pytest.fixture
def no_google(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if anything asks for credentials (the step right before the first upload)."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("credentials were requested before the configuration was checked")

    monkeypatch.setattr(google.auth, "default", refuse)


# ------------------------------------------------------------------------------------ scaling -> revision template


def test_the_contract_scaling_maps_field_by_field_onto_the_revision_template() -> None:
    scaling = Scaling(min_instances=1, max_instances=10, cpu="1000m", memory="2Gi")  # the contract's example
    template = revision_template(IMAGE, resource_plan(scaling), labels("team-tasks", "staging"))

    assert template.scaling.min_instance_count == 1
    assert template.scaling.max_instance_count == 10
    (container,) = template.containers
    assert container.image == IMAGE
    assert dict(container.resources.limits) == {"cpu": "1", "memory": "2Gi"}
    assert container.resources.cpu_idle is True
    assert container.resources.startup_cpu_boost is True
    assert template.max_instance_request_concurrency == 0  # Cloud Run's default (80) is kept
    assert template.execution_environment == run_v2.ExecutionEnvironment.EXECUTION_ENVIRONMENT_UNSPECIFIED
    assert dict(template.labels) == {
        "managed-by": "nexusforge",
        "nexusforge-app": "team-tasks",
        "environment": "staging",
    }


def test_a_fractional_cpu_brings_the_settings_cloud_run_requires_with_it() -> None:
    plan = resource_plan(Scaling(min_instances=0, max_instances=3, cpu="500m", memory="512Mi"))
    template = revision_template(IMAGE, plan, labels("a", "dev"))

    assert dict(template.containers[0].resources.limits) == {"cpu": "0.5", "memory": "512Mi"}
    assert template.max_instance_request_concurrency == 1
    assert template.execution_environment == run_v2.ExecutionEnvironment.EXECUTION_ENVIRONMENT_GEN1
    assert template.containers[0].resources.startup_cpu_boost is False
    assert template.scaling.min_instance_count == 0 and template.scaling.max_instance_count == 3


@pytest.mark.parametrize(
    ("cpu", "limit"),
    [("1000m", "1"), ("2000m", "2"), ("4000m", "4"), ("6", "6"), ("8", "8"), ("1", "1"), ("500m", "0.5"),
     ("80m", "0.08"), ("0.25", "0.25"), ("999m", "0.999")],
)  # fmt: skip
def test_cpu_is_converted_to_what_cloud_run_accepts(cpu: str, limit: str) -> None:
    assert cpu_limit(cpu) == limit


@pytest.mark.parametrize("cpu", ["3", "1500m", "50m", "16", "0"])
def test_cpu_cloud_run_cannot_run_is_refused(cpu: str) -> None:
    with pytest.raises(ValueError, match="Cloud Run takes"):
        cpu_limit(cpu)


@pytest.mark.parametrize(
    ("cpu", "memory", "ok"),
    [("1000m", "4Gi", True), ("1000m", "8Gi", False), ("4", "1Gi", False), ("4", "16Gi", True), ("250m", "1Gi", False),
     ("500m", "1Gi", True), ("8", "32Gi", True), ("2", "9Gi", False)],
)  # fmt: skip
def test_memory_is_checked_against_the_cpu(cpu: str, memory: str, ok: bool) -> None:
    scaling = Scaling(cpu=cpu, memory=memory)
    if ok:
        assert resource_plan(scaling).memory == memory
    else:
        with pytest.raises(ValueError, match="Cloud Run allows"):
            resource_plan(scaling)


def test_min_above_max_is_refused() -> None:
    with pytest.raises(ValueError, match="larger than max_instances"):
        resource_plan(Scaling(min_instances=5, max_instances=2))


def test_an_update_keeps_what_the_console_added_and_drops_output_only_fields() -> None:
    existing = run_v2.Service(
        name="projects/p/locations/r/services/s",
        uri="https://s-abc-uc.a.run.app",
        etag='"abc"',
        labels={"managed-by": "nexusforge", "team": "ops"},
        description="kept",
        template=run_v2.RevisionTemplate(
            revision="s-pinned",
            service_account="runtime@p.iam.gserviceaccount.com",
            containers=[
                run_v2.Container(name="sidecar", image="otel"),
                run_v2.Container(
                    image="old",
                    ports=[run_v2.ContainerPort(container_port=8080)],
                    env=[run_v2.EnvVar(name="DATABASE_URL", value="postgres://db")],
                ),
            ],
        ),
        terminal_condition=run_v2.Condition(type_="Ready"),
    )
    plan = resource_plan(Scaling(min_instances=2, max_instances=4, cpu="2", memory="1Gi"))
    sent = service_spec(IMAGE, plan, labels("s", "production"), existing)

    assert sent.etag == '"abc"' and sent.description == "kept" and sent.labels["team"] == "ops"
    assert not sent.uri and not sent.terminal_condition.type_
    assert sent.template.revision == ""
    assert sent.template.service_account == "runtime@p.iam.gserviceaccount.com"
    sidecar, serving = sent.template.containers
    assert sidecar.image == "otel"  # only the serving container (the one with a port) gets the new image
    assert serving.image == IMAGE and serving.env[0].value == "postgres://db"
    assert dict(serving.resources.limits) == {"cpu": "2", "memory": "1Gi"}
    assert sent.invoker_iam_disabled is True
    assert existing.template.containers[1].image == "old"  # the original is untouched


def test_leaving_a_fractional_cpu_lifts_the_limits_it_forced() -> None:
    small = revision_template(IMAGE, resource_plan(Scaling(cpu="500m", memory="512Mi")), labels("a", "dev"))
    whole = revision_template(IMAGE, resource_plan(Scaling(cpu="1", memory="512Mi")), labels("a", "dev"), small)

    assert dict(whole.containers[0].resources.limits) == {"cpu": "1", "memory": "512Mi"}
    assert whole.max_instance_request_concurrency == 0
    assert whole.execution_environment == run_v2.ExecutionEnvironment.EXECUTION_ENVIRONMENT_UNSPECIFIED

    chosen = run_v2.RevisionTemplate(max_instance_request_concurrency=20, containers=[run_v2.Container(image="x")])
    kept = revision_template(IMAGE, resource_plan(Scaling(cpu="2", memory="1Gi")), labels("a", "dev"), chosen)
    assert kept.max_instance_request_concurrency == 20  # a concurrency set in the console stays


# ------------------------------------------------------------------------------------ names


def test_service_names_are_stable_valid_and_end_with_the_environment() -> None:
    assert service_name("team-tasks", "production") == "team-tasks-production"
    assert service_name("3d-printer-farm", "staging") == "app-3d-printer-farm-staging"
    long_slug = "a-very-long-application-name-that-keeps-going-and-going"
    name = service_name(long_slug, "production")
    assert len(name) <= MAX_SERVICE_NAME and name.endswith("-production")
    assert name == service_name(long_slug, "production")
    assert name != service_name(long_slug + "-2", "production")


# ------------------------------------------------------------------------------------ configuration


async def test_missing_configuration_lists_exactly_what_to_set_before_anything_happens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_google: None
) -> None:
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NEXUSFORGE_GCP_PROJECT", "my-project")
    app = write_app(tmp_path / "app", APP_V1)
    progress: list[tuple[str, float]] = []
    settings = CloudRunSettings(_env_file=None)  # type: ignore[call-arg]

    with pytest.raises(DeploymentFailedError) as caught:
        await deploy_cloud_run(make_context(app, progress), SPEC, DeployOptions(), settings=settings)

    error = caught.value
    assert "set NEXUSFORGE_GCP_REGION, NEXUSFORGE_GCP_BUCKET, NEXUSFORGE_GCP_REPOSITORY" in error.message
    assert "NEXUSFORGE_GCP_PROJECT" not in error.message
    assert error.details["missing"] == list(ENV_VARS[1:])
    assert error.details["stage"] == "configuration" and error.details["created"] == []
    assert error.retry_possible is False and "Nothing was uploaded" in error.message
    assert progress == []


async def test_every_local_problem_is_reported_at_once(tmp_path: Path, no_google: None) -> None:
    app = write_app(tmp_path / "app", {k: v for k, v in APP_V1.items() if k != "Dockerfile"})
    settings = replay_settings(region="US Central", bucket="gs://builds")
    options = DeployOptions(scaling=Scaling(cpu="3", memory="1Gi"))

    with pytest.raises(DeploymentFailedError) as caught:
        await deploy_cloud_run(make_context(app, []), SPEC, options, settings=settings)

    message = caught.value.message
    assert "NEXUSFORGE_GCP_REGION='US Central'" in message
    assert "NEXUSFORGE_GCP_BUCKET='gs://builds'" in message
    assert "scaling: cpu '3'" in message
    assert "has no Dockerfile" in message


async def test_missing_credentials_say_how_to_log_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_credentials(*args: object, **kwargs: object) -> None:
        raise auth_exceptions.DefaultCredentialsError("Your default credentials were not found.")

    monkeypatch.setattr(google.auth, "default", no_credentials)
    app = write_app(tmp_path / "app", APP_V1)
    with pytest.raises(DeploymentFailedError, match="gcloud auth application-default login") as caught:
        await deploy_cloud_run(make_context(app, []), SPEC, DeployOptions(), settings=replay_settings())
    assert caught.value.details["stage"] == "configuration" and caught.value.retry_possible is False


def test_the_command_line_reports_configuration_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], no_google: None
) -> None:
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no .env file here
    app = write_app(tmp_path / "app", {**APP_V1, "spec.json": SPEC.model_dump_json()})

    assert cloudrun.main([str(app), "--environment", "staging", "--cpu", "2", "--memory", "1Gi"]) == 1

    err = capsys.readouterr().err
    assert "DEPLOYMENT_FAILED" in err and "NEXUSFORGE_GCP_PROJECT" in err
    assert json.loads(err[err.index("{") :])["retry_possible"] is False


# ------------------------------------------------------------------------------------ source archive


def test_dockerignore_follows_dockers_rules(tmp_path: Path) -> None:
    files = {
        "Dockerfile": "FROM scratch\n",
        ".dockerignore": "# comment\nnode_modules\n**/*.log\n/secrets\ndocs/*\n!docs/keep.md\n*.json\n!package.json\n",
        "app.py": "",
        "package.json": "{}",
        "spec.json": "{}",
        "node_modules/x/index.js": "",
        "web/node_modules/y.js": "",
        "logs/a.log": "",
        "deep/er/b.log": "",
        "secrets/key": "",
        "docs/drop.md": "",
        "docs/keep.md": "",
        "web/src/main.ts": "",
    }
    write_app(tmp_path, files)
    assert context_files(tmp_path) == [
        ".dockerignore",
        "Dockerfile",
        "app.py",
        "docs/keep.md",
        "package.json",
        "web/node_modules/y.js",  # 'node_modules' only matches at the root, as in Docker
        "web/src/main.ts",
    ]


def test_the_dockerfile_is_always_sent_even_when_ignored(tmp_path: Path) -> None:
    write_app(tmp_path, {"Dockerfile": "FROM scratch\n", ".dockerignore": "*\n", "app.py": ""})
    assert context_files(tmp_path) == [".dockerignore", "Dockerfile"]


def test_without_dockerignore_only_the_usual_clutter_is_left_out(tmp_path: Path) -> None:
    write_app(tmp_path, {"Dockerfile": "", "a/__pycache__/m.pyc": "", ".git/HEAD": "", "a/m.py": ""})
    assert context_files(tmp_path) == ["Dockerfile", "a/m.py"]


def test_the_archive_is_reproducible_and_holds_the_build_context(tmp_path: Path) -> None:
    one = build_archive(write_app(tmp_path / "one", APP_V1))
    two = build_archive(write_app(tmp_path / "two", APP_V1))
    assert one.digest == two.digest and one.data == two.data

    with tarfile.open(fileobj=io.BytesIO(zlib.decompress(one.data, 31))) as tar:
        members = tar.getmembers()
    names = [m.name for m in members]
    assert names == sorted(names) and "Dockerfile" in names and "backend/main.py" in names
    assert not any(n.startswith(("node_modules", "mockups")) or "__pycache__" in n for n in names)
    assert "spec.json" not in names and "frontend/package.json" in names
    assert {m.mtime for m in members} == {0} and {m.uid for m in members} == {0}

    changed = build_archive(write_app(tmp_path / "three", {**APP_V1, "backend/main.py": "print(2)\n"}))
    assert changed.digest != one.digest


def test_dockerignore_parsing_skips_comments_and_blank_lines() -> None:
    rules = parse_dockerignore("\n# x\n  \n!keep\n./build/\n")
    assert [r.exclude for r in rules] == [False, True]
    assert rules[1].pattern.match("build")


# ------------------------------------------------------------------------------------ failures


@pytest.mark.parametrize(
    ("exc", "retry"),
    [
        (api_exceptions.ServiceUnavailable("backend unavailable"), True),
        (api_exceptions.InternalServerError("internal"), True),
        (api_exceptions.ResourceExhausted("Quota exceeded for quota metric 'Build requests'"), True),
        (api_exceptions.TooManyRequests("rate limited"), True),
        (api_exceptions.Aborted("concurrent modification"), True),
        (api_exceptions.DeadlineExceeded("deadline"), True),
        (auth_exceptions.TransportError("connection reset"), True),
        (api_exceptions.PermissionDenied("Permission 'run.services.create' denied"), False),
        (api_exceptions.Forbidden("SERVICE_DISABLED: Cloud Run Admin API has not been used"), False),
        (api_exceptions.NotFound("bucket does not exist"), False),
        (api_exceptions.BadRequest("invalid memory limit"), False),
        (api_exceptions.FailedPrecondition("Revision is not ready"), False),
        (auth_exceptions.RefreshError("invalid_grant"), False),
    ],
)
def test_failures_say_truthfully_whether_a_retry_can_help(exc: Exception, retry: bool) -> None:
    record = DeployRecord(make_context(Path("."), []))
    record.start("uploading", "Uploading", 0.1)
    record.created.append("nothing yet")
    error = record.from_exception(exc)
    assert error.retry_possible is retry
    assert error.details["stage"] == "uploading"
    assert str(getattr(exc, "message", exc)) in error.details["service_error"]
    assert error.details["stages"][-1]["status"] == "failed"


@pytest.mark.parametrize(
    ("exc", "hint"),
    [
        (api_exceptions.PermissionDenied("Permission 'storage.objects.create' denied"), "grant the missing permission"),
        (auth_exceptions.RefreshError("invalid_grant: Bad Request"), "gcloud auth application-default login"),
        (api_exceptions.ServiceUnavailable("unavailable"), "retrying may succeed"),
        (api_exceptions.BadRequest("bad memory"), "retrying as is will fail the same way"),
    ],
)
def test_failures_say_what_to_do(exc: Exception, hint: str) -> None:
    record = DeployRecord(make_context(Path("."), []))
    assert hint in record.from_exception(exc).message
