"""The console's static files: shipped inside the package (``static/``), read once, served gzip-compressed.

No build step and no Node: the files under ``static/`` are what the browser runs (ES modules, one stylesheet).
Each file is read and compressed the first time it is asked for and kept in memory; its ETag is a hash of its
bytes, so a reload costs a 304 per file.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
from dataclasses import dataclass
from importlib import resources
from pathlib import PurePosixPath

from starlette.requests import Request
from starlette.responses import Response

from .security import console_headers

STATIC_PACKAGE = "nexusforge_agents.server.console"
TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}
COMPRESSIBLE = (".js", ".css", ".html", ".svg")


@dataclass(frozen=True)
class Asset:
    body: bytes
    gzipped: bytes | None
    media_type: str
    etag: str


class AssetNotFound(LookupError):
    pass


class ConsoleAssets:
    """The files under ``static/``, by their path relative to it."""

    def __init__(self) -> None:
        self._cache: dict[str, Asset] = {}
        self._root = resources.files(STATIC_PACKAGE).joinpath("static")

    def get(self, rel: str) -> Asset:
        found = self._cache.get(rel)
        if found is not None:
            return found
        parts = PurePosixPath(rel).parts
        if not parts or any(part in ("..", ".") or part.startswith(".") for part in parts):
            raise AssetNotFound(rel)
        node = self._root.joinpath(*parts)
        if not node.is_file():
            raise AssetNotFound(rel)
        body = node.read_bytes()
        suffix = PurePosixPath(rel).suffix
        media_type = TYPES.get(suffix) or mimetypes.guess_type(rel)[0] or "application/octet-stream"
        gzipped = gzip.compress(body, compresslevel=9, mtime=0) if suffix in COMPRESSIBLE else None
        asset = Asset(body, gzipped, media_type, '"' + hashlib.sha256(body).hexdigest()[:20] + '"')
        self._cache[rel] = asset
        return asset

    def response(self, request: Request, rel: str, *, cache: str = "no-cache") -> Response:
        """The file, gzip-compressed when the browser accepts it, 304 when its ETag matches."""
        asset = self.get(rel)
        headers = console_headers()
        headers.update({"ETag": asset.etag, "Cache-Control": cache, "Vary": "Accept-Encoding"})
        if request.headers.get("if-none-match") == asset.etag:
            return Response(status_code=304, headers=headers)
        body = asset.body
        if asset.gzipped is not None and "gzip" in request.headers.get("accept-encoding", ""):
            body = asset.gzipped
            headers["Content-Encoding"] = "gzip"
        return Response(body, media_type=asset.media_type, headers=headers)
