"""Deploy a generated app to Google Cloud Run, for real.

The stages, each streamed as progress: the app folder (with its Dockerfile) is packed and uploaded to Cloud
Storage (uploading), built by Cloud Build into Artifact Registry (building image), deployed as a new revision of
a service whose name comes from the app and the environment (creating revision), and given all traffic, plus a
domain mapping when a domain was asked for (routing traffic). The URL returned is the ``uri`` Cloud Run reports.

Every Google call goes over HTTP/1.1 REST through google-auth's requests ``AuthorizedSession`` (the clients use
``transport="rest"``), which is what the tests replay from cassettes. Set-up: docs/cloudrun.md.

Deploy a built app from the shell::

    python -m nexusforge_agents.tools.cloudrun ./my-app --environment production
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from ..context import AgentContext
from ..errors import DeploymentFailedError, MissingExtraError
from ..schemas import AppSpec, DeployOptions, Scaling
from .cloudrun_config import CloudRunSettings, ResourcePlan, labels, resource_plan, service_name

CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform"
SOURCES_PREFIX = "nexusforge-sources"


def _configuration_error(problems: list[str], **details: Any) -> DeploymentFailedError:
    return DeploymentFailedError(
        "Cloud Run deployment is not configured: " + "; ".join(problems) + ". Nothing was uploaded. "
        "The one-time Google Cloud set-up is in docs/cloudrun.md.",
        retry_possible=False,
        details={"stage": "configuration", "service_error": "; ".join(problems), "created": [], **details},
    )


def check_configuration(settings: CloudRunSettings, options: DeployOptions, workdir: Path) -> ResourcePlan:
    """Everything that can be checked without the network, all at once, before anything is uploaded."""
    problems = []
    missing = settings.missing()
    if missing:
        problems.append("set " + ", ".join(missing))
    problems += settings.problems()
    plan = None
    try:
        plan = resource_plan(options.scaling)
    except ValueError as exc:
        problems.append(f"scaling: {exc}")
    if not (workdir / "Dockerfile").is_file():
        problems.append(f"{workdir} has no Dockerfile; Cloud Build builds the app's image from it")
    if problems or plan is None:
        raise _configuration_error(problems, missing=missing)
    return plan


def _credentials(credentials: Any) -> Any:
    if credentials is not None:
        return credentials
    import google.auth
    from google.auth import exceptions as auth_exceptions

    try:
        found, _ = google.auth.default(scopes=[CLOUD_PLATFORM])
    except auth_exceptions.DefaultCredentialsError as exc:
        raise _configuration_error(
            [
                "no Google credentials were found: run `gcloud auth application-default login`, or set "
                "GOOGLE_APPLICATION_CREDENTIALS to a service account key file"
            ],
            error=str(exc),
        ) from exc
    return found


async def deploy_cloud_run(
    ctx: AgentContext,
    spec: AppSpec,
    options: DeployOptions,
    *,
    settings: CloudRunSettings | None = None,
    credentials: Any = None,
) -> dict[str, Any]:
    """Deploy ``ctx.workdir`` and return the deployment (``url``, ``service``, ``region``, ``revision``, ...).

    ``credentials`` defaults to Application Default Credentials; ``settings`` to the ``NEXUSFORGE_GCP_*``
    environment. Raises ``DeploymentFailedError`` with ``details['stage']`` and ``details['service_error']``.
    """
    settings = settings or CloudRunSettings()
    plan = check_configuration(settings, options, ctx.workdir)
    try:
        from google.auth.transport.requests import AuthorizedSession
        from google.cloud import run_v2
        from google.cloud.devtools import cloudbuild_v1

        from .cloudrun_build import build_image
        from .cloudrun_domain import map_domain
        from .cloudrun_record import BUILDING, CREATING, GOOGLE_ERRORS, PACKAGING, UPLOADING, DeployRecord
        from .cloudrun_service import deploy_service
        from .cloudrun_source import build_archive, upload
    except ImportError as exc:
        raise _configuration_error([str(MissingExtraError("cloudrun", "google-cloud-run"))]) from exc
    creds = _credentials(credentials)

    service_id = service_name(spec.slug, options.environment)
    tags = labels(spec.slug, options.environment)
    record = DeployRecord(ctx)
    record.start(PACKAGING, f"Packing {ctx.workdir.name} for Cloud Build", 0.02)
    try:
        archive = await asyncio.to_thread(build_archive, ctx.workdir)
    except OSError as exc:
        raise record.failure(f"could not read the app folder: {exc}.", retry_possible=False, error=str(exc)) from exc
    bucket = settings.bucket or ""  # checked above
    object_name = f"{SOURCES_PREFIX}/{service_id}/{archive.digest[:16]}.tar.gz"
    source = f"gs://{bucket}/{object_name}"

    session = AuthorizedSession(creds)
    services = run_v2.ServicesClient(credentials=creds, transport="rest")
    builds = cloudbuild_v1.CloudBuildClient(credentials=creds, transport="rest")
    try:
        size = f"{len(archive.data) / 1024:.0f} KiB"
        record.start(UPLOADING, f"Uploading {archive.files} files ({size}) to {source}", 0.05)
        try:
            stored = await asyncio.to_thread(upload, session, bucket, object_name, archive)
        except GOOGLE_ERRORS as exc:
            raise record.from_exception(exc) from exc
        record.created.append(f"source archive uploaded to {source}")

        record.start(BUILDING, f"Building the image of {service_id} with Cloud Build", 0.15)
        built = await build_image(
            builds,
            settings,
            record,
            service=service_id,
            bucket_object=object_name,
            generation=int(stored["generation"]),
            tag=archive.digest[:12],
        )
        record.created.append(f"image {built.image} built by Cloud Build {built.build_id}")
        record.finish(f"Built {built.image}")

        record.start(CREATING, f"Creating a revision of {service_id} in {settings.region}", 0.6)
        deployed = await deploy_service(
            services, session, settings, record, service_id=service_id, image=built.image, plan=plan, labels=tags
        )
        record.created.append(f"service {service_id} {deployed.action}, serving revision {deployed.revision}")
        domain = None
        if options.domain:
            record.note(f"Mapping {options.domain} to {service_id}", 0.9)
            domain = await map_domain(
                session,
                settings,
                record,
                domain=options.domain,
                service_id=service_id,
                labels=tags,
                service_uri=deployed.uri,
            )
        record.finish()
    finally:
        session.close()
        services.transport.close()
        builds.transport.close()

    ctx.progress(f"{service_id} {deployed.action}: revision {deployed.revision} serves {deployed.uri}", 1.0)
    message = f"{spec.name} deployed to Cloud Run ({options.environment}) at {deployed.uri}"
    if domain:
        message += f"; {domain['instructions']}"
    return {
        "url": deployed.uri,
        "service": service_id,
        "region": settings.region,
        "project": settings.project,
        "revision": deployed.revision,
        "previous_revision": deployed.previous_revision,
        "action": deployed.action,
        "environment": options.environment,
        "image": built.image,
        "build_id": built.build_id,
        "build_log_url": built.log_url,
        "source": source,
        "domain": domain,
        "stages": record.stages,
        "message": message,
    }


def main(argv: list[str] | None = None) -> int:
    """``python -m nexusforge_agents.tools.cloudrun APP_DIR``: deploy an app that Nexus Forge built."""
    from ..config import BuildConfig, Settings

    parser = argparse.ArgumentParser(prog="python -m nexusforge_agents.tools.cloudrun", description=main.__doc__)
    parser.add_argument("app_dir", type=Path, help="the build's output folder (with spec.json and a Dockerfile)")
    parser.add_argument("--environment", default="production", help="service-name suffix and label")
    parser.add_argument("--domain", default=None, help="custom domain to map (verified in Search Console)")
    defaults = Scaling()
    parser.add_argument("--min-instances", type=int, default=defaults.min_instances)
    parser.add_argument("--max-instances", type=int, default=defaults.max_instances)
    parser.add_argument("--cpu", default=defaults.cpu, help="e.g. 1000m, 2, 500m")
    parser.add_argument("--memory", default=defaults.memory, help="e.g. 512Mi, 2Gi")
    args = parser.parse_args(argv)
    app_dir = args.app_dir.resolve()
    spec_file = app_dir / "spec.json"
    if not spec_file.is_file():
        parser.error(f"{spec_file} not found: point at the folder `nexusforge build` wrote")
    try:
        spec = AppSpec.model_validate_json(spec_file.read_text(encoding="utf-8"))
        scaling = Scaling(
            min_instances=args.min_instances, max_instances=args.max_instances, cpu=args.cpu, memory=args.memory
        )
        options = DeployOptions(environment=args.environment, domain=args.domain, scaling=scaling)
    except ValueError as exc:
        parser.error(str(exc))
    ctx = AgentContext(
        agent="deployer",
        settings=Settings(),
        config=BuildConfig(deploy="cloudrun"),
        workdir=app_dir,
        on_progress=lambda message, fraction: print(f"[{fraction:4.0%}] {message}", file=sys.stderr),
    )
    try:
        result = asyncio.run(deploy_cloud_run(ctx, spec, options))
    except DeploymentFailedError as exc:
        print(f"error {exc.error_code}: {exc.message}", file=sys.stderr)
        print(json.dumps(exc.to_dict() | {"retry_possible": exc.retry_possible}, indent=2), file=sys.stderr)
        return 1
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
