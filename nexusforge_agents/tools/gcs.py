"""Objects in a Cloud Storage bucket, over the JSON API v1 and google-auth's requests ``AuthorizedSession``: the
same credentials and transport as the Cloud Run deployer (Application Default Credentials), so the tests replay
it from vcrpy cassettes. Upload (``uploadType=media``), download as a stream (``alt=media``), list by prefix,
delete. Every failure is a ``StorageUnavailableError`` naming the object and quoting the service.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..errors import MissingExtraError, StorageUnavailableError

STORAGE_SCOPE = "https://www.googleapis.com/auth/devstorage.read_write"
OBJECTS_URL = "https://storage.googleapis.com/storage/v1/b/{bucket}/o"
UPLOAD_URL = "https://storage.googleapis.com/upload/storage/v1/b/{bucket}/o"
CHUNK_BYTES = 256 * 1024


def authorized_session(credentials: Any = None) -> Any:
    """A requests session carrying ``credentials`` (default: Application Default Credentials)."""
    try:
        import google.auth
        from google.auth import exceptions as auth_exceptions
        from google.auth.transport.requests import AuthorizedSession
    except ImportError as exc:
        raise MissingExtraError("gcs", "google-auth") from exc
    if credentials is None:
        try:
            credentials, _ = google.auth.default(scopes=[STORAGE_SCOPE])
        except auth_exceptions.DefaultCredentialsError as exc:
            raise StorageUnavailableError(
                "Artifacts on Cloud Storage need Google credentials: run `gcloud auth application-default login`, "
                f"set GOOGLE_APPLICATION_CREDENTIALS to a service account key file, or run on Google Cloud ({exc})."
            ) from exc
    return AuthorizedSession(credentials)


@dataclass
class ObjectStream:
    """An object being downloaded: its size and type (from the response headers) and its bytes, chunk by chunk."""

    size: int | None
    content_type: str | None
    chunks: Iterator[bytes]


class Bucket:
    def __init__(self, session: Any, name: str, *, timeout_s: float = 120.0) -> None:
        self.session = session
        self.name = name
        self.timeout_s = timeout_s

    def url(self, object_name: str) -> str:
        return f"gs://{self.name}/{object_name}"

    def _object_url(self, object_name: str) -> str:
        return OBJECTS_URL.format(bucket=quote(self.name, safe="")) + "/" + quote(object_name, safe="")

    def upload(self, object_name: str, path: Path, content_type: str) -> None:
        # bytes, not a file: google-auth sends the request again after refreshing an expired token
        self._call(
            "POST",
            UPLOAD_URL.format(bucket=quote(self.name, safe="")),
            object_name,
            params={"uploadType": "media", "name": object_name},
            data=path.read_bytes(),
            headers={"Content-Type": content_type},
        ).close()

    def download(self, object_name: str) -> ObjectStream | None:
        """The object as a stream (close it by exhausting or closing ``chunks``), or None if there is none."""
        url = self._object_url(object_name)
        response = self._call("GET", url, object_name, missing_ok=True, params={"alt": "media"}, stream=True)
        if response.status_code == 404:
            response.close()
            return None
        size = response.headers.get("Content-Length")
        return ObjectStream(int(size) if size else None, response.headers.get("Content-Type"), _chunks(response))

    def names(self, prefix: str) -> list[str]:
        found: list[str] = []
        params = {"prefix": prefix, "fields": "items(name),nextPageToken"}
        while True:
            response = self._call("GET", OBJECTS_URL.format(bucket=quote(self.name, safe="")), prefix, params=params)
            page = response.json()
            found += [item["name"] for item in page.get("items", [])]
            if not page.get("nextPageToken"):
                return found
            params = {**params, "pageToken": page["nextPageToken"]}

    def delete(self, object_name: str) -> None:
        """Delete the object; one already gone is not an error."""
        self._call("DELETE", self._object_url(object_name), object_name, missing_ok=True).close()

    def _call(self, method: str, url: str, object_name: str, *, missing_ok: bool = False, **kwargs: Any) -> Any:
        try:
            response = self.session.request(method, url, timeout=self.timeout_s, **kwargs)
        except Exception as exc:  # requests' and google-auth's transport errors: no answer at all
            raise StorageUnavailableError(
                f"Cloud Storage did not answer for {self.url(object_name)}: {type(exc).__name__}: {exc}"
            ) from exc
        if response.status_code >= 400 and not (response.status_code == 404 and missing_ok):
            raise StorageUnavailableError(
                f"Cloud Storage refused {method} {self.url(object_name)}: {_service_error(response)}",
                retry_possible=response.status_code >= 500 or response.status_code == 429,
                details={"status": response.status_code},
            )
        return response


def _chunks(response: Any) -> Iterator[bytes]:
    with contextlib.closing(response):
        yield from response.iter_content(CHUNK_BYTES)


def _service_error(response: Any) -> str:
    """The service's own words: ``{"error": {"code", "message"}}`` from the JSON API, or the plain text a media
    download answers with, else the status line."""
    with contextlib.suppress(ValueError, KeyError, AttributeError, TypeError):
        error = response.json()["error"]
        return f"{error.get('code', response.status_code)} {error.get('message', '')}".strip()
    text = (response.text or "").strip()
    return f"{response.status_code} {text[:300] or response.reason}"
