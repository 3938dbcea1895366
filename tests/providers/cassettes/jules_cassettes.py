"""Hand-built cassettes for the Jules coder (tests/providers/test_real_jules.py), in the documented wire formats:

- Jules REST API v1alpha (developers.google.com/jules/api/reference/rest): ``sources/{source}``, ``sessions``
  (Session: name, id, prompt, sourceContext, title, state, url, outputs[].pullRequest, createTime, updateTime),
  ``sessions/*/activities`` (Activity: name, id, description, createTime, originator, and one of planGenerated
  {plan {id, steps[] {id, title, description, index}}}, planApproved {planId}, progressUpdated {title,
  description}, sessionCompleted {}, sessionFailed {reason}, userMessaged {userMessage}, agentMessaged
  {agentMessage}; artifacts[].changeSet), ``:approvePlan`` and ``:sendMessage`` (empty answers).
- GitHub REST (docs.github.com/rest/git, /rest/repos, /rest/pulls): repository (default_branch, permissions),
  git refs, trees (POST with inline content; GET ?recursive=1), commits, blobs (base64 content), pulls (head).

No live recording was possible here (no network, no keys). Request bodies are filled in by running the tests with
``NEXUSFORGE_CAPTURE_REQUESTS=1`` (see README.md). Build: ``python -m tests.providers.cassettes.jules_cassettes``.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

from nexusforge_agents.providers.github_repo import blob_sha
from tests.providers.cassettes.wire import REDACTED, dump_yaml

HERE = Path(__file__).parent / "test_real_jules"
REPO = "nexusforge-ci/jules-apps"
GITHUB = f"https://api.github.com/repos/{REPO}"
JULES = "https://jules.googleapis.com/v1alpha"
SESSION_ID = "14550388554331055113"
SESSION = f"sessions/{SESSION_ID}"
SESSION_URL = f"https://jules.google.com/session/{SESSION_ID}"
BRANCH = "nexusforge/build"  # the tests' build folder is called "build"
PULL = 7
PULL_URL = f"https://github.com/{REPO}/pull/{PULL}"
JULES_BRANCH = "jules/complete-pulse-analytics"
FAILURE = "The environment setup script failed: `pip install -r backend/requirements.txt` exited with 1."

# The app as Jules leaves it on its branch (first round), and the one file its repair round changes.
RESULT = {
    "backend/main.py": 'from fastapi import FastAPI\n\napp = FastAPI(title="Pulse Analytics")\n\n\n'
    '@app.get("/api/health")\ndef health() -> dict[str, str]:\n    return {"status": "ok"}\n',
    "backend/tests/test_health.py": "from fastapi.testclient import TestClient\n\nfrom backend.main import app\n\n\n"
    'def test_health() -> None:\n    assert TestClient(app).get("/api/health").json() == {"status": "ok"}\n',
    "frontend/src/App.tsx": 'export default function App() {\n  return <h1 id="app-title">Pulse Analytics</h1>;\n}\n',
    "README.md": "# Pulse Analytics\n\nCompleted by Jules from the Nexus Forge scaffold.\n",
}
REPAIRED = {
    "backend/main.py": RESULT["backend/main.py"] + '\n\n@app.get("/api/metrics")\ndef metrics() -> list:\n'
    "    return []\n"
}

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
_STATUS = {200: "OK", 201: "Created", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found"}


def _sha(*seed: object) -> str:
    return hashlib.sha1("|".join(map(str, seed)).encode()).hexdigest()


def _time(minute: int) -> str:
    return f"2026-11-25T12:{minute:02d}:00.000000Z"


def _exchange(method: str, uri: str, status: int, body: Any, *, github: bool) -> dict[str, Any]:
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
    return _exchange(method, GITHUB + path, status, body, github=True)


def jules(method: str, path: str, body: Any, status: int = 200) -> dict[str, Any]:
    return _exchange(method, f"{JULES}/{path}", status, body, github=False)


def google_error(code: int, status: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "status": status}}


# --- GitHub ---------------------------------------------------------------------------------------------------


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
    main, tree, commit = _sha("main"), _sha("scaffold-tree"), _sha("scaffold-commit")
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
    head, tree = _sha("jules-commit", round_), _sha("jules-tree", round_)
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
            "sha": _sha("dir", f, round_),
            "url": f"{GITHUB}/git/trees/{_sha('dir', f, round_)}",
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
                "base": {"label": f"nexusforge-ci:{BRANCH}", "ref": BRANCH, "sha": _sha("scaffold-commit")},
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


# --- Jules ----------------------------------------------------------------------------------------------------


def source() -> dict[str, Any]:
    owner, name = REPO.split("/")
    return jules(
        "GET",
        f"sources/github/{REPO}",
        {
            "name": f"sources/github/{REPO}",
            "id": f"github/{REPO}",
            "githubRepo": {
                "owner": owner,
                "repo": name,
                "isPrivate": True,
                "defaultBranch": {"displayName": "main"},
                "branches": [{"displayName": "main"}],
            },
        },
    )


def session(state: str, *, with_pull: bool = False) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": SESSION,
        "id": SESSION_ID,
        "prompt": "This branch holds the scaffold of a web app ...",
        "sourceContext": {"source": f"sources/github/{REPO}", "githubRepoContext": {"startingBranch": BRANCH}},
        "title": "Nexus Forge: Pulse Analytics",
        "createTime": _time(0),
        "updateTime": _time(9),
        "state": state,
        "url": SESSION_URL,
    }
    if with_pull:
        body["outputs"] = [
            {
                "pullRequest": {
                    "url": PULL_URL,
                    "title": "Complete Pulse Analytics",
                    "description": "Implements the specification; all tests pass.",
                }
            }
        ]
    return body


def create_session() -> dict[str, Any]:
    return jules("POST", "sessions", session("QUEUED"))


def get_session(state: str, *, with_pull: bool = False) -> dict[str, Any]:
    return jules("GET", SESSION, session(state, with_pull=with_pull))


def activity(number: int, member: str, value: dict[str, Any], description: str, **extra: Any) -> dict[str, Any]:
    activity_id = _sha("activity", number)[:16]
    originator = "user" if member == "userMessaged" else "system" if member.startswith("session") else "agent"
    return {
        "name": f"{SESSION}/activities/{activity_id}",
        "id": activity_id,
        "description": description,
        "createTime": _time(number),
        "originator": originator,
        member: value,
        **extra,
    }


PLAN = activity(
    1,
    "planGenerated",
    {
        "plan": {
            "id": "plan-5d1c",
            "createTime": _time(1),
            "steps": [
                {"id": "s1", "title": "Read the specification and the scaffold", "description": "", "index": 0},
                {"id": "s2", "title": "Implement the Metric and Alert endpoints", "description": "", "index": 1},
                {"id": "s3", "title": "Run pytest and fix failures", "description": "", "index": 2},
            ],
        }
    },
    "Plan generated",
)
APPROVED = activity(2, "planApproved", {"planId": "plan-5d1c"}, "Plan approved")
WORKING = activity(
    3,
    "progressUpdated",
    {"title": "Implementing the Metric endpoints", "description": "Editing backend/main.py"},
    "Progress",
)
TESTED = activity(4, "progressUpdated", {"title": "All 12 tests pass", "description": "pytest -q"}, "Progress")
DONE = activity(
    5,
    "sessionCompleted",
    {},
    "Session completed",
    artifacts=[
        {
            "changeSet": {
                "source": f"sources/github/{REPO}",
                "gitPatch": {
                    "baseCommitId": _sha("scaffold-commit"),
                    "suggestedCommitMessage": "Complete the app",
                    "unidiffPatch": "diff --git a/README.md b/README.md\n",
                },
            }
        }
    ],
)
FAILED = activity(4, "sessionFailed", {"reason": FAILURE}, "Session failed")
ASKED = activity(6, "userMessaged", {"userMessage": "The app's tests fail on your branch. ..."}, "User message")
FIXED = activity(7, "progressUpdated", {"title": "Added GET /api/metrics", "description": ""}, "Progress")
DONE_AGAIN = activity(8, "sessionCompleted", {}, "Session completed")


def activities(*items: dict[str, Any]) -> dict[str, Any]:
    return jules("GET", f"{SESSION}/activities?pageSize=100", {"activities": list(items)})


def start() -> list[dict[str, Any]]:
    return [repository(), source(), *push_scaffold(), create_session()]


def cassettes() -> dict[str, list[dict[str, Any]]]:
    full = [
        *start(),
        activities(PLAN, APPROVED),
        get_session("IN_PROGRESS"),
        activities(PLAN, APPROVED, WORKING, TESTED),
        get_session("IN_PROGRESS"),
        activities(PLAN, APPROVED, WORKING, TESTED, DONE),
        get_session("COMPLETED", with_pull=True),
        *read_branch(RESULT, 1),
    ]
    return {
        "test_full_run_pushes_the_scaffold_and_reads_back_the_pull_request": full,
        "test_plan_is_approved_when_configured": [
            *start(),
            activities(PLAN),
            jules("POST", f"{SESSION}:approvePlan", None),
            get_session("AWAITING_PLAN_APPROVAL"),
            activities(PLAN, APPROVED, WORKING, TESTED, DONE),
            get_session("COMPLETED", with_pull=True),
            *read_branch(RESULT, 1),
        ],
        "test_failed_session_fails_the_build_with_its_reason": [
            *start(),
            activities(PLAN, APPROVED, WORKING, FAILED),
        ],
        "test_a_session_that_outlasts_the_timeout_fails_the_build": [
            *start(),
            activities(PLAN),
            get_session("AWAITING_PLAN_APPROVAL"),
        ],
        "test_repair_round_is_a_message_to_the_same_session": [
            *full,
            jules("POST", f"{SESSION}:sendMessage", None),
            activities(PLAN, APPROVED, WORKING, TESTED, DONE, ASKED, FIXED, DONE_AGAIN),
            get_session("COMPLETED", with_pull=True),
            *read_branch({**RESULT, **REPAIRED}, 2),
        ],
        "test_a_token_without_access_to_the_repository_is_named": [
            gh(
                "GET",
                "",
                {
                    "message": "Not Found",
                    "documentation_url": "https://docs.github.com/rest/repos/repos#get-a-repository",
                    "status": "404",
                },
                404,
            ),
        ],
        "test_a_repository_without_the_jules_app_is_named": [
            repository(),
            jules(
                "GET", f"sources/github/{REPO}", google_error(404, "NOT_FOUND", "Requested entity was not found."), 404
            ),
        ],
    }


def main() -> None:
    HERE.mkdir(exist_ok=True)
    for name, interactions in cassettes().items():
        document = {"interactions": interactions, "version": 1}
        (HERE / f"{name}.yaml").write_text(
            dump_yaml(document, sort_keys=False, allow_unicode=True, width=120), encoding="utf-8"
        )
        print(f"wrote {name}.yaml ({len(interactions)} interactions)")


if __name__ == "__main__":
    main()
