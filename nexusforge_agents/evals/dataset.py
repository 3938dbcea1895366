"""Eval datasets: cases (a prompt plus optional UI test cases) and the loaders that make them.

Two sources ship with the project: the built-in smoke set (every template's example prompt and the API
contract's example prompts) and JSONL prompt files. A JSONL row needs a prompt under ``instruction`` (the
WebGen-Bench name) or ``prompt``; ``ui_instruct`` rows become ``UITest`` cases. Any file of that shape works.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from ..errors import InvalidInputError

SMOKE = "smoke"
# The prompts in contract/nexus-forge-api.md's examples, written out in full (the contract elides two of them
# with "..." in list views; the first is the one its build request shows).
CONTRACT_PROMPTS: tuple[str, ...] = (
    "Build a real-time analytics dashboard with charts and user authentication",
    "Build a todo app with React and FastAPI",
    "Build a real-time chat application",
    "Build a project management tool with task tracking",
)
_SAFE_ID = re.compile(r"[^A-Za-z0-9_.-]+")


class UITest(BaseModel):
    """One natural-language UI test: what to do and what should happen (WebGen-Bench's ``ui_instruct``)."""

    task: str
    expected_result: str = ""
    category: str = ""
    subcategories: list[str] = Field(default_factory=list)


class Case(BaseModel):
    """One app request to build and score."""

    id: str = Field(description="Unique within its dataset; used as the case's folder name.")
    prompt: str
    ui_tests: list[UITest] = Field(default_factory=list)
    application_type: str = ""
    source: str = ""
    metadata: dict[str, Any] = Field(default_factory=dict)

    @property
    def folder_name(self) -> str:
        return _SAFE_ID.sub("_", self.id).strip("._") or "case"


class Dataset(BaseModel):
    """A named, ordered list of cases."""

    name: str
    cases: list[Case]
    source: str = ""

    def __len__(self) -> int:
        return len(self.cases)

    def __iter__(self) -> Iterator[Case]:  # type: ignore[override]
        return iter(self.cases)

    def head(self, limit: int | None) -> Dataset:
        """The first ``limit`` cases (all of them when ``limit`` is None)."""
        cases = self.cases if limit is None else self.cases[: max(limit, 0)]
        return self.model_copy(update={"cases": cases})

    def ids(self) -> list[str]:
        return [case.id for case in self.cases]


def case_from_row(row: dict[str, Any], *, index: int, source: str = "") -> Case:
    """A ``Case`` from one JSONL row (WebGen-Bench's shape or ``{"id", "prompt"}``)."""
    prompt = row.get("instruction") or row.get("prompt")
    if not isinstance(prompt, str) or not prompt.strip():
        raise InvalidInputError(f"{source or 'row'} #{index + 1}: needs a non-empty 'instruction' or 'prompt'.")
    tests = []
    for item in row.get("ui_instruct") or []:
        category = item.get("task_category") or {}
        tests.append(
            UITest(
                task=item["task"],
                expected_result=item.get("expected_result", ""),
                category=category.get("primary_category", "") if isinstance(category, dict) else str(category),
                subcategories=list(category.get("subcategories") or []) if isinstance(category, dict) else [],
            )
        )
    known = {"id", "instruction", "prompt", "ui_instruct", "application_type"}
    return Case(
        id=str(row.get("id") or f"{index + 1:04d}"),
        prompt=prompt.strip(),
        ui_tests=tests,
        application_type=str(row.get("application_type") or ""),
        source=source,
        metadata={k: v for k, v in row.items() if k not in known},
    )


def load_jsonl(path: str | Path, *, name: str | None = None) -> Dataset:
    """Load a JSONL prompt file; blank lines are skipped, a malformed line names its line number."""
    path = Path(path)
    if not path.is_file():
        raise InvalidInputError(f"No dataset file at {path}; pass a JSONL file or {SMOKE!r}.")
    cases: list[Case] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidInputError(f"{path}:{number}: not valid JSON ({exc.msg}).") from None
        cases.append(case_from_row(row, index=len(cases), source=path.name))
    ids = [case.id for case in cases]
    if len(ids) != len(set(ids)):
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        raise InvalidInputError(f"{path}: duplicate case ids {duplicates[:5]}.")
    if not cases:
        raise InvalidInputError(f"{path} has no cases.")
    return Dataset(name=name or path.stem, cases=cases, source=str(path))


def smoke_dataset() -> Dataset:
    """The built-in smoke set: each template's example prompt, then the contract's example prompts."""
    from ..templates import TEMPLATES

    cases = [
        Case(id=f"template-{t.id}", prompt=t.example_prompt, application_type=t.category, source="templates")
        for t in TEMPLATES
    ]
    cases += [
        Case(id=f"contract-{i}", prompt=prompt, source="contract") for i, prompt in enumerate(CONTRACT_PROMPTS, 1)
    ]
    return Dataset(name=SMOKE, cases=cases, source="built-in")


def load_dataset(name_or_path: str | Path) -> Dataset:
    """``"smoke"`` for the built-in set, otherwise a JSONL file path."""
    if str(name_or_path) == SMOKE:
        return smoke_dataset()
    return load_jsonl(name_or_path)
