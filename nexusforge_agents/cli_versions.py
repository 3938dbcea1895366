"""``nexusforge history | diff | rollback``: an app folder's versions from the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from .cli import fail
from .errors import NexusForgeError
from .versions import Version, diff, history, rollback

Folder = Annotated[Path, typer.Argument(help="An app's folder (a build's output folder).")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")]


def show_history(folder: Folder, as_json: AsJson = False) -> None:
    """List the app's versions, oldest first: v1 is the build, then one per revision or rollback."""
    try:
        versions = history(folder)
    except NexusForgeError as exc:
        raise fail(exc) from None
    if as_json:
        typer.echo(json.dumps([v.model_dump(mode="json") for v in versions], indent=2))
        return
    if not versions:
        typer.echo(f"{folder} has no versions yet (a build records v1 when it completes).", err=True)
        return
    table = Table("version", "created (UTC)", "files", "request")
    for version in versions:
        table.add_row(
            version.tag,
            version.created_at.strftime("%Y-%m-%d %H:%M:%S"),
            _file_counts(version),
            version.message,
        )
    Console().print(table)


def show_diff(
    folder: Folder,
    version_a: Annotated[str | None, typer.Argument(help="From this version (default: the one before B).")] = None,
    version_b: Annotated[str | None, typer.Argument(help="To this version (default: the latest).")] = None,
    as_json: AsJson = False,
) -> None:
    """Print what changed between two versions as a unified diff (no versions given: what the latest changed)."""
    try:
        change = diff(folder, version_a, version_b)
    except NexusForgeError as exc:
        raise fail(exc) from None
    if as_json:
        typer.echo(change.model_dump_json(indent=2))
        return
    before = f"v{change.from_version}" if change.from_version else "the empty folder"
    summary = ", ".join(f"{f.change} {f.path}" for f in change.files) or "no file changed"
    typer.echo(f"{before} -> v{change.to_version}: {summary}", err=True)
    typer.echo(change.unified, nl=False)


def roll_back(
    folder: Folder,
    version: Annotated[str, typer.Argument(help="The version whose files to restore, e.g. v2.")],
    as_json: AsJson = False,
) -> None:
    """Restore an earlier version's files as a NEW version (nothing is lost; edits made by hand are saved first)."""
    try:
        made = rollback(folder, version)
    except NexusForgeError as exc:
        raise fail(exc) from None
    if as_json:
        typer.echo(made.model_dump_json(indent=2))
        return
    typer.echo(f"{made.tag}: {made.message} ({_file_counts(made)})")


def _file_counts(version: Version) -> str:
    counts = {kind: sum(f.change == kind for f in version.files_changed) for kind in ("added", "modified", "deleted")}
    return ", ".join(f"{n} {kind}" for kind, n in counts.items() if n) or "no change"


def register(app: typer.Typer) -> None:
    app.command("history")(show_history)
    app.command("diff")(show_diff)
    app.command("rollback")(roll_back)
