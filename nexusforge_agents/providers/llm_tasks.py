"""The spec, coder and reviewer capabilities over any text model (Gemini, or any litellm route).

A provider supplies a ``TextModel`` (``llm_calls``): one structured call that parses the reply into a pydantic
schema (and records tokens, latency and cost, and checks the budget). This module owns what is the same for every
model in a build: the prompts (``prompts/*.txt``), checking generated files (safe relative paths, Python that
compiles, JSON that parses) and merging them onto the scaffold. Revisions (a change request read into a spec
delta, the code changed by edits) are ``llm_revise``'s.

Calls per build: the spec is one call; the coder writes the whole app in one call (it starts from the offline
engine's scaffold and returns only the files it adds or changes), plus one call per repair round; the reviewer
is one call. Per revision: one spec call and at most one coder call. An unusable reply costs one more call, at
most once per step.
"""

from __future__ import annotations

import asyncio
import json

from pydantic import BaseModel, Field

from ..context import AgentContext, Capability
from ..prompts import load_prompt, render_prompt
from ..schemas import AppSpec
from ..spec_delta import SpecDelta
from ..tools.workspace import validate_relpath
from .edits import content_problem, reply_path
from .llm_calls import InvalidReply, TextModel, ask
from .llm_revise import edit_code, read_change_request

SPEC_MAX_TOKENS = 8192
SPEC_THINKING_TOKENS = 16384
CODER_MAX_TOKENS = 32768
REVIEW_MAX_TOKENS = 16384
CODER_CONTEXT_CHARS = 160_000
REVIEW_CONTEXT_CHARS = 100_000
FEEDBACK_CHARS = 12_000


class FileEdit(BaseModel):
    path: str = Field(description="Relative POSIX path from the app root, e.g. 'backend/main.py'.")
    content: str = Field(description="The complete new content of the file.")


class CodeReply(BaseModel):
    """What the coder and the reviewer return: files to write (whole), files to delete, and what changed."""

    files: list[FileEdit] = Field(default_factory=list)
    delete: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


def check_code_reply(reply: CodeReply, base: dict[str, str], *, existing_only: bool = False) -> None:
    """Every path safe and unique, every Python file compiles, every JSON file parses; else ``InvalidReply``."""
    seen: set[str] = set()
    problems: list[str] = []
    for edit in reply.files:
        path = reply_path(edit.path, seen, problems, twice="is listed twice; send each file once")
        if path is None:
            continue
        if existing_only and path not in base:
            problems.append(f"{path} is not one of the files under review; change existing files only")
        problems += [p for p in [content_problem(path, edit.content)] if p]
    problems += [f"cannot delete {p}: no such file" for p in reply.delete if p not in base]
    if problems:
        raise InvalidReply("; ".join(problems[:20]), reply.model_dump_json()[:20_000])


def merge_reply(base: dict[str, str], reply: CodeReply) -> dict[str, str]:
    files = {path: text for path, text in base.items() if path not in set(reply.delete)}
    files.update({str(validate_relpath(e.path)): e.content for e in reply.files})
    return files


def _rank(path: str, mentioned: set[str]) -> tuple[int, str]:
    if path in mentioned:
        group = 0
    elif path.startswith("tests/") or "/tests/" in path:
        group = 1
    elif path.endswith(".py"):
        group = 2
    elif path.rsplit("/", 1)[-1] in ("README.md", "requirements.txt", "pyproject.toml", "pytest.ini", "package.json"):
        group = 3
    elif path.endswith((".ts", ".tsx")):
        group = 4
    else:
        group = 5
    return group, path


def describe_files(files: dict[str, str], budget_chars: int, mentioned: set[str] | None = None) -> tuple[str, str]:
    """A listing of every file, and the contents of the most relevant ones that fit in ``budget_chars``."""
    listing = "\n".join(f"- {path} ({len(text)})" for path, text in sorted(files.items()))
    chunks: list[str] = []
    used = 0
    for path in sorted(files, key=lambda p: _rank(p, mentioned or set())):
        block = f"=== {path} ===\n{files[path]}\n"
        if used + len(block) > budget_chars:
            continue
        chunks.append(block)
        used += len(block)
    return listing, "".join(chunks) or "(no file fits; ask for none)"


def _spec_json(spec: AppSpec) -> str:
    return json.dumps(spec.model_dump(mode="json"), indent=1)


async def ask_code_reply(
    model: TextModel,
    ctx: AgentContext,
    spec: AppSpec,
    files: dict[str, str],
    prompts: tuple[str, str],
    context_chars: int,
    max_output_tokens: int,
    *,
    mentioned: set[str] | None = None,
    existing_only: bool = False,
    **variables: str,
) -> CodeReply:
    """Ask for a ``CodeReply`` over ``files`` with the (system, user) ``prompts``: the user prompt gets the spec,
    the file listing and the contents that fit (``describe_files``), plus ``variables``; the reply is checked
    against ``files`` (``check_code_reply``)."""
    listing, contents = describe_files(files, context_chars, mentioned)
    system, user = prompts
    text = render_prompt(
        user, spec=_spec_json(spec), file_count=len(files), listing=listing, contents=contents, **variables
    )
    return await ask(
        model,
        ctx,
        [("system", load_prompt(system)), ("user", text)],
        CodeReply,
        max_output_tokens=max_output_tokens,
        temperature=0.2,
        check=lambda r: check_code_reply(r, files, existing_only=existing_only),
    )


class ModelSpecWriter:
    """Structured output straight into ``AppSpec``; dynamic thinking when the build asks for it."""

    def __init__(self, model: TextModel) -> None:
        self.model = model
        self.model_id = model.model_id

    async def write_spec(self, ctx: AgentContext, prompt: str) -> AppSpec:
        thinking = ctx.config.use_adaptive_thinking
        messages = [("system", load_prompt("spec_system")), ("user", render_prompt("spec_user", request=prompt))]
        budget = SPEC_MAX_TOKENS + (SPEC_THINKING_TOKENS if thinking else 0)
        return await ask(self.model, ctx, messages, AppSpec, max_output_tokens=budget, thinking=thinking)

    async def revise_spec(self, ctx: AgentContext, spec: AppSpec, request: str) -> SpecDelta:
        """A follow-up request as a delta of ``spec`` (``llm_revise``): the model reads it, not the offline reader."""
        return await read_change_request(self.model, ctx, spec, request)


async def scaffold(spec: AppSpec) -> dict[str, str]:
    """The offline engine's app for this spec: the same starting point the offline coder produces."""
    from .offline.codegen import generate_app

    return await asyncio.to_thread(generate_app, spec)


class ModelCodeWriter:
    """Writes the app in one call from the scaffold; each repair round is one call with the failing output."""

    def __init__(self, model: TextModel) -> None:
        self.model = model
        self.model_id = model.model_id

    async def write_code(
        self, ctx: AgentContext, spec: AppSpec, *, feedback: str | None, previous: dict[str, str] | None
    ) -> dict[str, str]:
        if feedback is not None and previous:
            base = dict(previous)
            tail = feedback[-FEEDBACK_CHARS:]
            prompt, mentioned, extra = "repair_user", {p for p in base if p in tail}, {"feedback": tail}
        else:
            base = await scaffold(spec)
            prompt, mentioned, extra = "coder_user", set(), {}
        reply = await ask_code_reply(
            self.model, ctx, spec, base, ("coder_system", prompt), CODER_CONTEXT_CHARS, CODER_MAX_TOKENS,
            mentioned=mentioned, **extra,
        )  # fmt: skip
        ctx.progress(f"{self.model_id} changed {len(reply.files)} file(s), deleted {len(reply.delete)}", 0.9)
        return merge_reply(base, reply)

    async def revise_code(
        self, ctx: AgentContext, before: AppSpec, after: AppSpec, delta: SpecDelta, files: dict[str, str]
    ) -> dict[str, str]:
        """The app's files after a revision: edits to the current files, not a new app (``llm_revise``)."""
        return await edit_code(self.model, ctx, before, after, delta, files)


class ModelCodeReviewer:
    """One review pass over the generated Python (and its tests); returns only the files it changed."""

    def __init__(self, model: TextModel) -> None:
        self.model = model
        self.model_id = model.model_id

    async def review(self, ctx: AgentContext, spec: AppSpec, files: dict[str, str]) -> tuple[dict[str, str], list[str]]:
        python = {path: text for path, text in files.items() if path.endswith(".py")}
        reply = await ask_code_reply(
            self.model, ctx, spec, python, ("review_system", "review_user"), REVIEW_CONTEXT_CHARS, REVIEW_MAX_TOKENS,
            existing_only=True,
        )  # fmt: skip
        changed = {e.path: e.content for e in reply.files if files.get(e.path) != e.content}
        notes = [f"{self.model_id}: {note}" for note in reply.notes] or [f"{self.model_id}: no changes"]
        return changed, notes


def text_capability(capability: Capability, model: TextModel) -> object:
    """The spec writer, coder or reviewer over ``model``."""
    makers = {
        Capability.SPEC: ModelSpecWriter,
        Capability.CODER: ModelCodeWriter,
        Capability.OPTIMIZER: ModelCodeReviewer,
    }
    return makers[capability](model)
