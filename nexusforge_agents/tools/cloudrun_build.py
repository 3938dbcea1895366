"""Cloud Build: the uploaded source archive becomes an image in Artifact Registry.

The build runs ``docker build`` on the app's own Dockerfile and pushes the image; the service is then deployed
by digest, so what runs is exactly what was built. The build is polled (not waited on in a blocking call) so the
deployment can be cancelled, and a build we stop waiting for is cancelled too rather than left to push an image
nobody deploys.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass

from google.cloud.devtools import cloudbuild_v1
from google.protobuf import duration_pb2

from .cloudrun_config import CloudRunSettings
from .cloudrun_record import GOOGLE_ERRORS, DeployRecord

Status = cloudbuild_v1.Build.Status
DOCKER = "gcr.io/cloud-builders/docker"
RUNNING = (Status.STATUS_UNKNOWN, Status.PENDING, Status.QUEUED, Status.WORKING)
# Outcomes a plain retry can fix; FAILURE (a build step failed) and CANCELLED by someone are not among them.
RETRYABLE = (Status.INTERNAL_ERROR, Status.TIMEOUT, Status.EXPIRED)


@dataclass(frozen=True)
class BuiltImage:
    image: str
    """``<region>-docker.pkg.dev/<project>/<repository>/<service>@sha256:...``"""
    tagged: str
    build_id: str
    log_url: str


def build_config(settings: CloudRunSettings, service: str, bucket_object: str, generation: int, tag: str):  # noqa: ANN201
    """The Cloud Build ``Build``: one docker step on the uploaded archive, pushed to Artifact Registry."""
    tagged = f"{settings.image(service)}:{tag}"
    build = cloudbuild_v1.Build(
        source=cloudbuild_v1.Source(
            storage_source=cloudbuild_v1.StorageSource(
                bucket=settings.bucket, object_=bucket_object, generation=generation
            )
        ),
        steps=[cloudbuild_v1.BuildStep(name=DOCKER, args=["build", "--tag", tagged, "."])],
        images=[tagged],
        tags=["nexusforge", service],
        # Logs go to Cloud Logging only: the default logs bucket needs extra grants for the build's account.
        options=cloudbuild_v1.BuildOptions(logging=cloudbuild_v1.BuildOptions.LoggingMode.CLOUD_LOGGING_ONLY),
    )
    if settings.build_timeout_s >= 1:
        build.timeout = duration_pb2.Duration(seconds=int(settings.build_timeout_s))
    return build


async def build_image(
    client: cloudbuild_v1.CloudBuildClient,
    settings: CloudRunSettings,
    record: DeployRecord,
    *,
    service: str,
    bucket_object: str,
    generation: int,
    tag: str,
) -> BuiltImage:
    """Run the build and wait for it (at most ``build_timeout_s``); raise ``DeploymentFailedError`` otherwise."""
    config = build_config(settings, service, bucket_object, generation, tag)
    tagged = config.images[0]
    try:
        operation = await asyncio.to_thread(client.create_build, request={"parent": settings.parent, "build": config})
    except GOOGLE_ERRORS as exc:
        raise record.from_exception(exc) from exc
    queued = operation.metadata.build
    name = f"{settings.parent}/builds/{queued.id}"
    record.note(f"Cloud Build {queued.id} started; log: {queued.log_url}", 0.25)
    extra = {"build_id": queued.id, "log_url": queued.log_url}
    deadline = time.monotonic() + settings.build_timeout_s
    last = queued.status
    try:
        while True:
            try:
                build = await asyncio.to_thread(client.get_build, request={"name": name})
            except GOOGLE_ERRORS as exc:
                raise record.from_exception(exc, **extra) from exc
            if build.status not in RUNNING:
                break
            if build.status != last:
                last = build.status
                record.note(f"Cloud Build {queued.id}: {build.status.name.lower()}", 0.35)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                stopped = await _cancel(client, name)
                raise record.failure(
                    f"Cloud Build {queued.id} did not finish within {settings.build_timeout_s:g}s (still "
                    f"{build.status.name}); {stopped}. Raise NEXUSFORGE_GCP_BUILD_TIMEOUT_S or deploy again.",
                    retry_possible=True,
                    error=f"timed out waiting for build {queued.id} (status {build.status.name})",
                    **extra,
                )
            await asyncio.sleep(min(settings.poll_interval_s, remaining))
    except asyncio.CancelledError:
        await _cancel(client, name)
        raise
    if build.status != Status.SUCCESS:
        parts = [build.status_detail, build.failure_info.detail]
        detail = "; ".join(dict.fromkeys(part for part in parts if part))  # the two often say the same
        error = f"{build.status.name}: {detail or 'no detail given'}"
        raise record.failure(
            f"Cloud Build {queued.id} ended {build.status.name}: {detail or 'no detail given'}. Build log: "
            f"{build.log_url}",
            retry_possible=build.status in RETRYABLE,
            error=error,
            **extra,
        )
    digests = [image.digest for image in build.results.images if image.name == tagged and image.digest]
    if not digests:
        raise record.failure(
            f"Cloud Build {queued.id} succeeded but reported no pushed image {tagged}.",
            retry_possible=False,
            error="no image digest in the build results",
            **extra,
        )
    return BuiltImage(
        image=f"{settings.image(service)}@{digests[0]}", tagged=tagged, build_id=queued.id, log_url=build.log_url
    )


async def _cancel(client: cloudbuild_v1.CloudBuildClient, name: str) -> str:
    """Cancel a build we stopped waiting for; say what happened, never raise."""
    with contextlib.suppress(*GOOGLE_ERRORS):
        build = await asyncio.to_thread(client.cancel_build, request={"name": name})
        return f"the build was cancelled (status {build.status.name})"
    return "cancelling it failed, so it may still push its image"
