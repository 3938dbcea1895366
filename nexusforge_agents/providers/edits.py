"""The edit format a real-model coder answers a revision with, and its strict applier.

A revision changes a few lines of a few files, so the model does not send files back whole: it sends, per file,
search/replace edits (the exact text to find, which must occur exactly once in the file as the earlier edits of
the same file left it, and its replacement). Whole contents are accepted only for a file that is new in this
revision or small (``SMALL_FILE_CHARS``); deletions name existing files. Nothing is applied unless every edit
applies and every resulting Python file compiles and JSON file parses: ``apply_edits`` returns the problems, each
naming the file and the edit, which is what the model is told when it is asked to repair its reply.

Why not unified diffs: models miscount hunk headers and line numbers, and a strict patch applier then refuses
edits that are right in substance, while a fuzzy one (``patch``, diff-match-patch) may apply them in the wrong
place silently. An exact, unique search text is unambiguous to apply and to explain when it fails.
"""

from __future__ import annotations

import json

from pydantic import BaseModel, Field

from ..errors import BuildFailedError
from ..tools.workspace import MAX_FILE_BYTES, validate_relpath

SMALL_FILE_CHARS = 1500
"""Files up to this size may be sent whole in a revision (a model rewrites a tiny JSON or CSS file faster)."""


class SearchReplace(BaseModel):
    search: str = Field(
        description="Exact text of the file as it is now (after the earlier edits of this file), found exactly "
        "once: copy whole lines, with enough of them to be unique."
    )
    replace: str = Field(description="The text that takes its place (empty to delete it).")


class FilePatch(BaseModel):
    path: str = Field(description="Relative POSIX path from the app root, e.g. 'backend/models.py'.")
    edits: list[SearchReplace] = Field(default_factory=list, description="Applied in order, to an existing file.")
    content: str | None = Field(
        None, description="The whole file: only for a new file, a file new in this revision, or a small file."
    )


class EditReply(BaseModel):
    """What the coder returns for a revision: per-file edits, files to delete, and what it changed."""

    patches: list[FilePatch] = Field(default_factory=list)
    delete: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    @property
    def edit_count(self) -> int:
        return sum(len(p.edits) for p in self.patches)


def reply_path(raw: str, seen: set[str], problems: list[str], *, twice: str) -> str | None:
    """A path a model's reply names, made safe and seen once per reply; None (and the problem added to
    ``problems``) when it is unsafe or named a second time, ``twice`` saying what to do instead."""
    try:
        path = str(validate_relpath(raw))
    except BuildFailedError as exc:
        problems.append(exc.message)
        return None
    if path in seen:
        problems.append(f"{path} {twice}")
        return None
    seen.add(path)
    return path


def content_problem(path: str, text: str) -> str | None:
    """Why ``text`` cannot be the content of ``path`` (too big, Python that does not compile, JSON that does not
    parse), or None."""
    if len(text.encode()) > MAX_FILE_BYTES:
        return f"{path} is over {MAX_FILE_BYTES} bytes"
    if path.endswith(".py"):
        try:
            compile(text, path, "exec")
        except SyntaxError as exc:
            return f"{path} does not compile: line {exc.lineno}: {exc.msg}"
    elif path.endswith(".json"):
        try:
            json.loads(text)
        except ValueError as exc:
            return f"{path} is not valid JSON: {exc}"
    return None


def _apply_patch(path: str, current: str | None, patch: FilePatch, whole_ok: bool) -> tuple[str | None, list[str]]:
    if patch.content is not None:
        if patch.edits:
            return None, [f"{path}: send either edits or the whole content, not both"]
        if current is not None and not whole_ok:
            return None, [
                f"{path} is {len(current)} characters: send search/replace edits for it, not the whole file "
                f"(whole contents only for new files and files up to {SMALL_FILE_CHARS} characters)"
            ]
        return patch.content, []
    if current is None:
        return None, [f"{path} does not exist: a new file needs its whole content, not edits"]
    if not patch.edits:
        return None, [f"{path}: no edits and no content"]
    text = current
    for number, edit in enumerate(patch.edits, start=1):
        found = text.count(edit.search) if edit.search else 0
        if found == 1:
            text = text.replace(edit.search, edit.replace, 1)
            continue
        where = f"{path}, edit {number} of {len(patch.edits)}"
        if not edit.search:
            return None, [f"{where}: the search text is empty"]
        if found == 0:
            return None, [
                f"{where}: the search text is not in the file"
                + (" as the earlier edits left it" if number > 1 else "")
                + f"; it begins {edit.search[:80]!r}. Copy it exactly from the current file"
            ]
        return None, [f"{where}: the search text occurs {found} times; include more lines so it occurs once"]
    return text, []


def apply_edits(files: dict[str, str], reply: EditReply, *, new_paths: set[str]) -> tuple[dict[str, str], list[str]]:
    """``files`` with the reply's patches and deletions applied, and the problems (empty when every edit applied).

    ``new_paths`` are files new in this revision (the model may send them whole whatever their size). With any
    problem, the files returned are ``files`` unchanged: an edit applies all or nothing.
    """
    result = dict(files)
    problems: list[str] = []
    seen: set[str] = set()
    for patch in reply.patches:
        twice = "is patched twice; put all its edits in one entry, in order"
        path = reply_path(patch.path, seen, problems, twice=twice)
        if path is None:
            continue
        current = result.get(path)
        whole_ok = path in new_paths or current is None or len(current) <= SMALL_FILE_CHARS
        text, found = _apply_patch(path, current, patch, whole_ok)
        problems += found
        if text is not None:
            problems += [p for p in [content_problem(path, text)] if p]
            result[path] = text
    for path in reply.delete:
        if path not in result:
            problems.append(f"cannot delete {path}: no such file")
        elif path in seen:
            problems.append(f"{path} is both patched and deleted")
        else:
            del result[path]
    return (files, problems) if problems else (result, [])
