"""Revisions with real models, replayed from hand-built cassettes (``cassettes/revise_cassettes.py``) with the network
blocked: the spec model reads the change request into a ``SpecDelta``; the coder gets the delta and the files of the
app it had changed or written, answers with search/replace edits (a few hundred characters, not an app), and the
edits are applied strictly; an edit that does not apply gets one repair request, then the revision fails with
BUILD_FAILED and the app folder stays at its previous version."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from nexusforge_agents import BuildCompleted, ErrorEvent, Settings, build_app, revise
from nexusforge_agents.appspec import AppSpec
from nexusforge_agents.context import Capability
from nexusforge_agents.errors import BuildFailedError
from nexusforge_agents.providers.base import CodeReviser, SpecReviser
from nexusforge_agents.providers.edits import EditReply
from nexusforge_agents.providers.offline.codegen import generate_app
from nexusforge_agents.providers.offline.spec import extract_spec
from nexusforge_agents.providers.registry import resolve
from nexusforge_agents.spec_delta import SpecDelta
from nexusforge_agents.spec_revision import apply_delta
from nexusforge_agents.tools.workspace import write_files
from nexusforge_agents.versions import history, record_version
from tests.providers import real_support
from tests.providers.cassettes import revise_replies as r
from tests.providers.cassettes.replies import as_json
from tests.providers.real_support import body_of, make_ctx
from tests.revise.apps import tree

vcr_config = real_support.vcr_config
sent_requests = real_support.sent_requests
gemini_env = real_support.gemini_env
openai_env = real_support.openai_env

pytestmark = [pytest.mark.vcr, pytest.mark.block_network]
GEMINI = "gemini:gemini-2.5-pro"
LITELLM = "litellm:openai/gpt-4.1"
OWN = ("backend/schemas.py", "backend/task_stats.py", "tests/test_task_stats.py")


@pytest.fixture(scope="module")
def base_spec() -> AppSpec:
    return extract_spec(r.BASE_PROMPT)


@pytest.fixture(scope="module")
def scaffolds(base_spec: AppSpec) -> tuple[dict[str, str], dict[str, str]]:
    """The generator's app before and after the due date (what the offline engine would write)."""
    return generate_app(base_spec), generate_app(apply_delta(base_spec, SpecDelta.model_validate(r.SPEC_DELTA)))


@pytest.fixture(scope="module")
def base_app(scaffolds: tuple[dict[str, str], dict[str, str]]) -> dict[str, str]:
    """The app as the real coder left it: the scaffold plus its own changes and files."""
    return {**scaffolds[0], **r.model_changes(scaffolds[0])}


def _user_text(request: Any) -> str:
    body = body_of(request)
    if "contents" in body:
        return "".join(part["text"] for content in body["contents"] for part in content["parts"])
    return "".join(m["content"] for m in body["messages"] if m["role"] != "system")


def _schema_name(request: Any) -> str:
    body = body_of(request)
    if "generationConfig" in body:
        return body["generationConfig"]["responseJsonSchema"]["title"]
    return body["response_format"]["json_schema"]["name"]


@pytest.mark.usefixtures("gemini_env")
async def test_gemini_reads_the_request_into_a_spec_delta(tmp_path, sent_requests, base_spec):
    reader = resolve(GEMINI, Capability.SPEC, Settings(home=tmp_path))
    assert isinstance(reader, SpecReviser)
    ctx = make_ctx(tmp_path, "spec")
    delta = await reader.revise_spec(ctx, base_spec, r.REQUEST)
    assert delta == SpecDelta.model_validate(r.SPEC_DELTA)
    assert apply_delta(base_spec, delta).entity("Task").field("due_date").type == "date"
    [request] = sent_requests
    assert _schema_name(request) == "SpecDelta"
    text = _user_text(request)
    assert r.REQUEST in text and '"name": "Task"' in text, "the model reads the request against the current spec"
    assert "add_field" in body_of(request)["systemInstruction"]["parts"][0]["text"]
    [call] = ctx.calls
    assert (call.model, call.tokens_in) == (GEMINI, 3104)


@pytest.mark.usefixtures("gemini_env")
async def test_a_delta_that_does_not_apply_is_asked_for_again(tmp_path, sent_requests, base_spec):
    reader = resolve(GEMINI, Capability.SPEC, Settings(home=tmp_path))
    delta = await reader.revise_spec(make_ctx(tmp_path, "spec"), base_spec, r.REQUEST)
    assert delta == SpecDelta.model_validate(r.SPEC_DELTA)
    first, second = sent_requests
    again = _user_text(second)[len(_user_text(first)) :]
    assert "the delta does not apply to the app's spec" in again and "Todo" in again, again


def _check_revised(files: dict[str, str], base_app: dict[str, str], scaffolds: tuple[dict, dict]) -> None:
    old, new = scaffolds
    # the generator's change where the model never changed a file: models, site, the scaffold's own tests
    assert {p: t for p, t in files.items() if p not in OWN} == {p: t for p, t in new.items() if p not in OWN}
    assert "due_date" in files["backend/models.py"] and files["backend/models.py"] == new["backend/models.py"]
    # the model's edits to its own files: the generator's change ported, its own change kept
    schemas = files["backend/schemas.py"]
    assert "_strip_title" in schemas and "    due_date: dt.date | None = None\n" in schemas
    assert schemas == base_app["backend/schemas.py"].replace(
        r.PRIORITY_LINE, r.PRIORITY_LINE + "    due_date: dt.date | None = None\n"
    )
    assert "def count_overdue" in files["backend/task_stats.py"] and "count_by_status" in files["backend/task_stats.py"]


def _run_app_tests(folder: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("DATABASE_URL", None)
    command = [sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider", "--ignore=tests/test_browser.py"]
    return subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.slow  # the app's own test suite runs (~25 s); the litellm test below checks the same edits quickly
@pytest.mark.usefixtures("gemini_env")
async def test_gemini_coder_revises_by_edits_and_the_app_tests_pass(
    tmp_path, sent_requests, base_spec, base_app, scaffolds
):
    coder = resolve(GEMINI, Capability.CODER, Settings(home=tmp_path))
    assert isinstance(coder, CodeReviser)
    delta = SpecDelta.model_validate(r.SPEC_DELTA)
    ctx = make_ctx(tmp_path, "coder")
    files = await coder.revise_code(ctx, base_spec, apply_delta(base_spec, delta), delta, base_app)
    _check_revised(files, base_app, scaffolds)

    [request] = sent_requests
    assert _schema_name(request) == "EditReply"
    text, app_chars = _user_text(request), sum(len(t) for t in base_app.values())
    assert len(request.body) < 30_000 and app_chars > 140_000, "the request quotes the files to edit, not the app"
    assert "=== backend/schemas.py (current) ===" in text and "+    due_date: dt.date | None = None" in text
    assert "=== backend/task_stats.py ===" in text, "the model's own files are shown"
    assert "- backend/models.py (updated)" in text and "=== backend/models.py" not in text, "done: listed only"
    reply = EditReply.model_validate(r.CODE_EDITS)
    assert all(p.content is None for p in reply.patches) and reply.edit_count == 5
    assert len(as_json(r.CODE_EDITS)) < 0.02 * app_chars, "a diff-sized reply"
    assert len(ctx.calls) == 1

    folder = tmp_path / "app"
    write_files(folder, files)
    done = await asyncio.to_thread(_run_app_tests, folder)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "PASSED tests/test_task_stats.py::test_count_overdue" in done.stdout, "the model's new test ran"
    assert "PASSED tests/test_crud_tasks.py" in done.stdout and " failed" not in done.stdout


@pytest.mark.usefixtures("gemini_env")
async def test_an_edit_that_does_not_apply_gets_a_repair_request_then_fails(
    tmp_path, sent_requests, base_spec, base_app
):
    coder = resolve(GEMINI, Capability.CODER, Settings(home=tmp_path))
    delta = SpecDelta.model_validate(r.SPEC_DELTA)
    with pytest.raises(BuildFailedError) as caught:
        await coder.revise_code(make_ctx(tmp_path, "coder"), base_spec, apply_delta(base_spec, delta), delta, base_app)
    error = caught.value
    assert error.error_code == "BUILD_FAILED" and "stays at its previous version" in error.message
    # how often the search text occurs depends on the generated app: the point is that it is not once
    occurs_often = r"backend/schemas\.py, edit 1 of 1: the search text occurs [2-9] times"
    assert re.search(occurs_often, error.message), error.message
    first, second = sent_requests
    repair = _user_text(second)[len(_user_text(first)) :]
    assert "Your edits could not be applied, so none of them was" in repair
    assert "backend/schemas.py, edit 1 of 1: the search text is not in the file" in repair


@pytest.mark.usefixtures("openai_env")
async def test_litellm_route_reads_the_delta_and_edits_the_code(
    tmp_path, sent_requests, base_spec, base_app, scaffolds
):
    settings = Settings(home=tmp_path)
    reader, coder = resolve(LITELLM, Capability.SPEC, settings), resolve(LITELLM, Capability.CODER, settings)
    delta = await reader.revise_spec(make_ctx(tmp_path, "spec"), base_spec, r.REQUEST)
    assert delta == SpecDelta.model_validate(r.SPEC_DELTA)
    files = await coder.revise_code(
        make_ctx(tmp_path, "coder"), base_spec, apply_delta(base_spec, delta), delta, base_app
    )
    _check_revised(files, base_app, scaffolds)
    spec_request, code_request = sent_requests
    assert (_schema_name(spec_request), _schema_name(code_request)) == ("SpecDelta", "EditReply")
    assert len(code_request.body) < 30_000


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """An app an offline build made, whose schemas the coder then changed (recorded as v2)."""
    home = tmp_path_factory.mktemp("home")
    result = asyncio.run(
        build_app(r.BASE_PROMPT, {"enableVideoDemo": False}, settings=Settings(home=home), output_dir=home / "app")
    )
    folder = Path(result.output_dir)
    schemas = folder / "backend/schemas.py"
    schemas.write_text(r.model_changes({"backend/schemas.py": schemas.read_text()})["backend/schemas.py"])
    record_version(folder, "The coder's own change")
    return home, folder


@pytest.mark.slow
@pytest.mark.usefixtures("gemini_env")
async def test_a_failed_revision_leaves_the_folder_at_the_previous_version(sent_requests, built):
    home, folder = built
    before, versions = tree(folder), [v.tag for v in history(folder)]
    settings = Settings(home=home, model_spec=GEMINI, model_coder=GEMINI)
    events = [event async for event in revise(folder, r.REQUEST, settings=settings)]
    final = events[-1]
    assert isinstance(final, ErrorEvent) and final.error_code == "BUILD_FAILED", final
    assert "did not apply, even after a repair request" in final.message
    assert re.search(r"the search text occurs [2-9] times", final.message), final.message
    assert tree(folder) == before and [v.tag for v in history(folder)] == versions == ["v1", "v2"]
    assert len(sent_requests) == 3, "the spec delta, the edits, the repaired edits"
    messages = " ".join(getattr(e, "message", "") for e in events)
    assert f"reading the change request with {GEMINI}" in messages and "edits to the current files" in messages
    assert not any(isinstance(e, BuildCompleted) for e in events)
