"""The Jules coder through its real HTTP client, replayed from hand-built cassettes (Jules REST v1alpha and the
GitHub REST API) with the network blocked: a full run, plan approval, a failed session, a timeout, a repair round,
and the errors that name what is missing."""

from __future__ import annotations

import json

import pytest

from nexusforge_agents.config import Settings
from nexusforge_agents.context import Capability
from nexusforge_agents.errors import BuildFailedError, InvalidInputError, ModelUnavailableError
from nexusforge_agents.providers import jules as jules_module
from nexusforge_agents.providers.catalog import list_models
from nexusforge_agents.providers.jules import STATE_FILE, JulesCoder, JulesSettings
from nexusforge_agents.providers.registry import model_problem, resolve
from nexusforge_agents.schemas import AppSpec
from tests.providers import real_support
from tests.providers.cassettes import jules_cassettes as recorded
from tests.providers.cassettes import replies
from tests.providers.real_support import body_of, make_ctx

vcr_config = real_support.vcr_config
sent_requests = real_support.sent_requests

pytestmark = [pytest.mark.vcr, pytest.mark.block_network]
FAKE_ENV = {
    "JULES_API_KEY": "test-jules-key-not-real",
    "GITHUB_TOKEN": "test-github-token-not-real",
    "NEXUSFORGE_JULES_REPO": recorded.REPO,
}


@pytest.fixture
def jules_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in FAKE_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("NEXUSFORGE_JULES_POLL_INTERVAL_S", "0")


def spec() -> AppSpec:
    return AppSpec.model_validate(replies.SPEC)


def coder(**settings: object) -> JulesCoder:
    return JulesCoder(JulesSettings(**settings))


def progress_of(ctx) -> list[str]:
    messages: list[str] = []
    ctx.on_progress = lambda message, fraction: messages.append(message)
    return messages


def by_path(requests, method: str, suffix: str):
    return [r for r in requests if r.method == method and r.uri.split("?")[0].endswith(suffix)]


@pytest.mark.usefixtures("jules_env")
async def test_full_run_pushes_the_scaffold_and_reads_back_the_pull_request(tmp_path, sent_requests):
    writer = resolve("jules", Capability.CODER, Settings(home=tmp_path))
    ctx = make_ctx(tmp_path, "coder")
    messages = progress_of(ctx)
    files = await writer.write_code(ctx, spec(), feedback=None, previous=None)

    assert files == recorded.RESULT, "the app is what the pull request's branch holds"
    [tree] = by_path(sent_requests, "POST", "/git/trees")
    pushed = {entry["path"]: entry["content"] for entry in body_of(tree)["tree"]}
    assert "backend/main.py" in pushed and len(pushed) > 10, "the whole scaffold is pushed in one tree"
    [refs] = by_path(sent_requests, "POST", "/git/refs")
    assert body_of(refs)["ref"] == f"refs/heads/{recorded.BRANCH}"
    [created] = by_path(sent_requests, "POST", "/v1alpha/sessions")
    body = body_of(created)
    assert body["sourceContext"] == {
        "source": f"sources/github/{recorded.REPO}",
        "githubRepoContext": {"startingBranch": recorded.BRANCH},
    }
    assert body["automationMode"] == "AUTO_CREATE_PR" and body["requirePlanApproval"] is False
    assert json.dumps(replies.SPEC["name"])[1:-1] in body["prompt"] and '"entities"' in body["prompt"]
    assert all(r.headers.get("x-goog-api-key") == "REDACTED" for r in sent_requests if "googleapis" in r.uri)
    assert all(r.headers.get("authorization") == "REDACTED" for r in sent_requests if "api.github.com" in r.uri)
    assert not by_path(sent_requests, "POST", ":approvePlan"), "auto: Jules approves its own plan"
    # Activities become progress, each once, in order.
    assert messages.count("Jules's plan was approved") == 1
    plan = next(m for m in messages if m.startswith("Jules's plan (3 steps)"))
    assert "2. Implement the Metric and Alert endpoints" in plan
    assert messages.index("Jules: Implementing the Metric endpoints") < messages.index("Jules: All 12 tests pass")
    assert "Jules finished its work" in messages
    # Unchanged files are not downloaded again: only blobs whose content the scaffold lacks.
    downloaded = by_path(sent_requests, "GET", "") and [r for r in sent_requests if "/git/blobs/" in r.uri]
    assert 0 < len(downloaded) <= len(recorded.RESULT)
    [call] = ctx.calls
    assert (call.model, call.cost_usd) == ("jules", 0.0) and call.latency_s > 0
    assert json.loads((ctx.workdir / STATE_FILE).read_text())["session"] == recorded.SESSION


@pytest.mark.usefixtures("jules_env")
async def test_plan_is_approved_when_configured(tmp_path, sent_requests):
    ctx = make_ctx(tmp_path, "coder")
    messages = progress_of(ctx)
    files = await coder(plan_approval="approve").write_code(ctx, spec(), feedback=None, previous=None)

    assert files == recorded.RESULT
    [created] = by_path(sent_requests, "POST", "/v1alpha/sessions")
    assert body_of(created)["requirePlanApproval"] is True
    [approval] = by_path(sent_requests, "POST", ":approvePlan")
    assert approval.uri == f"{recorded.JULES}/{recorded.SESSION}:approvePlan"
    shown = next(i for i, m in enumerate(messages) if m.startswith("Jules's plan (3 steps)"))
    assert shown < messages.index("Jules's plan was approved"), "the plan is shown before it is approved"


@pytest.mark.usefixtures("jules_env")
async def test_failed_session_fails_the_build_with_its_reason(tmp_path):
    ctx = make_ctx(tmp_path, "coder")
    with pytest.raises(BuildFailedError) as caught:
        await coder().write_code(ctx, spec(), feedback=None, previous=None)
    error = caught.value
    assert error.error_code == "BUILD_FAILED" and error.retry_possible is True
    assert recorded.FAILURE in error.message and recorded.SESSION_URL in error.message
    assert ctx.calls[0].model == "jules", "the time spent is recorded even when the session fails"


@pytest.mark.usefixtures("jules_env")
@pytest.mark.vcr(allow_playback_repeats=True)
async def test_a_session_that_outlasts_the_timeout_fails_the_build(tmp_path, sent_requests):
    ctx = make_ctx(tmp_path, "coder")
    messages = progress_of(ctx)
    slow = coder(plan_approval="manual", timeout_s=0.3, poll_interval_s=0.05)
    with pytest.raises(BuildFailedError) as caught:
        await slow.write_code(ctx, spec(), feedback=None, previous=None)
    error = caught.value
    assert "did not finish within 0 s" in error.message and "AWAITING_PLAN_APPROVAL" in error.message
    assert error.retry_possible is True and error.details["state"] == "AWAITING_PLAN_APPROVAL"
    assert f"Jules's plan waits for your approval at {recorded.SESSION_URL}" in messages
    assert not by_path(sent_requests, "POST", ":approvePlan"), "manual: a person approves, not Nexus Forge"
    assert len(by_path(sent_requests, "GET", "/activities")) >= 2, "it kept polling until the deadline"


@pytest.mark.usefixtures("jules_env")
async def test_repair_round_is_a_message_to_the_same_session(tmp_path, sent_requests):
    ctx = make_ctx(tmp_path, "coder")
    first = await coder().write_code(ctx, spec(), feedback=None, previous=None)
    failing = "FAILED backend/tests/test_metrics.py::test_list_metrics - assert 404 == 200\n1 failed, 11 passed"
    messages = progress_of(ctx)
    repaired = await coder().write_code(ctx, spec(), feedback=failing, previous=first)

    assert repaired == {**recorded.RESULT, **recorded.REPAIRED}
    assert len(by_path(sent_requests, "POST", "/v1alpha/sessions")) == 1, "no second session"
    [message] = by_path(sent_requests, "POST", ":sendMessage")
    assert message.uri == f"{recorded.JULES}/{recorded.SESSION}:sendMessage"
    assert failing in body_of(message)["prompt"]
    assert messages[0] == f"Sending the failing tests to Jules session {recorded.SESSION_URL}"
    assert "Jules: Added GET /api/metrics" in messages
    assert "Jules: Implementing the Metric endpoints" not in messages, "old activities are not reported again"
    repair_blobs = [r for r in sent_requests[sent_requests.index(message) :] if "/git/blobs/" in r.uri]
    assert len(repair_blobs) == 1, "only the file the repair changed is downloaded"
    assert [c.model for c in ctx.calls] == ["jules", "jules"]


@pytest.mark.usefixtures("jules_env")
async def test_a_token_without_access_to_the_repository_is_named(tmp_path):
    with pytest.raises(ModelUnavailableError) as caught:
        await coder().write_code(make_ctx(tmp_path, "coder"), spec(), feedback=None, previous=None)
    assert f"GITHUB_TOKEN cannot access {recorded.REPO}" in caught.value.message
    assert caught.value.retry_possible is False


@pytest.mark.usefixtures("jules_env")
async def test_jules_unavailable_three_times_is_a_retryable_model_outage(tmp_path, sent_requests):
    with pytest.raises(ModelUnavailableError) as caught:
        await coder().write_code(make_ctx(tmp_path, "coder"), spec(), feedback=None, previous=None)
    assert "Jules answered 503" in caught.value.message and "currently unavailable" in caught.value.message
    assert caught.value.retry_possible is True
    assert len(by_path(sent_requests, "GET", f"sources/github/{recorded.REPO}")) == 3, "tried three times"


@pytest.mark.usefixtures("jules_env")
async def test_a_repository_without_the_jules_app_is_named(tmp_path):
    with pytest.raises(ModelUnavailableError) as caught:
        await coder().write_code(make_ctx(tmp_path, "coder"), spec(), feedback=None, previous=None)
    assert "install the Jules GitHub app" in caught.value.message and recorded.REPO in caught.value.message
    assert caught.value.retry_possible is False


@pytest.mark.parametrize("missing", ["JULES_API_KEY", "GITHUB_TOKEN", "NEXUSFORGE_JULES_REPO"])
async def test_each_missing_variable_is_named_before_any_request(tmp_path, monkeypatch, missing):
    for name, value in FAKE_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv(missing)
    with pytest.raises(ModelUnavailableError) as caught:
        await coder().write_code(make_ctx(tmp_path, "coder"), spec(), feedback=None, previous=None)
    assert missing in caught.value.message and caught.value.retry_possible is False
    problem = model_problem("jules")
    assert problem is not None and missing in problem.message


def test_jules_is_a_coder_only_and_is_listed_with_its_variables(tmp_path, monkeypatch):
    for name in FAKE_ENV:
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(InvalidInputError):
        resolve("jules", Capability.SPEC, Settings(home=tmp_path))
    with pytest.raises(InvalidInputError):
        resolve("jules:pro", Capability.CODER, Settings(home=tmp_path))
    [entry] = [m for m in list_models(Settings(home=tmp_path)) if m["model_id"] == "jules"]
    assert entry["status"] == "unavailable" and entry["agents"] == ["coder"]
    assert entry["env_vars"] == list(jules_module.REQUIRED_ENV)
    for name, value in FAKE_ENV.items():
        monkeypatch.setenv(name, value)
    [entry] = [m for m in list_models(Settings(home=tmp_path)) if m["model_id"] == "jules"]
    assert entry["status"] == "available" and model_problem("jules") is None


def test_a_build_naming_jules_without_its_variables_is_refused_before_it_starts(tmp_path, monkeypatch):
    from nexusforge_agents.config import BuildConfig
    from nexusforge_agents.providers.registry import ModelNotConfiguredError, check_available

    for name in FAKE_ENV:
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ModelNotConfiguredError) as caught:
        check_available(BuildConfig(models={"coder": "jules"}), Settings(home=tmp_path))
    assert caught.value.details["agent"] == "coder" and caught.value.details["env_var"] == "JULES_API_KEY"
    assert "JULES_API_KEY, GITHUB_TOKEN, NEXUSFORGE_JULES_REPO" in caught.value.message


@pytest.mark.usefixtures("jules_env")
@pytest.mark.vcr("test_repair_round_is_a_message_to_the_same_session.yaml")
async def test_the_coder_agent_writes_jules_branch_into_the_build_folder_and_repairs_through_it(tmp_path, monkeypatch):
    """The graph's coder node with Jules (the repair cassette): the branch's files land in the build folder, and a
    failed QA run makes the next coder round a message to the same session."""
    from nexusforge_agents.agents import coder as coder_agent
    from nexusforge_agents.build_state import BuildState
    from nexusforge_agents.schemas import TestReport

    monkeypatch.setenv("NEXUSFORGE_MODEL_CODER", "jules")
    ctx = make_ctx(tmp_path, "coder")
    ctx.settings = Settings(home=tmp_path / "home")
    state = BuildState(session_id="jules-coder", prompt="p", output_dir=str(ctx.workdir), spec=spec())
    first = await coder_agent.run(ctx, state)
    assert sorted(first["code_manifest"]) == sorted(recorded.RESULT)
    assert first["models_by_agent"] == {"coder": "jules"}
    for path, text in recorded.RESULT.items():
        assert (ctx.workdir / path).read_text(encoding="utf-8") == text

    failed = TestReport(passed=False, exit_code=1, output="1 failed, 11 passed")
    failed_qa = state.model_copy(update={**first, "tests": failed, "repair_rounds": 1})
    second = await coder_agent.run(ctx, failed_qa)
    assert second["code_version"] == 2
    assert (ctx.workdir / "backend/main.py").read_text(encoding="utf-8") == recorded.REPAIRED["backend/main.py"]


def test_nexusforge_models_lists_jules_with_the_variables_it_needs(tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in FAKE_ENV} | {"NEXUSFORGE_HOME": str(tmp_path)}
    command = [sys.executable, "-m", "nexusforge_agents.cli", "models"]
    answer = subprocess.run([*command, "--json"], env=env, capture_output=True, text=True, check=True)
    listed = json.loads(answer.stdout)
    [entry] = [m for m in listed["models"] if m["model_id"] == "jules"]
    assert entry["env_var"] == "JULES_API_KEY, GITHUB_TOKEN, NEXUSFORGE_JULES_REPO" and entry["status"] == "unavailable"
    table = subprocess.run(command, env=env | {"COLUMNS": "200"}, capture_output=True, text=True, check=True).stdout
    [row] = [line for line in table.splitlines() if line.strip("│ ").startswith("jules")]
    assert "unavailable" in row and "JULES_API_KEY, GITHUB_TOKEN, NEXUSFORGE_JULES_REPO" in row
