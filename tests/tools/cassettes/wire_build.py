"""Cassette plumbing, Cloud Storage and Cloud Build interactions in their documented REST wire formats.

Cloud Storage JSON API v1 (objects.insert, multipart upload) and Cloud Build v1 (projects.locations.builds
create/get/cancel; the client asks for ``$alt=json;enum-encoding=int``, so enums are numbers). Fields that the
REST mapping binds into the URL (a build's ``name``) are not repeated in the request body.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import google_crc32c
import yaml

from nexusforge_agents.tools.cloudrun_source import build_archive
from tests.tools.test_cloudrun_harness import BUCKET, CASSETTES, PROJECT, REGION, REPOSITORY, SERVICE, write_app

ROOT = Path(__file__).resolve().parents[3]
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
