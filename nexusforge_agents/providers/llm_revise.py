"""Revisions with a real text model: the change request read into a ``SpecDelta``, and the code changed by edits.

The spec model reads the request against the app's current spec and answers with a ``SpecDelta`` (structured
output into the same model the offline reader produces); a delta that does not apply to the spec
(``apply_delta`` refuses it) is an unusable reply, so the model is told why and asked once more.

The coder does not write the app again. The offline generator is deterministic and knows, for every change kind
a delta can hold, what each of its files becomes: generating the app for the spec before and after the delta
names the files the delta touches and what changes in each (``reference_changes``). A file the model never
changed since the generator wrote it simply takes the generator's new text, new files are added and files no
longer generated are removed, with no model call. What is left for the model are the files it wrote or changed
itself: those the delta touches (shown with their current text and the generator's change to its own version,
to port) and those it added (shown, so it can follow a rename or use a new field), within ``CONTEXT_CHARS``. It
answers with search/replace edits (``edits``), applied strictly; an edit that does not apply gets one repair
request naming it, then the revision fails with ``BUILD_FAILED`` (and the lifecycle puts the folder back to the
previous version). When the model changed no file the delta touches and added none, no coder call is made.
"""

from __future__ import annotations

import asyncio
import difflib
import json

from pydantic import BaseModel, Field

from ..appspec import AppSpec
from ..context import AgentContext
from ..errors import BuildFailedError, InvalidInputError
from ..prompts import load_prompt, render_prompt
from ..spec_delta import SpecDelta
from ..spec_impact import file_changes
from ..spec_revision import apply_delta
from .edits import EditReply, apply_edits
from .llm_calls import InvalidReply, TextModel, ask

REVISE_SPEC_MAX_TOKENS = 8192
REVISE_CODER_MAX_TOKENS = 16384
CONTEXT_CHARS = 80_000
"""The most file text (current contents and the generator's changes) one revision prompt quotes."""


class ReferenceChanges(BaseModel):
    """What the delta changes in the app, by the generator's own knowledge, split by who owns each file."""

    done: dict[str, str] = Field(default_factory=dict, description="Files the model never changed: new text.")
    added: dict[str, str] = Field(default_factory=dict, description="Files the delta adds.")
    removed: list[str] = Field(default_factory=list, description="Files no longer generated.")
    to_port: dict[str, str] = Field(
        default_factory=dict, description="Files the model changed that the delta touches: the generator's diff."
    )
    own: list[str] = Field(default_factory=list, description="Files the model added (the generator has none).")

    def applied_to(self, files: dict[str, str]) -> dict[str, str]:
        kept = {path: text for path, text in files.items() if path not in set(self.removed)}
        return {**kept, **self.done, **self.added}


GONE = "(the reference generator no longer writes this file: delete it, or keep what your own code still needs)"


def _diff(path: str, old: str, new: str) -> str:
    return "".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True), f"a/{path}", f"b/{path}", n=2))


def reference_changes(before: AppSpec, after: AppSpec, files: dict[str, str]) -> ReferenceChanges:
    """Generate the app for both specs and sort what changed by whether the model had changed the file."""
    from .offline.codegen import generate_app

    old, new = generate_app(before), generate_app(after)
    changes = file_changes(old, new)
    result = ReferenceChanges(own=sorted(path for path in files if path not in old))
    for path, text in changes.written.items():
        current = files.get(path)
        if current is None and path in old:
            continue  # the model deleted the generator's file: it stays deleted
        if current is None:
            result.added[path] = text
        elif current == old.get(path):
            result.done[path] = text
        else:
            result.to_port[path] = _diff(path, old.get(path, ""), text)
    for path in changes.removed:
        if path in files and files[path] == old[path]:
            result.removed.append(path)
        elif path in files:
            result.to_port[path] = GONE
    return result


def _quoted(blocks: list[tuple[str, str]], budget: int) -> tuple[str, int]:
    out: list[str] = []
    for title, body in blocks:
        block = f"=== {title} ===\n{body}\n"
        if len(block) > budget:
            out.append(f"=== {title} === (not shown: over the prompt's size cap)\n")
            continue
        out.append(block)
        budget -= len(block)
    return "".join(out) or "(none)\n", budget


def revision_prompt(request: str, delta: SpecDelta, ref: ReferenceChanges, files: dict[str, str]) -> str:
    """The coder's revision request: the delta, the files to port with the generator's change, the model's own."""
    port: list[tuple[str, str]] = []
    for path in sorted(ref.to_port):
        port += [(f"{path} (current)", files[path]), (f"{path}: the reference generator's change", ref.to_port[path])]
    to_port, budget = _quoted(port, CONTEXT_CHARS)
    own, _ = _quoted([(path, files[path]) for path in ref.own], budget)
    done = [f"- {path} (updated)" for path in sorted(ref.done)] + [f"- {path} (new)" for path in sorted(ref.added)]
    done += [f"- {path} (removed)" for path in ref.removed]
    tree = ref.applied_to(files)
    return render_prompt(
        "revise_code_user",
        request=request,
        delta=json.dumps(delta.model_dump(mode="json")["changes"], indent=1),
        done="\n".join(done) or "(none)",
        to_port=to_port,
        own=own,
        file_count=len(tree),
        listing="\n".join(f"- {path} ({len(text)})" for path, text in sorted(tree.items())),
    )


async def read_change_request(model: TextModel, ctx: AgentContext, spec: AppSpec, request: str) -> SpecDelta:
    """The request as a delta of ``spec``, read by the model; a delta that does not apply is asked for again."""
    if not request.strip():
        raise InvalidInputError("The change request is empty: say what to change, e.g. 'add a due date to tasks'.")
    spec_json = json.dumps(spec.model_dump(mode="json"), indent=1)
    messages = [
        ("system", load_prompt("revise_spec_system")),
        ("user", render_prompt("revise_spec_user", spec=spec_json, request=request.strip())),
    ]

    def applies(delta: SpecDelta) -> None:
        try:
            apply_delta(spec, delta)
        except InvalidInputError as exc:
            raise InvalidReply(
                f"the delta does not apply to the app's spec: {exc.message}", delta.model_dump_json()
            ) from None

    delta = await ask(model, ctx, messages, SpecDelta, max_output_tokens=REVISE_SPEC_MAX_TOKENS, check=applies)
    return delta.model_copy(update={"request": request.strip()})


async def edit_code(
    model: TextModel, ctx: AgentContext, before: AppSpec, after: AppSpec, delta: SpecDelta, files: dict[str, str]
) -> dict[str, str]:
    """The app's files after the revision ``delta`` (``before`` -> ``after``): the generator's changes where the
    model never changed a file, the model's edits where it did."""
    ref = await asyncio.to_thread(reference_changes, before, after, files)
    tree = ref.applied_to(files)
    ctx.progress(
        f"The generator updated {len(ref.done)} file(s), added {len(ref.added)}, removed {len(ref.removed)}; "
        f"{len(ref.to_port)} of the model's changed file(s) to port, {len(ref.own)} of its own",
        0.3,
    )
    if not ref.to_port and not ref.own:
        return tree
    messages = [
        ("system", load_prompt("revise_code_system")),
        ("user", revision_prompt(delta.request, delta, ref, files)),
    ]
    result: dict[str, dict[str, str]] = {}

    def applies(reply: EditReply) -> None:
        edited, problems = apply_edits(tree, reply, new_paths=set(ref.added))
        if problems:
            raise InvalidReply("; ".join(problems[:20]), reply.model_dump_json()[:20_000])
        result["files"] = edited

    try:
        reply = await ask(
            model, ctx, messages, EditReply, max_output_tokens=REVISE_CODER_MAX_TOKENS, temperature=0.2,
            check=applies, correction="revise_edit_repair",
        )  # fmt: skip
    except BuildFailedError as exc:
        raise BuildFailedError(
            f"The revision's code edits from {model.model_id} did not apply, even after a repair request, so the "
            f"app stays at its previous version: {exc.details.get('problem', exc.message)}",
            retry_possible=True,
            details={**exc.details, "model": model.model_id},
        ) from None
    ctx.progress(
        f"{model.model_id} edited {len(reply.patches)} file(s) with {reply.edit_count} edit(s), deleted "
        f"{len(reply.delete)}",
        0.9,
    )
    return result["files"]
