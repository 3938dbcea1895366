"""A small GitHub REST client for the Jules coder: push a set of files as one commit on a new branch (git data
API: blobs, trees, commits, refs) and read a branch's files back.

Token from ``GITHUB_TOKEN`` (a fine-grained token with Contents read/write on the repository, or a classic token
with ``repo``). Every failure becomes a ``ModelUnavailableError`` that names what is wrong.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
from typing import Any

import httpx
from pydantic import BaseModel

from ..errors import ModelUnavailableError

API = "https://api.github.com"
API_VERSION = "2022-11-28"
TRANSIENT = frozenset({429, 500, 502, 503, 504})
ATTEMPTS = 3


class TreeEntry(BaseModel):
    path: str
    type: str
    sha: str
    mode: str = "100644"


class RepoInfo(BaseModel):
    default_branch: str
    can_push: bool


def blob_sha(text: str) -> str:
    """Git's object id of a blob with this content: files the branch still has unchanged need no download."""
    data = text.encode("utf-8")
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


class GitHubRepo:
    """One repository (``owner/name``) through the REST API."""

    def __init__(self, repo: str, token: str, *, client: httpx.AsyncClient | None = None, retry_wait_s: float = 1.0):
        self.repo = repo
        self._client = client or httpx.AsyncClient(timeout=60.0)
        self._headers = {
            "Authorization": f"Bearer {token}",
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": API_VERSION,
        }
        self._retry_wait_s = retry_wait_s

    async def aclose(self) -> None:
        await self._client.aclose()

    async def _call(self, method: str, path: str, json: Any = None, params: dict[str, str] | None = None) -> Any:
        url = f"{API}/repos/{self.repo}{path}"
        for attempt in range(1, ATTEMPTS + 1):
            try:
                response = await self._client.request(method, url, json=json, params=params, headers=self._headers)
            except httpx.TransportError as exc:
                if attempt == ATTEMPTS:
                    raise ModelUnavailableError(
                        f"GitHub could not be reached ({exc}); the Jules coder needs api.github.com.",
                        retry_possible=True,
                    ) from exc
            else:
                if response.status_code not in TRANSIENT or attempt == ATTEMPTS:
                    return self._answer(method, path, response)
            await asyncio.sleep(self._retry_wait_s * attempt)
        raise AssertionError("unreachable")  # the loop returns or raises on its last attempt

    def _answer(self, method: str, path: str, response: httpx.Response) -> Any:
        if response.is_success:
            return response.json() if response.content else None
        try:
            message = response.json().get("message", "")
        except ValueError:
            message = response.text[:200]
        status = response.status_code
        if status == 401:
            problem = "GITHUB_TOKEN was refused by GitHub (bad or expired token)"
        elif status in (403, 404) and not path:  # GitHub answers 404 for a private repository the token cannot see
            problem = f"GITHUB_TOKEN cannot access {self.repo} (NEXUSFORGE_JULES_REPO)"
        elif status == 403:
            problem = f"GITHUB_TOKEN may not write to {self.repo}: it needs Contents read and write on it"
        else:
            problem = f"GitHub answered {status} to {method} {path or '/'} on {self.repo}"
        raise ModelUnavailableError(
            f"{problem}: {message}".rstrip(": "),
            retry_possible=status in TRANSIENT,
            details={"service": "github", "status": status, "repo": self.repo},
        )

    async def info(self) -> RepoInfo:
        """The default branch, and whether the token may push (refused early with a clear error otherwise)."""
        body = await self._call("GET", "")
        return RepoInfo(default_branch=body["default_branch"], can_push=bool(body.get("permissions", {}).get("push")))

    async def branch_head(self, branch: str) -> str:
        return (await self._call("GET", f"/git/ref/heads/{branch}"))["object"]["sha"]

    async def push_files(self, branch: str, base_branch: str, files: dict[str, str], message: str) -> str:
        """Commit exactly ``files`` (on top of ``base_branch``'s history) as the branch ``branch``.

        The tree carries the files' text inline, so GitHub makes the blobs: one request for any number of files."""
        parent = await self.branch_head(base_branch)
        tree = [
            {"path": path, "mode": "100644", "type": "blob", "content": text} for path, text in sorted(files.items())
        ]
        tree_sha = (await self._call("POST", "/git/trees", {"tree": tree}))["sha"]
        commit = await self._call("POST", "/git/commits", {"message": message, "tree": tree_sha, "parents": [parent]})
        try:
            await self._call("POST", "/git/refs", {"ref": f"refs/heads/{branch}", "sha": commit["sha"]})
        except ModelUnavailableError as exc:
            if exc.details.get("status") != 422:  # 422: the branch exists (a resumed build pushes again)
                raise
            await self._call("PATCH", f"/git/refs/heads/{branch}", {"sha": commit["sha"], "force": True})
        return commit["sha"]

    async def pull_head(self, number: int) -> tuple[str, str]:
        """The branch and commit a pull request proposes."""
        body = await self._call("GET", f"/pulls/{number}")
        return body["head"]["ref"], body["head"]["sha"]

    async def read_files(self, commit_sha: str, known: dict[str, str]) -> dict[str, str]:
        """Every text file of ``commit_sha``. Files whose content is in ``known`` (by blob id) are not downloaded."""
        commit = await self._call("GET", f"/git/commits/{commit_sha}")
        listing = await self._call("GET", f"/git/trees/{commit['tree']['sha']}", params={"recursive": "1"})
        if listing.get("truncated"):
            raise ModelUnavailableError(
                f"The tree of {commit_sha[:12]} in {self.repo} is too large for one GitHub listing.",
                details={"service": "github", "repo": self.repo},
            )
        by_sha = {blob_sha(text): text for text in known.values()}
        files: dict[str, str] = {}
        for entry in (TreeEntry.model_validate(item) for item in listing["tree"]):
            if entry.type != "blob" or entry.mode == "120000":  # folders and symlinks carry no file content
                continue
            if entry.sha in by_sha:
                files[entry.path] = by_sha[entry.sha]
                continue
            blob = await self._call("GET", f"/git/blobs/{entry.sha}")
            data = base64.b64decode(blob["content"]) if blob.get("encoding") == "base64" else blob["content"].encode()
            try:
                files[entry.path] = data.decode("utf-8")
            except UnicodeDecodeError:
                continue  # a binary file (an image Jules added): the build's files are text
        return files
