"""Run results as a pandas DataFrame, a summary, JSON, and a comparison of two runs.

Headline numbers:
- executability: share of all cases (failed builds included) whose backend imports, boots, serves health and
  CRUD for every entity and passes its own tests;
- spec coverage: mean over cases with a spec (failed builds count 0);
- UI-test accuracy: pooled over every UI test of the run, (YES + 0.5 PARTIAL) / tests, the WebGen-Bench
  formula; tests we cannot check count as not passed. ``ui_checkable_accuracy`` leaves them out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .evaluators.ui_tests import accuracy, checkable_accuracy
from .results import EvalRun

VERDICTS = ("YES", "PARTIAL", "NO", "NOT_CHECKABLE")
LOWER_IS_BETTER = frozenset(
    {
        "build_seconds_mean",
        "build_seconds_total",
        "build_seconds",
        "cost_usd",
        "tokens",
        "calls",
        "build_failures",
        "evaluator_errors",
        "ui_no",
        "ui_not_checkable",
    }
)


def to_dataframe(run: EvalRun) -> pd.DataFrame:
    """One row per case: status, every score's value, UI-test verdict counts, time per phase, usage."""
    rows = []
    for r in run.results:
        ui = r.scores.get("ui_tests")
        execution = r.scores.get("executability")
        usage = r.scores.get("usage")
        row: dict[str, Any] = {
            "case_id": r.case_id,
            "application_type": r.application_type,
            "status": r.status,
            "build_seconds": r.build.get("build_time_seconds"),
            "case_seconds": r.case_seconds,
        }
        for name, score in r.scores.items():
            if name != "usage":
                row[name] = None if score.error else score.value
        stages = execution.details.get("stages", {}) if execution else {}
        row["crud_rate"] = execution.details.get("crud_rate") if execution else None
        row["own_tests"] = stages.get("own_tests")
        for verdict in VERDICTS:
            row[f"ui_{verdict.lower()}"] = ui.details.get(verdict, 0) if ui else 0
        row["ui_total"] = sum(row[f"ui_{v.lower()}"] for v in VERDICTS)
        details = usage.details if usage else {}
        row["calls"] = details.get("calls")
        row["tokens"] = details.get("tokens")
        row["cost_usd"] = details.get("cost_usd")
        for phase, seconds in (details.get("phase_times") or {}).items():
            row[f"phase_{phase}"] = seconds
        row["evaluator_errors"] = sum(1 for s in r.scores.values() if s.error)
        rows.append(row)
    return pd.DataFrame(rows)


def _mean(series: pd.Series | None) -> float | None:
    if series is None:
        return None
    values = pd.to_numeric(series, errors="coerce").dropna()
    return float(values.mean()) if len(values) else None


def summarize(run: EvalRun) -> dict[str, Any]:
    """The run's headline numbers (see the module docstring for how each is computed)."""
    df = to_dataframe(run)
    n = len(df)
    out: dict[str, Any] = {"name": run.name, "cases": n}
    if not n:
        return out
    out["completed"] = int((df["status"] == "completed").sum())
    out["build_failures"] = n - out["completed"]
    for name in ("executability", "spec_valid", "frontend_build"):
        if name in df:
            out[name] = float(pd.to_numeric(df[name], errors="coerce").fillna(0).mean())
    for name in ("browser", "claims"):  # None (no Chromium) is not measured, not a zero
        if name in df:
            out[name] = _mean(df[name])
    if "spec_coverage" in df:
        out["spec_coverage"] = float(pd.to_numeric(df["spec_coverage"], errors="coerce").fillna(0).mean())
    out["colors"] = _mean(df.get("colors"))
    counts = {v: int(df[f"ui_{v.lower()}"].sum()) for v in VERDICTS}
    out["ui_tests"] = sum(counts.values())
    out |= {f"ui_{v.lower()}": c for v, c in counts.items()}
    out["ui_accuracy"] = accuracy(counts)
    out["ui_checkable_accuracy"] = checkable_accuracy(counts)
    out["build_seconds_mean"] = _mean(df["build_seconds"])
    out["build_seconds_total"] = float(pd.to_numeric(df["build_seconds"], errors="coerce").fillna(0).sum())
    out["phase_seconds_mean"] = {c.removeprefix("phase_"): _mean(df[c]) for c in df.columns if c.startswith("phase_")}
    for name in ("calls", "tokens", "cost_usd"):
        out[name] = float(pd.to_numeric(df[name], errors="coerce").fillna(0).sum())
    out["evaluator_errors"] = int(df["evaluator_errors"].sum())
    out["wall_seconds"] = run.meta.get("wall_seconds_last_session")
    return out


def save_json(run: EvalRun, path: str | Path) -> Path:
    """Summary, per-case rows and every score with its reason: everything ``compare`` and CI need."""
    path = Path(path)
    data = {
        "meta": run.meta,
        "summary": summarize(run),
        "cases": [r.model_dump(mode="json") for r in run.results],
    }
    path.write_text(json.dumps(data, indent=2, default=str), encoding="utf-8")
    return path


def _as_run(run: EvalRun | str | Path) -> EvalRun:
    return run if isinstance(run, EvalRun) else EvalRun.load(run)


CASE_METRICS = (
    "executability",
    "spec_valid",
    "spec_coverage",
    "colors",
    "frontend_build",
    "ui_tests",
    "browser",
    "claims",
)


@dataclass
class Comparison:
    """What changed from run ``a`` to run ``b``: headline metrics and per-case metrics."""

    a: str
    b: str
    metrics: pd.DataFrame
    cases: pd.DataFrame

    @property
    def improved(self) -> pd.DataFrame:
        return self.cases[self.cases["change"] == "better"]

    @property
    def regressed(self) -> pd.DataFrame:
        return self.cases[self.cases["change"] == "worse"]

    def to_text(self) -> str:
        lines = [f"{self.a} -> {self.b}"]
        for row in self.metrics.itertuples():
            lines.append(f"  {row.metric:24} {_fmt(row.a):>10} -> {_fmt(row.b):>10}  {row.change}")
        lines.append(f"  cases better: {len(self.improved)}, worse: {len(self.regressed)}")
        for row in self.regressed.head(20).itertuples():
            lines.append(f"    worse  {row.case_id} {row.metric}: {_fmt(row.a)} -> {_fmt(row.b)}")
        for row in self.improved.head(20).itertuples():
            lines.append(f"    better {row.case_id} {row.metric}: {_fmt(row.a)} -> {_fmt(row.b)}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return (
            f"<h4>{self.a} &rarr; {self.b}</h4>"
            + self.metrics.to_html(index=False, na_rep="")
            + "<h4>Cases that changed</h4>"
            + self.cases[self.cases["change"] != "same"].to_html(index=False, na_rep="")
        )


def _fmt(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "-"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _change(metric: str, a: Any, b: Any) -> str:
    if a is None or b is None or pd.isna(a) or pd.isna(b) or abs(float(a) - float(b)) < 1e-9:
        return "same" if (a is None) == (b is None) else "n/a"
    lower = metric in LOWER_IS_BETTER or metric.startswith("phase_")
    return "better" if (float(b) < float(a)) == lower else "worse"


def compare(run_a: EvalRun | str | Path, run_b: EvalRun | str | Path) -> Comparison:
    """Compare two runs (objects or folders): which headline numbers and which cases got better or worse."""
    a, b = _as_run(run_a), _as_run(run_b)
    sa, sb = summarize(a), summarize(b)
    rows = []
    for metric in sa.keys() | sb.keys():
        va, vb = sa.get(metric), sb.get(metric)
        if isinstance(va, int | float) or isinstance(vb, int | float):
            if metric in ("cases", "wall_seconds") or isinstance(va, bool):
                continue
            delta = None if va is None or vb is None else float(vb) - float(va)
            rows.append({"metric": metric, "a": va, "b": vb, "delta": delta, "change": _change(metric, va, vb)})
    metrics = pd.DataFrame(rows).sort_values("metric", ignore_index=True)
    da, db = to_dataframe(a), to_dataframe(b)
    case_rows = []
    if len(da) and len(db):
        joined = da.merge(db, on="case_id", suffixes=("_a", "_b"))
        for metric in CASE_METRICS:
            if f"{metric}_a" not in joined or f"{metric}_b" not in joined:
                continue
            for row in joined.itertuples():
                va, vb = getattr(row, f"{metric}_a"), getattr(row, f"{metric}_b")
                case_rows.append(
                    {"case_id": row.case_id, "metric": metric, "a": va, "b": vb, "change": _change(metric, va, vb)}
                )
    cases = pd.DataFrame(case_rows, columns=["case_id", "metric", "a", "b", "change"])
    return Comparison(a.name, b.name, metrics, cases)
