"""What a run leaves behind: one ``result.json`` per case folder and a ``run.json`` describing the run.

Everything a report or a comparison needs is in these files, so a run can be reloaded (``EvalRun.load``) in
another process, a notebook or CI, long after the builds finished. The tables and headline numbers of a run are
``report.to_dataframe(run)`` and ``report.summarize(run)``: the report reads results, never the other way round.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from .evaluators.base import Score

RUN_FILE = "run.json"
CASE_FILE = "result.json"
CASES_DIR = "cases"
APP_DIR = "app"
CaseStatus = Literal["completed", "build_failed", "error"]


class CaseResult(BaseModel):
    """One case's build outcome and scores."""

    case_id: str
    prompt: str
    application_type: str = ""
    status: CaseStatus
    build_error: str | None = None
    build: dict[str, Any] = Field(default_factory=dict, description="The BuildResult without its code files.")
    scores: dict[str, Score] = Field(default_factory=dict)
    eval_seconds: float = 0.0
    case_seconds: float = 0.0
    finished_at: float = 0.0

    def value(self, name: str) -> float | None:
        score = self.scores.get(name)
        return score.value if score and not score.error else None


class EvalRun(BaseModel):
    """A run: its description (dataset, provider, options) and its cases' results, in dataset order."""

    out_dir: str
    meta: dict[str, Any] = Field(default_factory=dict)
    results: list[CaseResult] = Field(default_factory=list)

    @property
    def name(self) -> str:
        return str(self.meta.get("name") or Path(self.out_dir).name)

    @classmethod
    def load(cls, out_dir: str | Path) -> EvalRun:
        """Read a run folder; cases still unfinished are simply absent."""
        out = Path(out_dir)
        meta = json.loads((out / RUN_FILE).read_text()) if (out / RUN_FILE).is_file() else {}
        order = {case_id: i for i, case_id in enumerate(meta.get("case_ids", []))}
        results = [
            CaseResult.model_validate_json(p.read_text()) for p in sorted((out / CASES_DIR).glob(f"*/{CASE_FILE}"))
        ]
        results.sort(key=lambda r: (order.get(r.case_id, len(order)), r.case_id))
        return cls(out_dir=str(out.resolve()), meta=meta, results=results)


def write_json(path: Path, data: str) -> None:
    """Write atomically: a crash never leaves a half-written result that a re-run would take as finished."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(data, encoding="utf-8")
    os.replace(tmp, path)
