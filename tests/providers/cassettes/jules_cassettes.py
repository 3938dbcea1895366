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

from pathlib import Path
from typing import Any

from tests.providers.cassettes.github_wire import (
    BRANCH,
    PULL_URL,
    REPO,
    at_minute,
    exchange,
    gh,
    push_scaffold,
    read_branch,
    repository,
    sha,
)
from tests.providers.cassettes.wire import dump_yaml

HERE = Path(__file__).parent / "test_real_jules"
JULES = "https://jules.googleapis.com/v1alpha"
SESSION_ID = "14550388554331055113"
SESSION = f"sessions/{SESSION_ID}"
SESSION_URL = f"https://jules.google.com/session/{SESSION_ID}"
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


# --- Jules ----------------------------------------------------------------------------------------------------


def jules(method: str, path: str, body: Any, status: int = 200) -> dict[str, Any]:
    return exchange(method, f"{JULES}/{path}", status, body, github=False)


def google_error(code: int, status: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "status": status}}


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
        "createTime": at_minute(0),
        "updateTime": at_minute(9),
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
    activity_id = sha("activity", number)[:16]
    originator = "user" if member == "userMessaged" else "system" if member.startswith("session") else "agent"
    return {
        "name": f"{SESSION}/activities/{activity_id}",
        "id": activity_id,
        "description": description,
        "createTime": at_minute(number),
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
            "createTime": at_minute(1),
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
                    "baseCommitId": sha("scaffold-commit"),
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
        "test_jules_unavailable_three_times_is_a_retryable_model_outage": [
            repository(),
            *[
                jules(
                    "GET",
                    f"sources/github/{REPO}",
                    google_error(503, "UNAVAILABLE", "The service is currently unavailable."),
                    503,
                )
            ]
            * 3,
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
