"""Cloud Run Admin API interactions in their documented REST wire formats.

v2 services get, create (``?serviceId=``) and patch ask for numeric enums; ``projects.locations.operations.get`` is
asked without ``$alt`` and answers enum names; the service ``name`` travels in the PATCH URL only. v1
``namespaces.domainmappings`` create/get go to the regional endpoint ``{region}-run.googleapis.com``.
"""

from __future__ import annotations

from typing import Any

from tests.tools.test_cloudrun_harness import DOMAIN, PROJECT, REGION, SERVICE

from .wire_build import (
    COMPUTE_SA,
    DEPLOYER,
    INT_ENUMS,
    LABELS,
    NUMBER,
    PARENT,
    RUN,
    SERVICE_NAME,
    URI,
    google_error,
    interaction,
)

# ----------------------------------------------------------------------------------------------- Cloud Run v2

NUMBERED = {
    "INGRESS_TRAFFIC_ALL": 1,
    "GA": 4,
    "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST": 1,
    "CONDITION_PENDING": 1,
    "CONDITION_RECONCILING": 2,
    "CONDITION_SUCCEEDED": 4,
}
ENUM_FIELDS = ("ingress", "launchStage", "type", "state")


def int_enums(value: Any) -> Any:
    """The same resource as an ``enum-encoding=int`` response carries it."""
    if isinstance(value, dict):
        return {
            k: NUMBERED.get(v, v) if k in ENUM_FIELDS and isinstance(v, str) else int_enums(v) for k, v in value.items()
        }
    if isinstance(value, list):
        return [int_enums(v) for v in value]
    return value


def condition(kind: str, state: str, when: str) -> dict:
    return {"type": kind, "state": state, "lastTransitionTime": when}


def digest(seed: str) -> str:
    import hashlib

    return "sha256:" + hashlib.sha256(seed.encode()).hexdigest()


DIGEST_V1, DIGEST_V2 = digest("team-tasks v1"), digest("team-tasks v2")
PORTS = [{"name": "http1", "containerPort": 8080}]
PROBE = {"timeoutSeconds": 240, "periodSeconds": 240, "failureThreshold": 1, "tcpSocket": {"port": 8080}}
SECRET_ENV = [{"name": "DATABASE_URL", "valueSource": {"secretKeyRef": {"secret": "team-tasks-database-url",
                                                                         "version": "latest"}}}]  # fmt: skip
ETAG = '"CMK7t8IGEMDw2ZsB/cHJvamVjdHMvbmV4dXNmb3JnZS1kZW1vL2xvY2F0aW9ucy91cy1jZW50cmFsMS9zZXJ2aWNlcy90ZWFtLXRhc2tz"'
UID = "3c9a1f0e-7d2b-4e8a-b6c5-1f0d9e8a7b6c"
REVISION = f"{SERVICE_NAME}/revisions/{SERVICE}"


def limits(cpu: str, memory: str) -> dict:
    return {"limits": {"cpu": cpu, "memory": memory}, "cpuIdle": True, "startupCpuBoost": True}


def served(*, image: str, revision: str, generation: str, scaling: dict, resources: dict, when: str,
           env: list | None = None, labels: dict | None = None) -> dict:  # fmt: skip
    """A service as Cloud Run reports it once ready (enum names; see int_enums)."""
    container: dict[str, Any] = {"image": image, "resources": resources, "ports": PORTS, "startupProbe": PROBE}
    if env:
        container = {"image": image, "env": env, **{k: v for k, v in container.items() if k != "image"}}
    return {
        "name": SERVICE_NAME,
        "uid": UID,
        "generation": generation,
        "labels": labels or LABELS,
        "createTime": "2025-06-02T09:16:44.203931Z",
        "updateTime": when,
        "creator": DEPLOYER,
        "lastModifier": DEPLOYER,
        "client": "nexusforge",
        "ingress": "INGRESS_TRAFFIC_ALL",
        "launchStage": "GA",
        "template": {
            "labels": labels or LABELS,
            "scaling": scaling,
            "timeout": "300s",
            "serviceAccount": COMPUTE_SA,
            "containers": [container],
            "maxInstanceRequestConcurrency": 80,
        },
        "traffic": [{"type": "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", "percent": 100}],
        "invokerIamDisabled": True,
        "observedGeneration": generation,
        "terminalCondition": condition("Ready", "CONDITION_SUCCEEDED", when),
        "conditions": [
            condition("RoutesReady", "CONDITION_SUCCEEDED", when),
            condition("ConfigurationsReady", "CONDITION_SUCCEEDED", when),
        ],
        "latestReadyRevision": f"{REVISION}-{revision}",
        "latestCreatedRevision": f"{REVISION}-{revision}",
        "trafficStatuses": [{"type": "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", "percent": 100}],
        "uri": URI,
        "urls": [f"https://{SERVICE}-{NUMBER}.{REGION}.run.app", URI],
        "etag": ETAG,
    }


def in_progress(spec: dict, generation: str, revision: str, configured: str, routed: str, when: str) -> dict:
    """A service while its operation runs: the spec as sent plus the server's bookkeeping."""
    return {
        **spec,
        "name": SERVICE_NAME,
        "uid": UID,
        "generation": generation,
        "createTime": "2025-06-02T09:16:44.203931Z",
        "updateTime": when,
        "creator": DEPLOYER,
        "lastModifier": DEPLOYER,
        "launchStage": "GA",
        "terminalCondition": condition("Ready", "CONDITION_RECONCILING", when),
        "conditions": [condition("ConfigurationsReady", configured, when), condition("RoutesReady", routed, when)],
        "latestCreatedRevision": f"{REVISION}-{revision}",
        "reconciling": True,
        "etag": ETAG,
    }


def operation(op_id: str, metadata: dict, *, response: dict | None = None, ints: bool = False) -> dict:
    body: dict[str, Any] = {
        "name": f"{PARENT}/operations/{op_id}",
        "metadata": {"@type": "type.googleapis.com/google.cloud.run.v2.Service", **metadata},
    }
    if response is not None:
        body["done"] = True
        body["response"] = {"@type": "type.googleapis.com/google.cloud.run.v2.Service", **response}
    return int_enums(body) if ints else body


def get_service(status: int, body: dict) -> dict:
    return interaction("GET", f"{RUN}/{SERVICE_NAME}?{INT_ENUMS}", status, body)


def service_missing() -> dict:
    message = f"Resource '{SERVICE}' of kind 'SERVICE' in region '{REGION}' in project '{PROJECT}' does not exist."
    return get_service(404, google_error(404, "NOT_FOUND", message))


def poll(op_id: str, body: dict) -> dict:
    return interaction("GET", f"{RUN}/{PARENT}/operations/{op_id}", 200, body)


# ----------------------------------------------------------------------------------------------- domain mapping


def mapping(status: dict, generation: int = 1) -> dict:
    return {
        "apiVersion": "domains.cloudrun.com/v1",
        "kind": "DomainMapping",
        "metadata": {
            "name": DOMAIN,
            "namespace": NUMBER,
            "selfLink": f"/apis/domains.cloudrun.com/v1/namespaces/{NUMBER}/domainmappings/{DOMAIN}",
            "uid": "5b2f8c1d-0e9a-4c7b-8d6e-2a1f0c9b8e7d",
            "resourceVersion": "AAY2i8cJk2M",
            "generation": generation,
            "creationTimestamp": "2025-06-02T09:17:02.114Z",
            "labels": {**LABELS, "cloud.googleapis.com/location": REGION},
            "annotations": {
                "serving.knative.dev/creator": DEPLOYER,
                "serving.knative.dev/lastModifier": DEPLOYER,
                "run.googleapis.com/operation-id": "0a7d5c3e-9b1f-4e2d-8c6a-5f4e3d2c1b0a",
            },
        },
        "spec": {"routeName": SERVICE, "certificateMode": "AUTOMATIC"},
        "status": status,
    }


def dm_condition(kind: str, status: str, reason: str = "", message: str = "") -> dict:
    item = {"type": kind, "status": status, "lastTransitionTime": "2025-06-02T09:17:05.401Z"}
    if reason:
        item["reason"] = reason
    if message:
        item["message"] = message
    return item


RECORDS = [{"name": "tasks", "rrdata": "ghs.googlehosted.com.", "type": "CNAME"}]
PENDING_CERT = "Certificate issuance pending. The certificate will be issued after the DNS records are updated."
MAPPING_BODY = {
    "apiVersion": "domains.cloudrun.com/v1",
    "kind": "DomainMapping",
    "metadata": {"name": DOMAIN, "namespace": PROJECT, "labels": LABELS},
    "spec": {"routeName": SERVICE, "certificateMode": "AUTOMATIC"},
}
