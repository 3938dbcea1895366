"""Rich rendering of build events for the CLI: a live progress bar, one line per finished phase."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from .events import BuildCompleted, BuildEvent, ErrorEvent, PhaseCompleted, ProgressUpdate
from .graph.claims import claims_line
from .schemas import BuildResult


class BuildRenderer:
    """Context manager that shows a build's events as they arrive (on stderr, so stdout stays clean)."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("[bold]{task.fields[phase]:<16}"),
            BarColumn(),
            TaskProgressColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
            console=console,
            transient=True,
        )
        self.task = self.progress.add_task("starting", total=100, phase="initializing")

    def __enter__(self) -> BuildRenderer:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def show(self, event: BuildEvent) -> None:
        if isinstance(event, ProgressUpdate):
            description = event.message if len(event.message) < 70 else event.message[:67] + "..."
            self.progress.update(self.task, completed=event.progress, phase=event.phase, description=description)
        elif isinstance(event, PhaseCompleted):
            details = ", ".join(f"{k}={_short(v)}" for k, v in event.results.items())
            took = f" ({event.duration_s:.1f} s)" if event.duration_s is not None else ""
            self.console.print(f"[green]✓[/] {event.phase}{took}: {details}")
            self.progress.update(self.task, completed=event.progress)
        elif isinstance(event, BuildCompleted):
            self.progress.update(self.task, completed=100, phase="completed", description="done")
        elif isinstance(event, ErrorEvent):
            self.console.print(f"[red]✗[/] {event.phase}: {event.error_code}: {event.message}")


def _short(value: Any) -> str:
    text = "+".join(map(str, value)) if isinstance(value, list) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def result_table(result: BuildResult) -> Table:
    table = Table(
        title=f"{result.specification.name if result.specification else 'Build'} ({result.build_time})",
        show_header=False,
    )
    table.add_row("session", result.session_id)
    table.add_row("folder", result.output_dir)
    if result.specification:
        table.add_row("entities", ", ".join(e.name for e in result.specification.entities))
    table.add_row("mockups", f"{len(result.mockups)} PNG in mockups/")
    how = {"app": "recorded from the running app", "mockups": "mockup walk-through"}.get(result.demo_video_source or "")
    note = f": {result.demo_video_note}" if result.demo_video_note else ""
    video = f"{result.demo_video} ({how}{note})" if result.demo_video and how else result.demo_video
    table.add_row("demo video", video or "skipped")
    table.add_row("code", f"{len(result.code_files)} files")
    if result.features:
        table.add_row("features", claims_line(result.features))
    for warning in result.warnings:
        table.add_row("warning", f"[yellow]{warning}[/]")
    if result.tests:
        table.add_row("tests", f"{result.tests.passed_count} passed (repair rounds: {result.repair_rounds})")
    table.add_row("deployment", result.deployment_url or "none")
    per_agent = ", ".join(f"{agent} ${v['cost_usd']:.4f}" for agent, v in result.usage.by_agent.items())
    table.add_row("cost", f"${result.usage.cost_usd:.4f} total ({per_agent})")
    table.add_row("models", ", ".join(f"{a}={m}" for a, m in result.models_by_agent.items()))
    return table


def builds_table(builds: list[Any]) -> Table:
    """``nexusforge builds``: one row per local build, newest first."""
    table = Table(title="Local builds")
    table.add_column("session", no_wrap=True, min_width=36)  # whole: it is what `resume` and `cancel` take
    table.add_column("status", no_wrap=True)
    table.add_column("started", no_wrap=True)
    table.add_column("folder", overflow="fold")  # the prompt is in --json: a table this wide has no room for it
    for build in builds:
        started = build.started_at.astimezone().strftime("%Y-%m-%d %H:%M") if build.started_at else "?"
        table.add_row(build.session_id, build.status, started, build.output_dir or "?")
    return table
