"""Where a build's artifacts (mockups, demo video, code zip) live so that any API replica serves them.

``FolderArtifacts`` (the default): a folder every API replica and worker mounts. The code zip is written under
``<artifacts_dir>/<session>/``; mockups and video stay where the build wrote them, in its folder under the home.

``CloudArtifacts`` (``NEXUSFORGE_ARTIFACTS_URL=gs://bucket/prefix``): the worker that completes a build uploads its
code zip, mockups and video to ``gs://bucket/prefix/<session>/<path>``; an API replica streams them back through
itself (``GET /artifacts/...``), after the same access check as a local file. Streaming, not a redirect to a signed
URL: signing needs a private key or the IAM signBlob permission that plain Cloud Run credentials lack, and a signed
URL handed out stays valid after a key or a build is revoked.
"""

from __future__ import annotations

import mimetypes
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..errors import BuildFailedError, NexusForgeError, StorageUnavailableError

ARTIFACT_TYPES = {".png": "image/png", ".mp4": "video/mp4", ".zip": "application/zip"}


def media_type(rel: str) -> str:
    suffix = Path(rel).suffix.lower()
    return ARTIFACT_TYPES.get(suffix) or mimetypes.guess_type(rel)[0] or "application/octet-stream"


@dataclass
class ArtifactFile:
    """An artifact on this machine's (shared) file system."""

    path: Path


@dataclass
class ArtifactStream:
    """An artifact read from remote storage, chunk by chunk."""

    chunks: Iterator[bytes]
    size: int | None
    media_type: str


class ArtifactStore(Protocol):
    root: Path
    """Where code zips are written (and, for a folder store, read) on this machine."""

    def publish(self, session_id: str, files: dict[str, Path]) -> None:
        """Make a completed build's artifacts (relative path -> file on this machine) servable by every replica."""
        ...

    def fetch(self, session_id: str, rel: str, local: Path) -> ArtifactFile | ArtifactStream | None:
        """One artifact (``local``: where this build wrote it), or None if it is missing."""
        ...

    def remove(self, session_id: str) -> None: ...

    def describe(self) -> str: ...


class FolderArtifacts:
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def publish(self, session_id: str, files: dict[str, Path]) -> None:
        """Nothing to copy: the files are on the shared folder already."""

    def fetch(self, session_id: str, rel: str, local: Path) -> ArtifactFile | None:
        return ArtifactFile(local) if local.is_file() else None

    def remove(self, session_id: str) -> None:
        shutil.rmtree(self.root / session_id, ignore_errors=True)

    def describe(self) -> str:
        return str(self.root)


class CloudArtifacts:
    """Artifacts in a Cloud Storage bucket (``tools/gcs.py``); code zips are also kept under ``root`` locally."""

    def __init__(self, root: Path, bucket: Any, prefix: str) -> None:
        self.root = root.resolve()
        self.bucket = bucket
        self.prefix = prefix

    def object_name(self, session_id: str, rel: str = "") -> str:
        return f"{self.prefix}{session_id}/{rel}"

    def publish(self, session_id: str, files: dict[str, Path]) -> None:
        try:
            for rel, path in sorted(files.items()):
                self.bucket.upload(self.object_name(session_id, rel), path, media_type(rel))
        except StorageUnavailableError as exc:
            raise BuildFailedError(
                f"The build's artifacts could not be stored: {exc.message}", details=exc.details
            ) from exc

    def fetch(self, session_id: str, rel: str, local: Path) -> ArtifactStream | None:
        found = self.bucket.download(self.object_name(session_id, rel))
        if found is None:
            return None
        return ArtifactStream(found.chunks, found.size, media_type(rel))

    def remove(self, session_id: str) -> None:
        shutil.rmtree(self.root / session_id, ignore_errors=True)
        for name in self.bucket.names(self.object_name(session_id)):
            self.bucket.delete(name)

    def describe(self) -> str:
        return self.bucket.url(self.prefix)


def parse_gs_url(url: str) -> tuple[str, str]:
    """``gs://bucket/some/prefix`` -> (``bucket``, ``some/prefix/``); the prefix is empty or ends with '/'."""
    if not url.startswith("gs://") or not url[5:].split("/", 1)[0]:
        raise ValueError(f"NEXUSFORGE_ARTIFACTS_URL must look like gs://bucket or gs://bucket/prefix (got {url!r}).")
    bucket, _, prefix = url[5:].partition("/")
    prefix = prefix.strip("/")
    return bucket, f"{prefix}/" if prefix else ""


def open_artifact_store(root: Path, url: str | None = None, *, credentials: Any = None) -> ArtifactStore:
    """The folder store, or the Cloud Storage one when ``url`` is a gs:// URL (``credentials``: default ADC)."""
    if not url:
        return FolderArtifacts(root)
    from ..tools.gcs import Bucket, authorized_session

    bucket, prefix = parse_gs_url(url)
    return CloudArtifacts(root, Bucket(authorized_session(credentials), bucket), prefix)


def artifacts_problem(root: Path, url: str | None) -> str | None:
    """What would stop a process from opening its artifact store (extra or credentials missing), in one line for
    the command line to say before starting; None when nothing would."""
    try:
        open_artifact_store(root, url)
    except (ImportError, NexusForgeError) as exc:
        return f"NEXUSFORGE_ARTIFACTS_URL={url}: {exc}"
    return None
