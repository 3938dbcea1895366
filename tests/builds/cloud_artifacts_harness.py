"""Shared by the Cloud Storage artifact tests and their cassette builder: the build's files, the fixed names, the VCR.

Replay (the default) uses the fixed bucket and anonymous credentials. Recording live (``--record-mode=rewrite``)
uses Application Default Credentials and ``NEXUSFORGE_RECORD_ARTIFACTS_BUCKET`` (a bucket you own), whose name is
rewritten into the fixed one as each interaction is saved. See cassettes/README.md.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from typing import Any

import vcr
from vcr.request import Request

CASSETTES = Path(__file__).parent / "cassettes" / "test_cloud_artifacts"
BUCKET = "nexusforge-demo-artifacts"
PREFIX = "builds"
SESSION = "7c1e4b52-9a3d-4f60-8e21-5b7d9c0a1f34"
MOCKUP = "mockups/NoteList.png"
VIDEO = "demo/demo.mp4"
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"  # an MP4 header: what is served is what was uploaded
CODE = {  # the app's files (its own, so the cassettes do not change when the test providers' app does)
    "backend/__init__.py": "",
    "backend/main.py": "def health():\n    return {'status': 'ok'}\n",
    "tests/test_main.py": "from backend.main import health\n\n\ndef test_health():\n    assert health()\n",
}
CODE_FOLDER = "tiny-notes"  # the zip's top folder: the spec's slug


def live_bucket() -> str:
    return os.environ.get("NEXUSFORGE_RECORD_ARTIFACTS_BUCKET", "")


def artifacts_url(live: bool) -> str:
    return f"gs://{live_bucket() if live else BUCKET}/{PREFIX}"


def zip_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def code_zip_bytes() -> bytes:
    """The code zip as the worker writes it (its entries' timestamps aside, which the matcher ignores)."""
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for rel, text in sorted(CODE.items()):
            archive.writestr(zipfile.ZipInfo(f"{CODE_FOLDER}/{rel}", date_time=(2026, 11, 29, 12, 0, 0)), text)
    return raw.getvalue()


def _uploaded(body: Any) -> Any:
    """An upload's body as compared: a zip by its members (its timestamps change with every build), else the bytes."""
    if isinstance(body, str):
        body = body.encode()
    if isinstance(body, bytes) and body.startswith(b"PK\x03\x04"):
        return zip_members(body)
    return body


def same_body(r1: Request, r2: Request) -> None:
    """vcrpy matcher: what is uploaded must be exactly what the cassette holds."""
    assert _uploaded(r1.body) == _uploaded(r2.body), f"{r1.method} {r1.uri}: the body differs from the cassette"


def recorder(record_mode: str) -> vcr.VCR:
    live = live_bucket()

    def scrub_request(request: Request) -> Request:
        if live:
            request.uri = request.uri.replace(live, BUCKET)
        return request

    def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
        raw = response["body"]["string"]
        if live and isinstance(raw, bytes) and raw.startswith(b"{"):
            response["body"]["string"] = raw.replace(live.encode(), BUCKET.encode())
        for header in ("Set-Cookie", "Alt-Svc", "Server-Timing", "X-GUploader-UploadID"):
            response["headers"].pop(header, None)
        return response

    machine = vcr.VCR(
        cassette_library_dir=str(CASSETTES),
        record_mode="all" if record_mode == "rewrite" else record_mode,
        match_on=("method", "scheme", "host", "port", "path", "query", "same_body"),
        filter_headers=["authorization", "x-goog-user-project"],
        before_record_request=scrub_request,
        before_record_response=scrub_response,
        decode_compressed_response=True,
        ignore_localhost=True,  # the test talks to its API server on 127.0.0.1
    )
    machine.register_matcher("same_body", same_body)
    return machine
