"""GitHub REST exchanges for the Jules cassettes (docs.github.com/rest/git, /rest/repos, /rest/pulls): the
repository (default_branch, permissions), git refs, trees (POST with inline content; GET ?recursive=1), commits,
blobs (base64 content, wrapped at 60 characters) and pulls (head). Also the exchange builder both services share.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from nexusforge_agents.providers.github_repo import blob_sha
from tests.providers.cassettes.wire import REDACTED

REPO = "nexusforge-ci/jules-apps"
GITHUB = f"https://api.github.com/repos/{REPO}"
BRANCH = "nexusforge/build"  # the tests' build folder is called "build"
PULL = 7
PULL_URL = f"https://github.com/{REPO}/pull/{PULL}"
JULES_BRANCH = "jules/complete-pulse-analytics"

_GOOGLE_HEADERS = {
    "Content-Type": ["application/json; charset=UTF-8"],
    "Server": ["ESF"],
    "Vary": ["Origin", "X-Origin", "Referer"],
    "X-Content-Type-Options": ["nosniff"],
    "Date": ["Wed, 25 Nov 2026 12:00:00 GMT"],
}
_GITHUB_HEADERS = {
    "Content-Type": ["application/json; charset=utf-8"],
    "Server": ["github.com"],
    "X-GitHub-Api-Version-Selected": ["2022-11-28"],
    "X-RateLimit-Limit": ["5000"],
    "X-RateLimit-Remaining": ["4987"],
    "X-RateLimit-Resource": ["core"],
    "Date": ["Wed, 25 Nov 2026 12:00:00 GMT"],
}
_STATUS = {
    200: "OK",
    201: "Created",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    503: "Service Unavailable",
}


def sha(*seed: object) -> str:
    return hashlib.sha1("|".join(map(str, seed)).encode()).hexdigest()


def at_minute(minute: int) -> str:
    return f"2026-11-25T12:{minute:02d}:00.000000Z"


def exchange(method: str, uri: str, status: int, body: Any, *, github: bool) -> dict[str, Any]:
    headers = {"authorization": [REDACTED]} if github else {"x-goog-api-key": [REDACTED]}
    return {
        "request": {"body": None, "headers": headers, "method": method, "uri": uri},
        "response": {
            "body": {"string": json.dumps(body, indent=2) if body is not None else "{}\n"},
            "headers": dict(_GITHUB_HEADERS if github else _GOOGLE_HEADERS),
            "status": {"code": status, "message": _STATUS[status]},
        },
    }


def gh(method: str, path: str, body: Any, status: int = 200) -> dict[str, Any]:
    return exchange(method, GITHUB + path, status, body, github=True)


def repository(push: bool = True) -> dict[str, Any]:
    return gh(
        "GET",
        "",
        {
            "id": 901234567,
            "name": "jules-apps",
            "full_name": REPO,
            "private": True,
            "default_branch": "main",
            "html_url": f"https://github.com/{REPO}",
            "visibility": "private",
            "permissions": {"admin": False, "maintain": False, "push": push, "triage": True, "pull": True},
        },
    )


def ref(name: str, sha: str) -> dict[str, Any]:
    return {
        "ref": f"refs/heads/{name}",
        "node_id": "REF_" + sha[:12],
        "url": f"{GITHUB}/git/refs/heads/{name}",
        "object": {"sha": sha, "type": "commit", "url": f"{GITHUB}/git/commits/{sha}"},
    }


def push_scaffold() -> list[dict[str, Any]]:
    main, tree, commit = sha("main"), sha("scaffold-tree"), sha("scaffold-commit")
    return [
        gh("GET", "/git/ref/heads/main", ref("main", main)),
        gh(
            "POST",
            "/git/trees",
            {"sha": tree, "url": f"{GITHUB}/git/trees/{tree}", "tree": [], "truncated": False},
            201,
        ),
        gh(
            "POST",
            "/git/commits",
            {
                "sha": commit,
                "node_id": "C_" + commit[:12],
                "url": f"{GITHUB}/git/commits/{commit}",
                "html_url": f"https://github.com/{REPO}/commit/{commit}",
                "message": "Scaffold of Pulse Analytics",
                "tree": {"sha": tree, "url": f"{GITHUB}/git/trees/{tree}"},
                "parents": [{"sha": main, "url": f"{GITHUB}/git/commits/{main}"}],
                "verification": {"verified": False, "reason": "unsigned", "signature": None, "payload": None},
            },
            201,
        ),
        gh("POST", "/git/refs", ref(BRANCH, commit), 201),
    ]


def read_branch(files: dict[str, str], round_: int) -> list[dict[str, Any]]:
    """The pull request's head, its commit, its tree and every blob in it."""
    head, tree = sha("jules-commit", round_), sha("jules-tree", round_)
    entries = [
        {
            "path": path,
            "mode": "100644",
            "type": "blob",
            "sha": blob_sha(text),
            "size": len(text.encode()),
            "url": f"{GITHUB}/git/blobs/{blob_sha(text)}",
        }
        for path, text in sorted(files.items())
    ]
    folders = sorted({path.rsplit("/", 1)[0] for path in files if "/" in path})
    entries += [
        {
            "path": f,
            "mode": "040000",
            "type": "tree",
            "sha": sha("dir", f, round_),
            "url": f"{GITHUB}/git/trees/{sha('dir', f, round_)}",
        }
        for f in folders
    ]
    exchanges = [
        gh(
            "GET",
            f"/pulls/{PULL}",
            {
                "number": PULL,
                "state": "open",
                "title": "Complete Pulse Analytics",
                "html_url": PULL_URL,
                "head": {"label": f"nexusforge-ci:{JULES_BRANCH}", "ref": JULES_BRANCH, "sha": head},
                "base": {"label": f"nexusforge-ci:{BRANCH}", "ref": BRANCH, "sha": sha("scaffold-commit")},
            },
        ),
        gh(
            "GET",
            f"/git/commits/{head}",
            {
                "sha": head,
                "tree": {"sha": tree, "url": f"{GITHUB}/git/trees/{tree}"},
                "message": "Complete the app",
                "parents": [],
            },
        ),
        gh(
            "GET",
            f"/git/trees/{tree}?recursive=1",
            {"sha": tree, "url": f"{GITHUB}/git/trees/{tree}", "tree": entries, "truncated": False},
        ),
    ]
    for text in sorted(files.values()):
        encoded = base64.encodebytes(text.encode()).decode()  # GitHub wraps base64 at 60 characters per line
        exchanges.append(
            gh(
                "GET",
                f"/git/blobs/{blob_sha(text)}",
                {
                    "sha": blob_sha(text),
                    "node_id": "B_" + blob_sha(text)[:12],
                    "size": len(text.encode()),
                    "url": f"{GITHUB}/git/blobs/{blob_sha(text)}",
                    "content": encoded,
                    "encoding": "base64",
                },
            )
        )
    return exchanges
