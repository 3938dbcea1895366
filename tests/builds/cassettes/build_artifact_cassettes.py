"""Write the Cloud Storage artifact cassettes from the JSON API's documented wire format (no live recording was
possible where they were made: no network, no Google Cloud project).

Run from the repository root:  python -m tests.builds.cassettes.build_artifact_cassettes

Calls, as https://cloud.google.com/storage/docs/json_api/v1/objects documents them: ``objects.insert`` with
``uploadType=media`` (answers the object resource: ``size``, ``generation`` as strings, ``md5Hash`` and ``crc32c``
base64), ``objects.get`` with ``alt=media`` (answers the bytes, with ``X-Goog-Hash``, ``X-Goog-Generation`` and the
stored length; a refusal answers plain text), ``objects.list`` with ``prefix`` and ``fields``, ``objects.delete``
(204, no body). The request bodies are the bytes the worker must upload; the tests' ``same_body`` matcher compares
them (a zip by its members).
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import google_crc32c
import requests
import yaml

from tests.builds.cloud_artifacts_harness import (
    BUCKET,
    CASSETTES,
    MOCKUP,
    MP4,
    PREFIX,
    SESSION,
    VIDEO,
    code_zip_bytes,
)
from tests.scripted import PNG_1X1

API = f"https://storage.googleapis.com/storage/v1/b/{BUCKET}/o"
UPLOAD = f"https://storage.googleapis.com/upload/storage/v1/b/{BUCKET}/o"
TYPES = {"code.zip": "application/zip", VIDEO: "video/mp4", MOCKUP: "image/png"}
GENERATIONS = {"code.zip": "1764417601203117", VIDEO: "1764417601418552", MOCKUP: "1764417601630274"}
WHEN = "2026-11-29T12:00:01.203Z"
JSON = {"Content-Type": ["application/json; charset=UTF-8"], "Vary": ["Origin", "X-Origin"], "Server": ["UploadServer"]}


def url(base: str, **params: str) -> str:
    return requests.Request("GET", base, params=params).prepare().url or ""


def name(rel: str) -> str:
    return f"{PREFIX}/{SESSION}/{rel}"


def object_url(rel: str) -> str:
    return f"{API}/{requests.utils.quote(name(rel), safe='')}"


def hashes(data: bytes) -> tuple[str, str]:
    md5 = base64.b64encode(hashlib.md5(data, usedforsecurity=False).digest()).decode()
    crc = base64.b64encode(google_crc32c.Checksum(data).digest()).decode()
    return md5, crc


def resource(rel: str, data: bytes) -> dict[str, Any]:
    md5, crc = hashes(data)
    generation, quoted = GENERATIONS[rel], requests.utils.quote(name(rel), safe="")
    return {
        "kind": "storage#object",
        "id": f"{BUCKET}/{name(rel)}/{generation}",
        "selfLink": f"{API}/{quoted}",
        "mediaLink": f"https://storage.googleapis.com/download/storage/v1/b/{BUCKET}/o/{quoted}?generation={generation}&alt=media",
        "name": name(rel),
        "bucket": BUCKET,
        "generation": generation,
        "metageneration": "1",
        "contentType": TYPES[rel],
        "storageClass": "STANDARD",
        "size": str(len(data)),
        "md5Hash": md5,
        "crc32c": crc,
        "etag": base64.b64encode(bytes.fromhex(generation[-12:])).decode().rstrip("="),
        "timeCreated": WHEN,
        "updated": WHEN,
        "timeStorageClassUpdated": WHEN,
        "timeFinalized": WHEN,
    }


def interaction(
    method: str, uri: str, status: int, body: bytes, *, sent: bytes | None = None, headers: dict | None = None
) -> dict[str, Any]:
    reasons = {200: "OK", 204: "No Content", 403: "Forbidden", 404: "Not Found"}
    return {
        "request": {
            "body": sent,
            "headers": {"Content-Type": [TYPES[uri_rel(uri)]]} if sent is not None else {},
            "method": method,
            "uri": uri,
        },
        "response": {
            "body": {"string": body.decode() if is_text(headers) else body},
            "headers": headers or {},
            "status": {"code": status, "message": reasons[status]},
        },
    }


def is_text(headers: dict | None) -> bool:
    kind = (headers or {}).get("Content-Type", [""])[0]
    return kind.startswith(("application/json", "text/"))


def uri_rel(uri: str) -> str:
    return next(rel for rel in TYPES if requests.utils.quote(name(rel), safe="") in uri)


def upload(rel: str, data: bytes) -> dict[str, Any]:
    body = json.dumps(resource(rel, data), indent=1).encode()
    return interaction("POST", url(UPLOAD, uploadType="media", name=name(rel)), 200, body, sent=data, headers=JSON)


def download(rel: str, data: bytes) -> dict[str, Any]:
    md5, crc = hashes(data)
    headers = {
        "Content-Type": [TYPES[rel]],
        "Content-Length": [str(len(data))],
        "X-Goog-Hash": [f"crc32c={crc},md5={md5}"],
        "X-Goog-Generation": [GENERATIONS[rel]],
        "X-Goog-Metageneration": ["1"],
        "X-Goog-Stored-Content-Encoding": ["identity"],
        "X-Goog-Stored-Content-Length": [str(len(data))],
        "X-Goog-Storage-Class": ["STANDARD"],
        "Cache-Control": ["no-cache, no-store, max-age=0, must-revalidate"],
    }
    return interaction("GET", url(object_url(rel), alt="media"), 200, data, headers=headers)


def refused(rel: str, status: int, text: str) -> dict[str, Any]:
    plain = {"Content-Type": ["text/html; charset=UTF-8"], "Content-Length": [str(len(text))]}
    return interaction("GET", url(object_url(rel), alt="media"), status, text.encode(), headers=plain)


class Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # every interaction reads on its own, without &anchors
        return True


def write(cassette: str, interactions: list[dict[str, Any]]) -> None:
    path = CASSETTES / f"{cassette}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {"interactions": interactions, "version": 1}
    path.write_text(yaml.dump(document, Dumper=Dumper, sort_keys=False, width=120))
    print(f"wrote {path} ({len(interactions)} interactions)")


def main() -> None:
    files = {"code.zip": code_zip_bytes(), VIDEO: MP4, MOCKUP: PNG_1X1}
    write("worker_uploads", [upload(rel, files[rel]) for rel in sorted(files)])
    listing = {"items": [{"name": name(rel)} for rel in sorted(files)]}
    denied = (
        "anonymous caller does not have storage.objects.get access to the Google Cloud Storage object. "
        "Permission 'storage.objects.get' denied on resource (or it may not exist)."
    )
    write("api_serves", [download(MOCKUP, PNG_1X1), download("code.zip", files["code.zip"]), download(VIDEO, MP4)])
    write(
        "api_refusals",
        [
            refused(VIDEO, 403, denied),  # the API's credentials lost read access
            refused(VIDEO, 404, f"No such object: {BUCKET}/{name(VIDEO)}"),  # the object was deleted by hand
        ],
    )
    write(
        "api_deletes",
        [
            interaction(
                "GET",
                url(API, prefix=f"{PREFIX}/{SESSION}/", fields="items(name),nextPageToken"),
                200,
                json.dumps(listing, indent=1).encode(),
                headers=JSON,
            ),  # fmt: skip
            *[interaction("DELETE", object_url(rel), 204, b"") for rel in sorted(files)],
        ],
    )


if __name__ == "__main__":
    main()
