"""Running an eval: build every case (in parallel, up to ``jobs`` at once), score it, store it, resumably.

Each case lives in its own folder ``<out>/cases/<case id>/``: the app under ``app/`` and the scores in
``result.json``. A re-run over the same ``out`` skips the cases whose ``result.json`` exists and redoes the
others from a clean folder, so an interrupted run (Ctrl+C, a crash, a closed laptop) picks up where it stopped.
All builds of a run share one checkpointer, under ``<out>/.nexusforge``.

With ``queue=True`` the builds go to the job queue instead and ``nexusforge worker`` processes run them
(``queued.py``); the harness follows each one and scores it here, with the same evaluators.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import shutil
import time
import traceback
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from ..config import MODEL_AGENTS, BuildConfig, Settings
from ..errors import InvalidInputError, NexusForgeError
from ..schemas import BuildResult
from ..tools.local_records import records_dir, stop_orphans
from .dataset import Case, Dataset, load_dataset
from .evaluators import EvalContext, Evaluator, Score, default_evaluators, running_backend
from .results import APP_DIR, CASE_FILE, CASES_DIR, RUN_FILE, CaseResult, EvalRun, write_json

log = logging.getLogger(__name__)

_COMPARABLE = ("dataset", "provider", "config")
CaseBuilder = Callable[[Case, Path], Awaitable[BuildResult]]
"""Builds one case into ``<case folder>/app`` and returns its result (raises its error); it decides whether the
case folder starts clean."""


def build_config_for(provider: str, config: BuildConfig | dict[str, Any] | None) -> BuildConfig:
    """The case builds' config: the given one, every agent on ``provider``, no deployment (the harness boots)."""
    base = config if isinstance(config, BuildConfig) else BuildConfig.model_validate(config or {})
    return base.model_copy(update={"models": dict.fromkeys(MODEL_AGENTS, provider), "deploy": "none"})


def _start_run(out: Path, meta: dict[str, Any]) -> dict[str, Any]:
    path = out / RUN_FILE
    if path.is_file():
        old = json.loads(path.read_text())
        changed = [k for k in _COMPARABLE if old.get(k) != meta.get(k)]
        if changed:
            raise InvalidInputError(
                f"{out} holds a run with a different {', '.join(changed)}; resume it with the same options "
                "or pass another --out."
            )
        meta = {**old, "case_ids": meta["case_ids"], "resumed_at": time.time(), "jobs": meta["jobs"]}
    out.mkdir(parents=True, exist_ok=True)
    write_json(path, json.dumps(meta, indent=2))
    return meta


async def run_eval(
    dataset: Dataset | str | Path,
    *,
    out_dir: str | Path,
    provider: str = "offline",
    jobs: int = 2,
    limit: int | None = None,
    config: BuildConfig | dict[str, Any] | None = None,
    evaluators: list[Evaluator] | None = None,
    frontend_build: bool = False,
    settings: Settings | None = None,
    progress: bool = True,
    name: str | None = None,
    queue: bool = False,
) -> EvalRun:
    """Build and score ``dataset`` (a ``Dataset``, ``"smoke"`` or a JSONL path) into ``out_dir``; resumable.
    ``queue``: submit the builds to the job queue (NEXUSFORGE_REDIS_URL, NEXUSFORGE_DATABASE_URL) for
    ``nexusforge worker`` processes; ``jobs`` then bounds how many cases are scored at once."""
    if jobs < 1:
        raise InvalidInputError("--jobs must be at least 1.")
    data = (dataset if isinstance(dataset, Dataset) else load_dataset(dataset)).head(limit)
    out = Path(out_dir).resolve()
    build_config = build_config_for(provider, config)
    settings = (settings or Settings()).model_copy(update={"home": out / ".nexusforge"})
    # Backends a killed run of this folder booted for scoring and left running (kill -9 runs no clean-up).
    if stopped := await asyncio.to_thread(stop_orphans, records_dir(settings.home)):
        log.warning(
            "stopped %d app(s) a previous run left running: %s", len(stopped), ", ".join(r.key for r in stopped)
        )
    evaluators = (
        evaluators
        if evaluators is not None
        else default_evaluators(frontend_build=frontend_build, npm_cache=out / ".npm-cache")
    )
    meta = _start_run(
        out,
        {
            "name": name or out.name,
            "dataset": data.name,
            "dataset_source": data.source,
            "provider": provider,
            "config": build_config.model_dump(mode="json"),
            "evaluators": [e.name for e in evaluators],
            "jobs": jobs,
            "queue": queue,
            "case_ids": data.ids(),
            "started_at": time.time(),
        },
    )
    todo = [c for c in data if not (out / CASES_DIR / c.folder_name / CASE_FILE).is_file()]
    started = time.perf_counter()
    bar = _progress(len(data), len(data) - len(todo), progress)
    gate = asyncio.Semaphore(jobs)

    async def one(case: Case, build: CaseBuilder, *, builds_elsewhere: bool = False) -> None:
        if builds_elsewhere:  # only the scoring runs here: at most ``jobs`` at once
            result = await run_case(case, out, evaluators, settings, build, scoring_gate=gate)
        else:
            async with gate:
                result = await run_case(case, out, evaluators, settings, build)
        bar.update(1)
        bar.set_postfix_str(f"{case.id}: {result.status}", refresh=False)

    try:
        if queue:
            from .queued import open_queued_cases

            async with open_queued_cases(out, settings, build_config) as queued:
                await queued.submit(todo)  # all at once, so they spread over the workers
                await asyncio.gather(*(one(case, queued.follow, builds_elsewhere=True) for case in todo))
        else:
            build = _local_builder(build_config, settings)
            await asyncio.gather(*(one(case, build) for case in todo))
    finally:
        bar.close()
    meta["finished_at"] = time.time()
    meta["wall_seconds_last_session"] = round(time.perf_counter() - started, 1)
    write_json(out / RUN_FILE, json.dumps(meta, indent=2))
    return EvalRun.load(out)


def _progress(total: int, done: int, enabled: bool) -> Any:
    from tqdm.auto import tqdm

    return tqdm(total=total, initial=done, desc="eval", unit="case", disable=not enabled, dynamic_ncols=True)


def _local_builder(config: BuildConfig, settings: Settings) -> CaseBuilder:
    """Each case built in this process, in a clean folder."""

    async def build(case: Case, folder: Path) -> BuildResult:
        from ..builds import library

        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        return await library.build_app(
            case.prompt,
            config,
            session_id=f"eval-{case.folder_name}-{uuid.uuid4().hex[:8]}",
            output_dir=folder / APP_DIR,
            settings=settings,
        )

    return build


async def run_case(
    case: Case,
    out: Path,
    evaluators: list[Evaluator],
    settings: Settings,
    build: CaseBuilder,
    *,
    scoring_gate: asyncio.Semaphore | None = None,
) -> CaseResult:
    """Build one case with ``build``, score it, write its ``result.json``. ``scoring_gate``: held while scoring only
    (the queue's builds run elsewhere; the scoring runs here)."""
    folder = out / CASES_DIR / case.folder_name
    app_dir = folder / APP_DIR
    started = time.perf_counter()
    result: BuildResult | None = None
    build_error, status = None, "completed"
    try:
        result = await build(case, folder)
    except NexusForgeError as exc:
        build_error, status = f"{exc.error_code}: {exc.message}", "build_failed"
    except Exception as exc:  # a crash in one build must not stop the other cases; it is recorded as such
        build_error, status = f"{type(exc).__name__}: {exc}", "error"
    folder.mkdir(parents=True, exist_ok=True)
    built_at = time.perf_counter()
    ctx = EvalContext(
        case=case,
        app_dir=app_dir,
        result=result,
        build_error=build_error,
        python=settings.app_python,
        records=records_dir(settings.home),
    )
    async with scoring_gate or contextlib.nullcontext():
        scores = await score_case(ctx, evaluators)
    record = CaseResult(
        case_id=case.id,
        prompt=case.prompt,
        application_type=case.application_type,
        status=status,  # type: ignore[arg-type]
        build_error=build_error,
        build=result.model_dump(mode="json", exclude={"code_files"}) if result else {},
        scores=scores,
        eval_seconds=round(time.perf_counter() - built_at, 2),
        case_seconds=round(time.perf_counter() - started, 2),
        finished_at=time.time(),
    )
    write_json(folder / CASE_FILE, record.model_dump_json(indent=2))
    return record


async def score_case(ctx: EvalContext, evaluators: list[Evaluator]) -> dict[str, Score]:
    """Run the offline evaluators, then boot the backend once for the live ones."""
    scores: dict[str, Score] = {}
    for evaluator in [e for e in evaluators if not e.needs_server]:
        scores[evaluator.name] = await _safely(evaluator, ctx)
    live = [e for e in evaluators if e.needs_server]
    if live:
        async with running_backend(ctx):
            for evaluator in live:
                scores[evaluator.name] = await _safely(evaluator, ctx)
    return scores


async def _safely(evaluator: Evaluator, ctx: EvalContext) -> Score:
    try:
        return await evaluator.evaluate(ctx)
    except (asyncio.CancelledError, KeyboardInterrupt):
        raise
    except Exception as exc:  # a harness bug shows up in the report as an error, not as a score of 0
        detail = traceback.format_exc()[-2000:]
        return Score(
            name=evaluator.name,
            value=None,
            reason=f"evaluator crashed: {type(exc).__name__}: {exc}",
            error=True,
            details={"traceback": detail},
        )
