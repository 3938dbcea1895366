"""The app folder as a reproducible source archive, uploaded to Cloud Storage for Cloud Build.

The archive holds what ``docker build`` would see: the folder minus what ``.dockerignore`` excludes (Docker's
rules: Go-style globs, ``**``, ``!`` exceptions, the last matching line wins, a match on a folder covers what is
inside it). It is byte-for-byte reproducible (sorted entries, no timestamps or owners), and its object name
carries a digest of the files, so the same sources always land at the same name.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import os
import re
import tarfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

UPLOAD_URL = "https://storage.googleapis.com/upload/storage/v1/b/{bucket}/o"
ALWAYS_SENT = ("Dockerfile", ".dockerignore")
"""Docker sends these even when .dockerignore lists them; Cloud Build needs the Dockerfile to build."""
DEFAULT_IGNORE = (".git", "**/node_modules", "**/__pycache__", "**/*.pyc", ".venv", "**/.pytest_cache")
"""Used only when the app has no .dockerignore: things no image should be built from."""


@dataclass(frozen=True)
class IgnoreRule:
    pattern: re.Pattern[str]
    exclude: bool


def _glob_to_regex(pattern: str) -> re.Pattern[str]:
    """Docker's .dockerignore glob: ``*`` and ``?`` stay within one path segment, ``**`` crosses segments."""
    out, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out.append(re.escape(char))
            else:
                body = pattern[i + 1 : end]
                out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
                i = end
        elif char == "\\" and i + 1 < len(pattern):
            i += 1
            out.append(re.escape(pattern[i]))
        else:
            out.append(re.escape(char))
        i += 1
    return re.compile("".join(out) + r"\Z")


def parse_dockerignore(text: str) -> list[IgnoreRule]:
    rules = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        exclude = not line.startswith("!")
        line = os.path.normpath(line.lstrip("!").strip()).replace(os.sep, "/").lstrip("/")
        if line in ("", "."):
            continue
        rules.append(IgnoreRule(_glob_to_regex(line), exclude))
    return rules


def is_ignored(relpath: str, rules: list[IgnoreRule]) -> bool:
    """Docker's rule: the last line matching the path or one of its parent folders decides."""
    parts = relpath.split("/")
    candidates = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    ignored = False
    for rule in rules:
        if any(rule.pattern.match(candidate) for candidate in candidates):
            ignored = rule.exclude
    return ignored


def context_files(root: Path) -> list[str]:
    """The files (relative POSIX paths, sorted) that make up the build context of ``root``."""
    ignore_file = root / ".dockerignore"
    text = ignore_file.read_text(encoding="utf-8") if ignore_file.is_file() else "\n".join(DEFAULT_IGNORE)
    rules = parse_dockerignore(text)
    prune = not any(not rule.exclude for rule in rules)  # with no '!' line, an ignored folder can be skipped whole
    found = []
    for folder, dirs, files in os.walk(root):
        rel_folder = Path(folder).relative_to(root).as_posix()
        prefix = "" if rel_folder == "." else f"{rel_folder}/"
        if prune:
            dirs[:] = [d for d in dirs if not is_ignored(prefix + d, rules)]
        dirs.sort()
        for name in files:
            rel = prefix + name
            if rel in ALWAYS_SENT or not is_ignored(rel, rules):
                found.append(rel)
    return sorted(found)


@dataclass(frozen=True)
class SourceArchive:
    data: bytes
    digest: str
    """sha256 over the files' paths, modes and contents; independent of gzip and tar versions."""
    files: int

    @property
    def md5_b64(self) -> str:
        return base64.b64encode(hashlib.md5(self.data, usedforsecurity=False).digest()).decode()


def build_archive(root: Path) -> SourceArchive:
    """A reproducible ``.tar.gz`` of the build context of ``root``."""
    digest = hashlib.sha256()
    raw = io.BytesIO()
    files = context_files(root)
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for rel in files:
            path = root / rel
            info = tar.gettarinfo(str(path), arcname=rel)
            info.mtime, info.uid, info.gid, info.uname, info.gname = 0, 0, 0, "", ""
            info.mode = 0o755 if info.mode & 0o111 else 0o644
            digest.update(f"{rel}\0{info.mode:o}\0{info.type.decode()}\0".encode())
            if info.isfile():
                content = path.read_bytes()
                digest.update(content)
                tar.addfile(info, io.BytesIO(content))
            else:
                digest.update(info.linkname.encode())
                tar.addfile(info)
    data = gzip.compress(raw.getvalue(), compresslevel=6, mtime=0)
    return SourceArchive(data=data, digest=digest.hexdigest(), files=len(files))


def upload(session: Any, bucket: str, name: str, archive: SourceArchive, timeout_s: float = 300.0) -> dict[str, Any]:
    """Upload with the Storage JSON API (multipart upload); return the object resource.

    ``session`` is a ``google.auth.transport.requests.AuthorizedSession``. The archive's MD5 travels in the
    object metadata, so Cloud Storage itself refuses a corrupted upload instead of Cloud Build failing strangely.
    """
    from .cloudrun_record import request_json  # imports google-auth, which only deploying needs

    boundary = f"nexusforge-{uuid.uuid4().hex}"
    metadata = {"name": name, "contentType": "application/gzip", "md5Hash": archive.md5_b64}
    body = b"".join(
        [
            f"--{boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n".encode(),
            json.dumps(metadata).encode(),
            f"\r\n--{boundary}\r\nContent-Type: application/gzip\r\n\r\n".encode(),
            archive.data,
            f"\r\n--{boundary}--\r\n".encode(),
        ]
    )
    return request_json(
        session,
        "POST",
        UPLOAD_URL.format(bucket=quote(bucket, safe="")),
        params={"uploadType": "multipart"},
        data=body,
        headers={"Content-Type": f"multipart/related; boundary={boundary}"},
        timeout_s=timeout_s,
    )
