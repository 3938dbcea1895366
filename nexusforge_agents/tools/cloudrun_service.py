"""The Cloud Run service: created on the first deploy, updated in place afterwards, public, scaled as asked.

A redeploy starts from the service as it is (so settings added in the console, such as environment variables
or secrets, survive), replaces the image, resources, scaling and labels, sends the service's etag (a concurrent
change makes the update fail instead of being overwritten), and routes all traffic to the new revision. Services
that Nexus Forge did not create are never overwritten.

The long-running operation is polled with a plain GET and read leniently: api-core's REST operations client
parses strictly, so one field newer than the installed google-cloud-run would make polling fail.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass
from typing import Any, TypeVar

from google.api_core import exceptions as api_exceptions
from google.cloud import run_v2

from .cloudrun_config import CloudRunSettings, ResourcePlan, cpu_millis
from .cloudrun_record import CREATING, GOOGLE_ERRORS, ROUTING, DeployRecord, request_json

OUTPUT_ONLY = (
    "uid", "generation", "create_time", "update_time", "delete_time", "expire_time", "creator", "last_modifier",
    "urls", "observed_generation", "terminal_condition", "conditions", "latest_ready_revision",
    "latest_created_revision", "traffic_statuses", "uri", "satisfies_pzs", "threat_detection_enabled",
    "reconciling",
)  # fmt: skip
M = TypeVar("M", run_v2.Service, run_v2.RevisionTemplate)
SUCCEEDED = run_v2.Condition.State.CONDITION_SUCCEEDED
Environment = run_v2.ExecutionEnvironment
FIRST_GENERATION, ANY_GENERATION = Environment(Environment.EXECUTION_ENVIRONMENT_GEN1), Environment(0)
_SUCCEEDED = ("CONDITION_SUCCEEDED", int(SUCCEEDED))  # operations answer with enum names, or numbers


@dataclass(frozen=True)
class DeployedService:
    uri: str
    revision: str
    action: str
    """'created' or 'updated'."""
    previous_revision: str | None


def copy_of(message: M) -> M:
    """A deep copy of a proto-plus message (its edits never reach the original)."""
    return type(message).deserialize(type(message).serialize(message))


def _fractional(cpu: str) -> bool:
    try:
        return 0 < cpu_millis(cpu) < 1000
    except ArithmeticError:  # not a number (decimal.InvalidOperation): not one of ours
        return False


def short(resource_name: str) -> str:
    return resource_name.rsplit("/", 1)[-1]


def revision_template(
    image: str, plan: ResourcePlan, labels: dict[str, str], base: run_v2.RevisionTemplate | None = None
) -> run_v2.RevisionTemplate:
    """``base`` (the running template, or a new one) with the image, resources, scaling and labels set."""
    template = copy_of(base) if base else run_v2.RevisionTemplate()
    template.revision = ""  # a fixed revision name from the console would collide with the new revision
    template.labels.update(labels)
    template.scaling = run_v2.RevisionScaling(
        min_instance_count=plan.min_instances, max_instance_count=plan.max_instances
    )
    if not template.containers:
        template.containers.append(run_v2.Container())
    # The serving (ingress) container is the one with a port; a lone container serves on the default port.
    container = next((c for c in template.containers if c.ports), template.containers[0])
    if _fractional(container.resources.limits.get("cpu", "")) and not plan.first_generation:
        # Concurrency 1 and the first generation were forced by the old fractional CPU: back to the defaults.
        template.max_instance_request_concurrency = 0
        template.execution_environment = ANY_GENERATION
    container.image = image
    container.resources = run_v2.ResourceRequirements(
        limits={"cpu": plan.cpu, "memory": plan.memory},
        cpu_idle=True,  # billed while handling requests only
        startup_cpu_boost=not plan.first_generation,
    )
    if plan.concurrency is not None:
        template.max_instance_request_concurrency = plan.concurrency
    if plan.first_generation:
        template.execution_environment = FIRST_GENERATION
    return template


def service_spec(
    image: str, plan: ResourcePlan, labels: dict[str, str], existing: run_v2.Service | None = None
) -> run_v2.Service:
    """The service to send: public, all traffic on the latest revision, our labels over any existing ones."""
    service = copy_of(existing) if existing else run_v2.Service()
    for name in OUTPUT_ONLY:
        run_v2.Service.pb(service).ClearField(name)
    service.labels.update(labels)
    service.template = revision_template(image, plan, labels, existing.template if existing else None)
    traffic = run_v2.TrafficTargetAllocationType.TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST
    service.traffic = [run_v2.TrafficTarget(type_=traffic, percent=100)]
    service.ingress = run_v2.IngressTraffic.INGRESS_TRAFFIC_ALL
    service.invoker_iam_disabled = True  # public: no roles/run.invoker check on requests
    service.client = "nexusforge"
    return service


async def fetch(client: run_v2.ServicesClient, name: str) -> run_v2.Service | None:
    try:
        return await asyncio.to_thread(client.get_service, name=name)
    except api_exceptions.NotFound:
        return None


async def deploy_service(
    client: run_v2.ServicesClient,
    session: Any,
    settings: CloudRunSettings,
    record: DeployRecord,
    *,
    service_id: str,
    image: str,
    plan: ResourcePlan,
    labels: dict[str, str],
) -> DeployedService:
    """Create or update the service and wait (at most ``deploy_timeout_s``) until it serves the new revision."""
    name = f"{settings.parent}/services/{service_id}"
    try:
        existing = await fetch(client, name)
    except GOOGLE_ERRORS as exc:
        raise record.from_exception(exc) from exc
    describe = f"gcloud run services describe {service_id} --region {settings.region} --project {settings.project}"
    if existing is None:
        record.untouched = f"The Cloud Run service {service_id} was not created."
        previous = None
    else:
        if existing.labels.get("managed-by") != labels["managed-by"]:
            raise record.failure(
                f"a service named {service_id} already exists in {settings.region} and was not deployed by Nexus "
                "Forge, so it is left as it is. Delete it or deploy under another environment name.",
                retry_possible=False,
                error=f"service {name} exists without the label managed-by=nexusforge",
            )
        previous = short(existing.latest_ready_revision) or None
        record.untouched = (
            f"The service {service_id} was not updated: it still serves revision {previous} at {existing.uri}."
        )
    spec = service_spec(image, plan, labels, existing)
    try:
        if existing is None:
            request = run_v2.CreateServiceRequest(parent=settings.parent, service=spec, service_id=service_id)
            operation = await asyncio.to_thread(client.create_service, request=request)
            record.untouched = (
                f"Cloud Run accepted the new service {service_id} but it has no ready revision; inspect it with "
                f"`{describe}`, then deploy again or delete it."
            )
        else:
            spec.name = name
            update = run_v2.UpdateServiceRequest(service=spec)
            operation = await asyncio.to_thread(client.update_service, request=update)
            record.untouched = (
                f"The service {service_id} may still serve revision {previous} (inspect it with `{describe}`)."
            )
    except GOOGLE_ERRORS as exc:
        raise record.from_exception(exc) from exc

    operation_name = operation.operation.name
    url = f"https://{client.api_endpoint}/v2/{operation_name}"
    deadline = time.monotonic() + settings.deploy_timeout_s
    stage = CREATING
    while True:
        try:
            state = await asyncio.to_thread(request_json, session, "GET", url)
        except GOOGLE_ERRORS as exc:
            raise record.from_exception(exc) from exc
        done = bool(state.get("done"))
        conditions = state.get("metadata", {}).get("conditions", [])
        configured = any(c.get("type") == "ConfigurationsReady" and c.get("state") in _SUCCEEDED for c in conditions)
        if stage == CREATING and (configured or (done and "error" not in state)):
            stage = ROUTING
            record.start(ROUTING, f"Routing all traffic of {service_id} to the new revision", 0.85)
        if done:
            break
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise record.failure(
                f"Cloud Run did not finish within {settings.deploy_timeout_s:g}s; operation {operation_name} "
                f"goes on without us. Check it with `{describe}`.",
                retry_possible=True,
                error=f"timed out waiting for operation {operation_name}",
            )
        await asyncio.sleep(min(settings.poll_interval_s, remaining))
    if "error" in state:
        error = state["error"]
        failed = api_exceptions.from_grpc_status(error.get("code", 2), error.get("message", "no message given"))
        raise record.from_exception(failed)
    payload = {k: v for k, v in state.get("response", {}).items() if k != "@type"}
    served = run_v2.Service.from_json(json.dumps(payload), ignore_unknown_fields=True)
    condition = served.terminal_condition
    if condition.state != SUCCEEDED or not served.uri:
        raise record.failure(
            f"the service is not ready: {condition.message or condition.reason or 'no reason given'}.",
            retry_possible=False,
            error=f"{condition.type_} {condition.state.name}: {condition.message}",
        )
    return DeployedService(
        uri=served.uri,
        revision=short(served.latest_ready_revision),
        action="created" if existing is None else "updated",
        previous_revision=previous,
    )
