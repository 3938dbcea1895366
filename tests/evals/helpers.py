"""Building EvalContexts and BuildResults for evaluator tests."""

from __future__ import annotations

from pathlib import Path

from nexusforge_agents.evals.dataset import Case, UITest
from nexusforge_agents.evals.evaluators import EvalContext
from nexusforge_agents.schemas import AppSpec, BuildResult, BuildStatus, TestReport, Usage

from .apps import notes_spec

PROMPT = (
    "Build a note keeper where users write notes with a title, a body, a category and a priority, "
    "and search them. Set the background color to white and the component color to navy."
)


def build_result(
    app_dir: Path | None, spec: AppSpec | None = None, *, tests_pass: bool | None = True, seconds: float = 12.5
) -> BuildResult:
    report = None if tests_pass is None else TestReport(passed=tests_pass, exit_code=0 if tests_pass else 1)
    return BuildResult(
        session_id="s-1",
        status=BuildStatus.COMPLETED,
        specification=spec or notes_spec(),
        tests=report,
        build_time_seconds=seconds,
        phase_times={"generating_spec": 0.5, "building": 8.0, "optimizing": 4.0},
        usage=Usage(calls=5, tokens_in=1200, tokens_out=3400, cost_usd=0.0123),
        models_by_agent={"spec": "offline-spec-1"},
        output_dir=str(app_dir or ""),
    )


def context(
    app_dir: Path | None,
    *,
    prompt: str = PROMPT,
    ui_tests: list[str] | None = None,
    spec: AppSpec | None = None,
    tests_pass: bool | None = True,
    build_error: str | None = None,
) -> EvalContext:
    case = Case(id="c1", prompt=prompt, ui_tests=[UITest(task=t) for t in ui_tests or []])
    result = None if build_error else build_result(app_dir, spec, tests_pass=tests_pass)
    return EvalContext(case=case, app_dir=app_dir, result=result, build_error=build_error)
