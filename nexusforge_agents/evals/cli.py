"""``nexusforge eval DATASET``: build and score a dataset, print the headline numbers, write the reports."""

from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import NexusForgeError

EXIT_FAILED, EXIT_INVALID, EXIT_INTERRUPTED = 1, 2, 3
PRINTED = (
    ("executability", "executability", "{:.1%}"),
    ("spec_coverage", "spec coverage (mean)", "{:.1%}"),
    ("spec_valid", "spec validity", "{:.1%}"),
    ("colors", "colours honoured (mean)", "{:.1%}"),
    ("frontend_build", "frontend builds", "{:.1%}"),
    ("browser", "browser checks passed (mean)", "{:.1%}"),
    ("claims", "claimed features verified (mean)", "{:.1%}"),
    ("ui_accuracy", "UI-test accuracy (YES + 0.5 PARTIAL) / tests", "{:.1%}"),
    ("ui_checkable_accuracy", "UI-test accuracy over checkable tests", "{:.1%}"),
    ("build_seconds_mean", "build seconds per case (mean)", "{:.1f}"),
    ("calls", "model calls", "{:.0f}"),
    ("tokens", "tokens", "{:.0f}"),
    ("cost_usd", "cost (USD)", "{:.4f}"),
    ("evaluator_errors", "evaluator errors", "{}"),
)


def default_out(dataset: str, provider: str) -> Path:
    stem = Path(dataset).stem if dataset != "smoke" else "smoke"
    return Path.cwd() / "nexusforge-evals" / re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{stem}-{provider}")


def summary_lines(summary: dict[str, Any]) -> list[str]:
    lines = [
        f"cases: {summary.get('cases', 0)} ({summary.get('completed', 0)} built, "
        f"{summary.get('build_failures', 0)} build failures)"
    ]
    for key, label, fmt in PRINTED:
        if key in summary:
            value = summary[key]
            lines.append(f"{label}: {'n/a' if value is None else fmt.format(value)}")
    if summary.get("ui_tests"):
        counts = "{ui_yes} YES, {ui_partial} PARTIAL, {ui_no} NO, {ui_not_checkable} not checkable".format(**summary)
        lines.append(f"UI tests: {summary['ui_tests']} ({counts})")
    phases = summary.get("phase_seconds_mean") or {}
    if phases:
        lines.append("mean seconds per phase: " + ", ".join(f"{k} {v:.1f}" for k, v in phases.items() if v is not None))
    return lines


def register(app: typer.Typer) -> None:
    """Add ``eval`` to the ``nexusforge`` command line."""

    @app.command("eval")
    def eval_command(
        dataset: Annotated[str, typer.Argument(help="A JSONL prompt file (WebGen-Bench shape) or 'smoke'.")],
        provider: Annotated[str, typer.Option(help="Model id every agent uses, e.g. offline.")] = "offline",
        limit: Annotated[int | None, typer.Option(help="Only the first N cases.")] = None,
        jobs: Annotated[int, typer.Option(help="Cases built and scored at once.")] = 2,
        out: Annotated[Path | None, typer.Option(help="Run folder (re-run it to resume).")] = None,
        frontend_build: Annotated[bool, typer.Option(help="Also npm install + npm run build (slow).")] = False,
        no_video: Annotated[bool, typer.Option("--no-video", help="Skip the demo videos.")] = False,
        baseline: Annotated[Path | None, typer.Option(help="A previous run folder to compare with.")] = None,
        quiet: Annotated[bool, typer.Option(help="No progress bar.")] = False,
        queue: Annotated[
            bool,
            typer.Option(
                "--queue",
                help="Put the builds on the job queue for `nexusforge worker` processes (needs NEXUSFORGE_REDIS_URL "
                "and NEXUSFORGE_DATABASE_URL; --out on a folder the workers share). Re-run to resume.",
            ),
        ] = False,
    ) -> None:
        """Build every case of DATASET, score it, and print executability, coverage and UI-test accuracy."""
        from .report import compare, save_json, summarize
        from .report_html import html_report
        from .runner import run_eval

        target = (out or default_out(dataset, provider)).resolve()
        where = "the job queue" if queue else f"jobs {jobs}"
        typer.echo(f"eval {dataset} with {provider} -> {target} ({where})", err=True)
        started = time.perf_counter()
        try:
            run = asyncio.run(
                run_eval(
                    dataset,
                    out_dir=target,
                    provider=provider,
                    jobs=jobs,
                    limit=limit,
                    config={"enable_video_demo": not no_video},
                    frontend_build=frontend_build,
                    progress=not quiet,
                    queue=queue,
                )
            )
        except NexusForgeError as exc:
            typer.echo(f"error {exc.error_code}: {exc.message}", err=True)
            raise typer.Exit(EXIT_INVALID if exc.error_code == "INVALID_INPUT" else EXIT_FAILED) from None
        except KeyboardInterrupt:
            typer.echo("Interrupted. Run the same command again to resume; finished cases are kept.", err=True)
            raise typer.Exit(EXIT_INTERRUPTED) from None
        elapsed = time.perf_counter() - started
        summary = summarize(run)
        save_json(run, target / "summary.json")
        html_report(run, target / "report.html")
        for line in summary_lines(summary):
            typer.echo(line)
        typer.echo(f"wall time: {elapsed:.0f} s; report: {target / 'report.html'}")
        if baseline is not None:
            typer.echo(compare(baseline, run).to_text())
