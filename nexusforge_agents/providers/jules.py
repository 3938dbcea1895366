"""``jules``: Google's Jules coding agent as the coder, through its REST API.

A build's first coder round pushes the offline engine's scaffold to a branch of a GitHub repository
(``NEXUSFORGE_JULES_REPO``), starts a Jules session on it with the spec as the task, reports the session's
activities as progress (plan, progress, completion), approves the plan or waits for a person to (per
``NEXUSFORGE_JULES_PLAN_APPROVAL``), and reads the pull request's branch back as the app's files. A repair round
sends the failing test output to the same session and reads the branch again.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from ..config import Settings
from ..context import AgentContext, Capability
from ..errors import BuildFailedError, InvalidInputError, ModelUnavailableError
from ..prompts import render_prompt
from ..schemas import AppSpec

if TYPE_CHECKING:  # the HTTP clients load only when a build uses Jules, not when models are listed
    from .github_repo import GitHubRepo
    from .jules_api import Activity, JulesAPI, Session

MODEL_ID = "jules"
REQUIRED_ENV = ("JULES_API_KEY", "GITHUB_TOKEN", "NEXUSFORGE_JULES_REPO")
STATE_FILE = "jules_session.json"
FEEDBACK_CHARS = 6000
_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
_PULL_NUMBER = re.compile(r"/pull/(\d+)")


class JulesSettings(BaseSettings):
    """``NEXUSFORGE_JULES_*``: where the scaffold goes and how long to wait for Jules."""

    model_config = SettingsConfigDict(env_prefix="NEXUSFORGE_JULES_", env_file=".env", extra="ignore")

    repo: str = ""
    """``owner/name`` of a GitHub repository the Jules GitHub app is installed on."""
    base_branch: str = ""
    """The branch the build's branch starts from (default: the repository's default branch)."""
    plan_approval: Literal["auto", "approve", "manual"] = "auto"
    """auto: Jules approves its own plan; approve: Nexus Forge shows the plan, then approves it; manual: the plan
    waits for a person to approve it in the Jules web app (the session's URL is in the progress message)."""
    poll_interval_s: float = 10.0
    timeout_s: float = 1800.0
    """How long one round (the session, or one repair) may take before the build fails."""


def missing_env() -> list[str]:
    return [name for name in REQUIRED_ENV if not os.environ.get(name)]


class RoundState(BaseModel):
    """What a repair round needs from the rounds before it; kept in the build folder, so it survives a resume."""

    session: str
    url: str
    branch: str
    seen: list[str] = []


def _describe(activity: Activity) -> str | None:
    if activity.plan_generated is not None:
        steps = sorted(activity.plan_generated.plan.steps, key=lambda step: step.index)
        listed = "; ".join(f"{n}. {step.title}" for n, step in enumerate(steps, 1))
        return f"Jules's plan ({len(steps)} steps): {listed}"
    if activity.plan_approved is not None:
        return "Jules's plan was approved"
    if activity.progress_updated is not None:
        update = activity.progress_updated
        return f"Jules: {update.title or update.description}"
    if activity.agent_messaged is not None:
        return f"Jules says: {activity.agent_messaged.agent_message[:300]}"
    if activity.session_completed is not None:
        return "Jules finished its work"
    return None


class JulesCoder:
    """The ``CodeWriter`` over Jules (see the module's docstring)."""

    model_id = MODEL_ID

    def __init__(self, settings: JulesSettings | None = None) -> None:
        self.settings = settings or JulesSettings()

    def _clients(self) -> tuple[JulesAPI, GitHubRepo]:
        missing = missing_env()
        if missing:
            raise ModelUnavailableError(
                f"The jules coder needs {', '.join(missing)} set in the environment (see docs/models.md); "
                "or use 'offline', which needs no key.",
                retry_possible=False,
                details={"model": MODEL_ID, "env_var": missing[0], "missing": missing},
            )
        if not _REPO.match(self.settings.repo):
            raise InvalidInputError(f"NEXUSFORGE_JULES_REPO must look like owner/name, not {self.settings.repo!r}.")
        from .github_repo import GitHubRepo
        from .jules_api import JulesAPI

        return JulesAPI(os.environ["JULES_API_KEY"]), GitHubRepo(self.settings.repo, os.environ["GITHUB_TOKEN"])

    async def write_code(
        self, ctx: AgentContext, spec: AppSpec, *, feedback: str | None, previous: dict[str, str] | None
    ) -> dict[str, str]:
        from .llm_tasks import scaffold

        jules, github = self._clients()
        try:
            with ctx.timed_call(MODEL_ID):  # Jules bills by task quota, not per token: time is what is recorded
                state = _load_state(ctx.workdir)
                if feedback is not None and previous and state is not None:
                    prompt = render_prompt("jules_repair", feedback=feedback[-FEEDBACK_CHARS:])
                    ctx.progress(f"Sending the failing tests to Jules session {state.url}", 0.05)
                    await jules.send_message(state.session, prompt)
                    base = previous
                else:  # the first round; or a repair whose earlier rounds ran on another coder: a new session
                    base = previous if feedback is not None and previous else await scaffold(spec)
                    state = await self._start(ctx, jules, github, spec, base, feedback)
                session = await self._follow(ctx, jules, state)
                return await self._fetch(ctx, github, session, base)
        finally:
            await jules.aclose()
            await github.aclose()

    async def _start(
        self,
        ctx: AgentContext,
        jules: JulesAPI,
        github: GitHubRepo,
        spec: AppSpec,
        files: dict[str, str],
        feedback: str | None,
    ) -> RoundState:
        repo = await github.info()
        if not repo.can_push:
            raise ModelUnavailableError(
                f"GITHUB_TOKEN may not push to {self.settings.repo}: it needs Contents read and write on it.",
                retry_possible=False,
                details={"service": "github", "repo": self.settings.repo},
            )
        source = f"sources/github/{self.settings.repo}"
        await jules.source(source)
        branch = f"nexusforge/{ctx.workdir.name}"
        base = self.settings.base_branch or repo.default_branch
        ctx.progress(f"Pushing the scaffold ({len(files)} files) to {self.settings.repo}:{branch}", 0.02)
        await github.push_files(branch, base, files, f"Scaffold of {spec.name} (Nexus Forge)")
        task = render_prompt("jules_task", spec=json.dumps(spec.model_dump(mode="json"), indent=1))
        if feedback is not None:
            task += "\n\n" + render_prompt("jules_repair", feedback=feedback[-FEEDBACK_CHARS:])
        session = await jules.create_session(
            {
                "prompt": task,
                "title": f"Nexus Forge: {spec.name}",
                "sourceContext": {"source": source, "githubRepoContext": {"startingBranch": branch}},
                "requirePlanApproval": self.settings.plan_approval != "auto",
                "automationMode": "AUTO_CREATE_PR",
            }
        )
        ctx.progress(f"Jules session started: {session.url or session.name}", 0.05)
        state = RoundState(session=session.name, url=session.url or session.name, branch=branch)
        _save_state(ctx.workdir, state)
        return state

    async def _follow(self, ctx: AgentContext, jules: JulesAPI, state: RoundState) -> Session:
        """Report new activities until this round's completion; approve the plan if that is Nexus Forge's job."""
        deadline = time.monotonic() + self.settings.timeout_s
        seen, approved, reported = set(state.seen), set(), 0
        while True:
            for activity in await jules.activities(state.session):
                if activity.name in seen:
                    continue
                seen.add(activity.name)
                state.seen.append(activity.name)
                if activity.session_failed is not None:
                    _save_state(ctx.workdir, state)
                    raise BuildFailedError(
                        f"Jules session {state.url} failed: {activity.session_failed.reason or 'no reason given'}",
                        retry_possible=True,
                        details={"model": MODEL_ID, "session": state.session},
                    )
                message = _describe(activity)
                if message:
                    reported += 1
                    ctx.progress(message, min(0.85, 0.1 + 0.05 * reported))
                plan = activity.plan_generated
                if plan is not None and self.settings.plan_approval == "approve" and plan.plan.id not in approved:
                    await jules.approve_plan(state.session)
                    approved.add(plan.plan.id)
                elif plan is not None and self.settings.plan_approval == "manual":
                    ctx.progress(f"Jules's plan waits for your approval at {state.url}", 0.3)
                if activity.session_completed is not None:
                    _save_state(ctx.workdir, state)
                    return await jules.session(state.session)
            session = await jules.session(state.session)
            if session.state == "FAILED":
                raise BuildFailedError(
                    f"Jules session {state.url} failed.",
                    retry_possible=True,
                    details={"model": MODEL_ID, "session": state.session},
                )
            if time.monotonic() >= deadline:
                _save_state(ctx.workdir, state)
                raise BuildFailedError(
                    f"Jules session {state.url} did not finish within {self.settings.timeout_s:.0f} s "
                    f"(state {session.state}); raise NEXUSFORGE_JULES_TIMEOUT_S or try again.",
                    retry_possible=True,
                    details={"model": MODEL_ID, "session": state.session, "state": session.state},
                )
            await asyncio.sleep(self.settings.poll_interval_s)

    async def _fetch(
        self, ctx: AgentContext, github: GitHubRepo, session: Session, known: dict[str, str]
    ) -> dict[str, str]:
        pulls = [match for pr in session.pull_requests if (match := _PULL_NUMBER.search(pr.url))]
        if not pulls:
            raise BuildFailedError(
                f"Jules session {session.url or session.name} completed without a pull request to read the code from.",
                retry_possible=True,
                details={"model": MODEL_ID, "session": session.name},
            )
        branch, head = await github.pull_head(int(pulls[-1].group(1)))
        ctx.progress(f"Reading Jules's branch {branch} ({head[:12]})", 0.9)
        files = await github.read_files(head, known)
        if not files:
            raise BuildFailedError(f"Jules's branch {branch} has no files.", retry_possible=True)
        return files


def _load_state(workdir: Path) -> RoundState | None:
    path = workdir / STATE_FILE
    return RoundState.model_validate_json(path.read_text(encoding="utf-8")) if path.is_file() else None


def _save_state(workdir: Path, state: RoundState) -> None:
    (workdir / STATE_FILE).write_text(state.model_dump_json(indent=1), encoding="utf-8")


def jules_factory(name: str, capability: Capability, settings: Settings) -> JulesCoder:
    if name:
        raise InvalidInputError(f"Jules has no model variants: use 'jules', not 'jules:{name}'.")
    if capability is not Capability.CODER:
        raise InvalidInputError(f"jules is a coder: it cannot be the {capability.value} agent's model.")
    try:
        return JulesCoder(JulesSettings())
    except ValidationError as exc:
        problems = "; ".join(
            f"NEXUSFORGE_JULES_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in exc.errors()
        )
        raise InvalidInputError(f"The Jules settings are invalid: {problems}.") from None
