"""The eval harness: datasets of app requests, evaluators that score built apps, a resumable parallel runner,
and reports (pandas, HTML, JSON) with run-to-run comparison.

    from nexusforge_agents.evals import run_eval, compare, summarize, to_dataframe
    run = await run_eval("evals/datasets/webgen-bench-dev.jsonl", out_dir="runs/dev", jobs=2, limit=5)
    to_dataframe(run); summarize(run)

pandas and tqdm come with the ``evals`` extra.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports
from .dataset import Case, Dataset, UITest, load_dataset, load_jsonl, smoke_dataset
from .evaluators import EvalContext, Evaluator, Score, default_evaluators
from .results import CaseResult, EvalRun

if TYPE_CHECKING:
    from .report import Comparison, compare, save_json, summarize, to_dataframe
    from .report_html import html_report
    from .runner import run_case, run_eval

_LAZY = {
    "run_eval": ".runner",
    "run_case": ".runner",
    "compare": ".report",
    "Comparison": ".report",
    "save_json": ".report",
    "summarize": ".report",
    "to_dataframe": ".report",
    "html_report": ".report_html",
}

__all__ = [
    "Case",
    "CaseResult",
    "Comparison",
    "Dataset",
    "EvalContext",
    "EvalRun",
    "Evaluator",
    "Score",
    "UITest",
    "compare",
    "default_evaluators",
    "html_report",
    "load_dataset",
    "load_jsonl",
    "run_case",
    "run_eval",
    "save_json",
    "smoke_dataset",
    "summarize",
    "to_dataframe",
]


__getattr__ = lazy_exports(__name__, _LAZY, globals())
