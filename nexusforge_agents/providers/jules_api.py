"""Google's Jules REST API (``https://jules.googleapis.com/v1alpha``): sources, sessions, activities, approvePlan,
sendMessage, with the API key in ``X-Goog-Api-Key``. Wire shapes as in the v1alpha reference
(developers.google.com/jules/api/reference/rest); failures become errors that say what to fix."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from ..errors import ModelUnavailableError

API = "https://jules.googleapis.com/v1alpha"
TRANSIENT = frozenset({429, 500, 502, 503, 504})
ATTEMPTS = 3
PAGE_SIZE = 100


class Wire(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")


class PullRequest(Wire):
    url: str
    title: str = ""


class SessionOutput(Wire):
    pull_request: PullRequest | None = None


class Session(Wire):
    name: str
    id: str = ""
    state: str = "STATE_UNSPECIFIED"
    url: str = ""
    outputs: list[SessionOutput] = []

    @property
    def pull_requests(self) -> list[PullRequest]:
        return [output.pull_request for output in self.outputs if output.pull_request is not None]


class PlanStep(Wire):
    title: str = ""
    index: int = 0


class Plan(Wire):
    id: str = ""
    steps: list[PlanStep] = []


class PlanGenerated(Wire):
    plan: Plan


class PlanApproved(Wire):
    plan_id: str = ""


class ProgressUpdated(Wire):
    title: str = ""
    description: str = ""


class SessionFailed(Wire):
    reason: str = ""


class AgentMessaged(Wire):
    agent_message: str = ""


class Activity(Wire):
    """One entry of a session's log; exactly one of the optional members says what happened."""

    name: str
    id: str = ""
    description: str = ""
    create_time: str = ""
    originator: str = ""
    plan_generated: PlanGenerated | None = None
    plan_approved: PlanApproved | None = None
    progress_updated: ProgressUpdated | None = None
    session_completed: dict[str, Any] | None = None
    session_failed: SessionFailed | None = None
    agent_messaged: AgentMessaged | None = None
    user_messaged: dict[str, Any] | None = None


class JulesAPI:
    def __init__(self, api_key: str, *, client: httpx.AsyncClient | None = None, retry_wait_s: float = 1.0) -> None:
        self._client = client or httpx.AsyncClient(timeout=60.0)
        self._headers = {"X-Goog-Api-Key": api_key}
        self._retry_wait_s = retry_wait_s

    async def aclose(self) -> None:
        await self._client.aclose()

    async def _call(self, method: str, path: str, json: Any = None, params: dict[str, Any] | None = None) -> Any:
        for attempt in range(1, ATTEMPTS + 1):
            try:
                response = await self._client.request(
                    method, f"{API}/{path}", json=json, params=params, headers=self._headers
                )
            except httpx.TransportError as exc:
                if attempt == ATTEMPTS:
                    raise ModelUnavailableError(
                        f"Jules could not be reached ({exc}); it needs jules.googleapis.com.", retry_possible=True
                    ) from exc
            else:
                if response.status_code not in TRANSIENT or attempt == ATTEMPTS:
                    return _answer(method, path, response)
            await asyncio.sleep(self._retry_wait_s * attempt)
        raise AssertionError("unreachable")  # the loop returns or raises on its last attempt

    async def source(self, name: str) -> dict[str, Any]:
        return await self._call("GET", name)

    async def create_session(self, body: dict[str, Any]) -> Session:
        return Session.model_validate(await self._call("POST", "sessions", body))

    async def session(self, name: str) -> Session:
        return Session.model_validate(await self._call("GET", name))

    async def activities(self, session: str) -> list[Activity]:
        """The session's whole log, oldest first, every page."""
        found: list[Activity] = []
        params: dict[str, Any] = {"pageSize": PAGE_SIZE}
        while True:
            page = await self._call("GET", f"{session}/activities", params=params) or {}
            found += [Activity.model_validate(item) for item in page.get("activities", [])]
            if not page.get("nextPageToken"):
                return found
            params = {"pageSize": PAGE_SIZE, "pageToken": page["nextPageToken"]}

    async def approve_plan(self, session: str) -> None:
        await self._call("POST", f"{session}:approvePlan", {})

    async def send_message(self, session: str, prompt: str) -> None:
        await self._call("POST", f"{session}:sendMessage", {"prompt": prompt})


def _answer(method: str, path: str, response: httpx.Response) -> Any:
    if response.is_success:
        return response.json() if response.content else None
    try:
        message = response.json()["error"]["message"]
    except (ValueError, KeyError, TypeError):
        message = response.text[:200]
    status = response.status_code
    if status in (401, 403):
        problem = "JULES_API_KEY was refused by Jules (create one in the Jules web app under Settings)"
    elif status == 404 and path.startswith("sources/"):
        repo = path.removeprefix("sources/github/")
        problem = (
            f"Jules cannot see {repo}: install the Jules GitHub app on it from the Jules web app "
            "(NEXUSFORGE_JULES_REPO names the repository)"
        )
    else:
        problem = f"Jules answered {status} to {method} {path}"
    raise ModelUnavailableError(
        f"{problem}: {message}",
        retry_possible=status in TRANSIENT,
        details={"service": "jules", "status": status},
    )
