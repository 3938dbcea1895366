"""Write the Cloud Run cassettes from the documented wire formats (no live recording is possible where they were made).

Run from the repository root:  python tests/tools/cassettes/build_cassettes.py

Every response below follows the REST reference of its API: Cloud Storage JSON API v1 (objects.insert, multipart
upload), Cloud Build v1 (projects.locations.builds create/get/cancel; the client asks for
``$alt=json;enum-encoding=int``, so enums are numbers), Cloud Run Admin API v2 (services get/create/patch and
projects.locations.operations.get, which is asked without ``$alt`` and so answers enum names) and Cloud Run Admin
API v1 (namespaces.domainmappings create/get). The request bodies are what the deployer must send, written out
by hand; the tests' ``json_body`` matcher compares them field by field with what it does send.

Re-recording live replaces these files; see README.md.
"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import google_crc32c
import yaml

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from nexusforge_agents.tools.cloudrun_source import build_archive  # noqa: E402
from tests.tools.test_cloudrun_harness import (  # noqa: E402
    APP_BROKEN,
    APP_V1,
    APP_V2,
    BUCKET,
    CASSETTES,
    DOMAIN,
    PROJECT,
    REGION,
    REPOSITORY,
    SERVICE,
    write_app,
)

NUMBER = "482913657201"
RUN = "https://run.googleapis.com/v2"
CLOUDBUILD = "https://cloudbuild.googleapis.com/v1"
PARENT = f"projects/{PROJECT}/locations/{REGION}"
SERVICE_NAME = f"{PARENT}/services/{SERVICE}"
INT_ENUMS = "%24alt=json%3Benum-encoding%3Dint"
IMAGE = f"{REGION}-docker.pkg.dev/{PROJECT}/{REPOSITORY}/{SERVICE}"
URI = "https://team-tasks-production-4kq7vz3mba-uc.a.run.app"
DEPLOYER = f"deployer@{PROJECT}.iam.gserviceaccount.com"
COMPUTE_SA = f"{NUMBER}-compute@developer.gserviceaccount.com"
LABELS = {"managed-by": "nexusforge", "nexusforge-app": "team-tasks", "environment": "production"}
DOMAINS = f"https://{REGION}-run.googleapis.com/apis/domains.cloudrun.com/v1/namespaces/{PROJECT}/domainmappings"
JSON_HEADERS = {"Content-Type": ["application/json; charset=UTF-8"], "Vary": ["Origin", "X-Origin", "Referer"]}


# ----------------------------------------------------------------------------------------------- plumbing


def interaction(method: str, uri: str, status: int, body: Any, sent: Any = None, headers: dict | None = None) -> dict:
    if isinstance(sent, dict):
        sent = json.dumps(sent, indent=2)
    reasons = {200: "OK", 403: "Forbidden", 404: "Not Found", 409: "Conflict"}
    return {
        "request": {
            "body": sent,
            "headers": {"Content-Type": ["application/json"]} if sent else {},
            "method": method,
            "uri": uri,
        },
        "response": {
            "body": {"string": json.dumps(body, indent=2) + "\n"},
            "headers": {**JSON_HEADERS, "Server": ["ESF"], **(headers or {})},
            "status": {"code": status, "message": reasons[status]},
        },
    }


def google_error(code: int, status: str, message: str, details: list | None = None) -> dict:
    error: dict[str, Any] = {"code": code, "message": message, "status": status}
    if details:
        error["details"] = details
    return {"error": error}


class Literal(str):
    pass


class Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # every interaction reads on its own, without &anchors
        return True


def _literal(dumper: yaml.SafeDumper, text: Literal) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|")


Dumper.add_representer(Literal, _literal)


def write(name: str, interactions: list[dict]) -> None:
    for item in interactions:
        for part in (item["request"], item["response"]["body"]):
            key = "body" if "body" in part else "string"
            if isinstance(part.get(key), str) and "\n" in part[key] and "\r" not in part[key]:
                part[key] = Literal(part[key])
    path = CASSETTES / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.dump({"interactions": interactions, "version": 1}, Dumper=Dumper, sort_keys=False, width=120))
    print(f"wrote {path.relative_to(ROOT)} ({len(interactions)} interactions)")


# ----------------------------------------------------------------------------------------------- Cloud Storage


class Source:
    """One version of the app: its archive, object name, generation and image tag, as the deployer derives them."""

    def __init__(self, files: dict[str, str], generation: str, when: str) -> None:
        with TemporaryDirectory() as tmp:
            archive = build_archive(write_app(Path(tmp), files))
        self.object = f"nexusforge-sources/{SERVICE}/{archive.digest[:16]}.tar.gz"
        self.tag = archive.digest[:12]
        self.tagged = f"{IMAGE}:{self.tag}"
        self.generation = generation
        self.when = when
        self.size = len(archive.data)
        self.md5 = archive.md5_b64
        self.crc32c = base64.b64encode(google_crc32c.Checksum(archive.data).digest()).decode()

    def upload(self) -> dict:
        boundary = "nexusforge-5f0c2a3d9e8b4c71a6d2f0e9b8c7a615"
        metadata = {"name": self.object, "contentType": "application/gzip", "md5Hash": self.md5}
        sent = (
            f"--{boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n{json.dumps(metadata)}\r\n"
            f"--{boundary}\r\nContent-Type: application/gzip\r\n\r\n<gzip archive omitted>\r\n--{boundary}--\r\n"
        )
        quoted = self.object.replace("/", "%2F")
        body = {
            "kind": "storage#object",
            "id": f"{BUCKET}/{self.object}/{self.generation}",
            "selfLink": f"https://www.googleapis.com/storage/v1/b/{BUCKET}/o/{quoted}",
            "mediaLink": f"https://storage.googleapis.com/download/storage/v1/b/{BUCKET}/o/{quoted}"
            f"?generation={self.generation}&alt=media",
            "name": self.object,
            "bucket": BUCKET,
            "generation": self.generation,
            "metageneration": "1",
            "contentType": "application/gzip",
            "storageClass": "STANDARD",
            "size": str(self.size),
            "md5Hash": self.md5,
            "crc32c": self.crc32c,
            "etag": "CK3m8d3q0o0DEAE=",
            "timeCreated": self.when,
            "updated": self.when,
            "timeStorageClassUpdated": self.when,
            "timeFinalized": self.when,
        }
        item = interaction(
            "POST", f"https://storage.googleapis.com/upload/storage/v1/b/{BUCKET}/o?uploadType=multipart", 200, body
        )
        item["request"]["body"] = sent
        item["request"]["headers"] = {"Content-Type": [f"multipart/related; boundary={boundary}"]}
        item["response"]["headers"] = {**JSON_HEADERS, "Server": ["UploadServer"]}
        return item


# ----------------------------------------------------------------------------------------------- Cloud Build

QUEUED, WORKING, SUCCESS, FAILURE, CANCELLED = 1, 2, 3, 4, 7
USER_BUILD_STEP = 5


class Build:
    def __init__(self, source: Source, build_id: str, *, timeout: str | None = "600s") -> None:
        self.source, self.id, self.timeout = source, build_id, timeout
        self.name = f"{PARENT}/builds/{build_id}"
        self.log_url = (
            f"https://console.cloud.google.com/cloud-build/builds;region={REGION}/{build_id}?project={NUMBER}"
        )

    def request(self) -> dict:
        body: dict[str, Any] = {
            "source": {
                "storageSource": {"bucket": BUCKET, "object": self.source.object, "generation": self.source.generation}
            },
            "steps": [{"name": "gcr.io/cloud-builders/docker", "args": ["build", "--tag", self.source.tagged, "."]}],
            "images": [self.source.tagged],
            "tags": ["nexusforge", SERVICE],
            "options": {"logging": 5},
        }
        if self.timeout:
            body["timeout"] = self.timeout
        return body

    def resource(self, status: int, **extra: Any) -> dict:
        body = {
            "id": self.id,
            "name": f"projects/{NUMBER}/locations/{REGION}/builds/{self.id}",
            "status": status,
            **self.request(),
            "createTime": "2025-06-02T09:14:32.118304Z",
            "projectId": PROJECT,
            "sourceProvenance": {
                "resolvedStorageSource": {
                    "bucket": BUCKET,
                    "object": self.source.object,
                    "generation": self.source.generation,
                }
            },
            "logUrl": self.log_url,
            "queueTtl": "3600s",
            "serviceAccount": f"projects/{PROJECT}/serviceAccounts/{COMPUTE_SA}",
            **extra,
        }
        body["options"] = {"logging": 5, "pool": {}}
        body.setdefault("timeout", "600s")
        return body

    def create(self) -> dict:
        operation = {
            "name": f"projects/{NUMBER}/locations/{REGION}/operations/{self.id.replace('-', '')[:24]}",
            "metadata": {
                "@type": "type.googleapis.com/google.devtools.cloudbuild.v1.BuildOperationMetadata",
                "build": self.resource(QUEUED),
            },
        }
        return interaction("POST", f"{CLOUDBUILD}/{PARENT}/builds?{INT_ENUMS}", 200, operation, sent=self.request())

    def get(self, status: int, **extra: Any) -> dict:
        started = {"startTime": "2025-06-02T09:14:34.906120Z"} if status != QUEUED else {}
        url = f"{CLOUDBUILD}/{self.name}?{INT_ENUMS}"
        return interaction("GET", url, 200, self.resource(status, **started, **extra))

    def succeeded(self, digest: str) -> dict:
        return self.get(
            SUCCESS,
            finishTime="2025-06-02T09:16:41.377125Z",
            results={
                "images": [
                    {
                        "name": self.source.tagged,
                        "digest": digest,
                        "pushTiming": {
                            "startTime": "2025-06-02T09:16:30.529364Z",
                            "endTime": "2025-06-02T09:16:38.103371Z",
                        },
                    }
                ],
                "buildStepImages": ["sha256:b2c8c3f1e0d4a6b7c9e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7"],
                "buildStepOutputs": [""],
            },
        )

    def cancel(self) -> dict:
        url = f"{CLOUDBUILD}/{self.name}:cancel?{INT_ENUMS}"
        body = self.resource(CANCELLED, startTime="2025-06-02T09:14:34.906120Z", finishTime="2025-06-02T09:14:36.5Z")
        body["statusDetail"] = "Build was cancelled"
        return interaction("POST", url, 200, body, sent={})  # the name is in the path; body "*" is what is left


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


# ----------------------------------------------------------------------------------------------- scenarios

V1 = Source(APP_V1, "1748855671203117", "2025-06-02T09:14:31.215Z")
V2 = Source(APP_V2, "1749031288730554", "2025-06-04T10:01:28.781Z")
BROKEN = Source(APP_BROKEN, "1748856903318807", "2025-06-02T09:35:03.371Z")
SCALING_V1 = {"minInstanceCount": 1, "maxInstanceCount": 10}
SCALING_V2 = {"minInstanceCount": 1, "maxInstanceCount": 20}
CREATE_V1 = {
    "labels": LABELS,
    "client": "nexusforge",
    "ingress": 1,
    "template": {
        "labels": LABELS,
        "scaling": SCALING_V1,
        "containers": [{"image": f"{IMAGE}@{DIGEST_V1}", "resources": limits("1", "2Gi")}],
    },
    "traffic": [{"type": 1, "percent": 100}],
    "invokerIamDisabled": True,
}


def first_deploy() -> list[dict]:
    build = Build(V1, "6f1c2a9e-3b7d-4e52-9a10-2f8d5c7b9e41")
    op_id = "2d4b6a8c-1e3f-4a5b-9c7d-0e2f4a6b8c1d"
    ready = served(image=f"{IMAGE}@{DIGEST_V1}", revision="00001-x7k", generation="1", scaling=SCALING_V1,
                   resources=limits("1", "2Gi"), when="2025-06-02T09:16:44.203931Z")  # fmt: skip
    running = in_progress(CREATE_V1, "1", "00001-x7k", "CONDITION_RECONCILING", "CONDITION_PENDING",
                          "2025-06-02T09:16:44.203931Z")  # fmt: skip
    configured = in_progress(CREATE_V1, "1", "00001-x7k", "CONDITION_SUCCEEDED", "CONDITION_RECONCILING",
                             "2025-06-02T09:16:44.203931Z")  # fmt: skip
    create = interaction("POST", f"{RUN}/{PARENT}/services?serviceId={SERVICE}&{INT_ENUMS}", 200,
                         operation(op_id, running, ints=True), sent=CREATE_V1)  # fmt: skip
    pending = {"conditions": [dm_condition("Ready", "Unknown"), dm_condition("CertificateProvisioned", "Unknown"),
                              dm_condition("DomainRoutable", "Unknown")], "observedGeneration": 1}  # fmt: skip
    records = {
        "conditions": [
            dm_condition("Ready", "Unknown", "CertificatePending", PENDING_CERT),
            dm_condition("CertificateProvisioned", "Unknown", "CertificatePending", PENDING_CERT),
            dm_condition("DomainRoutable", "True"),
        ],
        "observedGeneration": 1,
        "resourceRecords": RECORDS,
        "mappedRouteName": SERVICE,
    }
    return [
        V1.upload(),
        build.create(),
        build.get(WORKING),
        build.succeeded(DIGEST_V1),
        service_missing(),
        create,
        poll(op_id, operation(op_id, running)),
        poll(op_id, operation(op_id, configured)),
        poll(op_id, operation(op_id, configured, response=ready)),
        interaction("POST", DOMAINS, 200, mapping(pending), sent=MAPPING_BODY),
        interaction("GET", f"{DOMAINS}/{DOMAIN}", 200, mapping(records)),
    ]


def redeploy() -> list[dict]:
    build = Build(V2, "a83e51c4-92d0-4b6f-8e17-c5d9f0a2b3e4")
    op_id = "7e9f1a3b-5c7d-4e9f-8a1b-3c5d7e9f1a2b"
    # As it runs today: revision 00002 came from a console edit that added the database secret.
    today = served(image=f"{IMAGE}@{DIGEST_V1}", revision="00002-q4w", generation="2", scaling=SCALING_V1,
                   resources=limits("1", "2Gi"), when="2025-06-03T15:40:12.772210Z", env=SECRET_ENV)  # fmt: skip
    # The service's name travels in the URL path only (the REST mapping takes it out of the body).
    patch = {
        "labels": LABELS,
        "client": "nexusforge",
        "ingress": 1,
        "launchStage": 4,
        "template": {
            "labels": LABELS,
            "scaling": SCALING_V2,
            "timeout": "300s",
            "serviceAccount": COMPUTE_SA,
            "containers": [
                {
                    "image": f"{IMAGE}@{DIGEST_V2}",
                    "env": SECRET_ENV,
                    "resources": limits("2", "4Gi"),
                    "ports": PORTS,
                    "startupProbe": PROBE,
                }
            ],
            "maxInstanceRequestConcurrency": 80,
        },
        "traffic": [{"type": 1, "percent": 100}],
        "invokerIamDisabled": True,
        "etag": ETAG,
    }
    after = served(image=f"{IMAGE}@{DIGEST_V2}", revision="00003-m2p", generation="3", scaling=SCALING_V2,
                   resources=limits("2", "4Gi"), when="2025-06-04T10:03:52.118032Z", env=SECRET_ENV)  # fmt: skip
    running = in_progress({k: v for k, v in patch.items() if k != "etag"}, "3", "00003-m2p", "CONDITION_RECONCILING",
                          "CONDITION_SUCCEEDED", "2025-06-04T10:03:40.513322Z")  # fmt: skip
    update = interaction("PATCH", f"{RUN}/{SERVICE_NAME}?{INT_ENUMS}", 200, operation(op_id, running, ints=True),
                         sent=patch)  # fmt: skip
    exists = google_error(409, "ALREADY_EXISTS", f"Resource '{DOMAIN}' already exists.")
    active = {
        "conditions": [
            dm_condition("Ready", "True"),
            dm_condition("CertificateProvisioned", "True"),
            dm_condition("DomainRoutable", "True"),
        ],
        "observedGeneration": 1,
        "resourceRecords": RECORDS,
        "mappedRouteName": SERVICE,
    }
    return [
        V2.upload(),
        build.create(),
        build.succeeded(DIGEST_V2),
        get_service(200, int_enums(today)),
        update,
        poll(op_id, operation(op_id, running, response=after)),
        interaction("POST", DOMAINS, 409, exists, sent=MAPPING_BODY),
        interaction("GET", f"{DOMAINS}/{DOMAIN}", 200, mapping(active)),
    ]


def build_failure() -> list[dict]:
    build = Build(BROKEN, "c41d7e09-5a2b-4f8c-9d3e-6b1a0f7e2c58")
    step = 'Build step failure: build step 0 "gcr.io/cloud-builders/docker" failed: step exited with non-zero status: 1'
    return [
        BROKEN.upload(),
        build.create(),
        build.get(WORKING),
        build.get(
            FAILURE,
            finishTime="2025-06-02T09:35:41.093518Z",
            statusDetail=step,
            failureInfo={"type": USER_BUILD_STEP, "detail": step},
        ),  # fmt: skip
    ]


def permission_denied() -> list[dict]:
    build = Build(V1, "e5a7c9b1-3d5f-4e7a-9c1b-5d7f9a1c3e5b")
    create = dict(CREATE_V1)
    message = f"Permission 'iam.serviceaccounts.actAs' denied on service account {COMPUTE_SA} (or it may not exist)."
    details = [
        {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "IAM_PERMISSION_DENIED",
            "domain": "iam.googleapis.com",
            "metadata": {"permission": "iam.serviceaccounts.actAs"},
        }
    ]
    return [
        V1.upload(),
        build.create(),
        build.succeeded(DIGEST_V1),
        service_missing(),
        interaction(
            "POST",
            f"{RUN}/{PARENT}/services?serviceId={SERVICE}&{INT_ENUMS}",
            403,
            google_error(403, "PERMISSION_DENIED", message, details),
            sent=create,
        ),  # fmt: skip
    ]


def domain_not_verified() -> list[dict]:
    """The first deploy up to a ready service, then Cloud Run refuses to map a domain the caller has not verified."""
    message = (
        f"Caller is not authorized to administer the domain {DOMAIN}. If you own {DOMAIN}, you can obtain "
        "authorization by verifying ownership of the domain, or any of its parent domains, via the Webmaster "
        f"Central portal: https://www.google.com/webmasters/verification/verification?domain={DOMAIN}"
    )
    refused = interaction("POST", DOMAINS, 403, google_error(403, "PERMISSION_DENIED", message), sent=MAPPING_BODY)
    return [*first_deploy()[:-2], refused]


def build_timeout() -> list[dict]:
    build = Build(V1, "0b9d7f5e-3c1a-4e8f-b6d4-2a0c8e6f4b2d", timeout=None)
    return [V1.upload(), build.create(), build.get(WORKING), build.cancel()]


def foreign_service() -> list[dict]:
    build = Build(V1, "9d1f3b5e-7a9c-4b1d-8f3a-5c7e9b1d3f5a")
    theirs = served(image="us-docker.pkg.dev/billing-prod/app/billing@" + digest("billing"), revision="00012-abc",
                    generation="12", scaling={"maxInstanceCount": 3}, resources=limits("1", "512Mi"),
                    when="2025-05-20T08:00:00.000000Z", labels={"team": "billing"})  # fmt: skip
    return [V1.upload(), build.create(), build.succeeded(DIGEST_V1), get_service(200, int_enums(theirs))]


if __name__ == "__main__":
    write("first_deploy", first_deploy())
    write("redeploy", redeploy())
    write("build_failure", build_failure())
    write("permission_denied", permission_denied())
    write("domain_not_verified", domain_not_verified())
    write("build_timeout", build_timeout())
    write("foreign_service", foreign_service())
