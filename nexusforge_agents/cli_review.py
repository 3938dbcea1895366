"""The review gate in a terminal: show the plan, then approve it, edit it in ``$EDITOR`` or cancel the build."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .errors import InvalidInputError
from .spec_review import SpecDecision, decision_of

CHOICES = "[a]pprove, [e]dit in $EDITOR, [c]ancel the build"


def plan_table(spec: dict[str, Any]) -> Table:
    """The plan as a person reviews it: pages, entities with their fields, features."""
    table = Table("", "the plan", title=f"{spec.get('name', '')}: {spec.get('description', '')}", show_lines=True)
    pages = [f"{p.get('name')} ({p.get('route')})" for p in spec.get("pages") or []] or spec.get("ui_components", [])
    table.add_row("pages", escape(", ".join(pages)))
    entities = [
        f"{e['name']}: " + ", ".join(f"{f['name']} ({f.get('type', 'string')})" for f in e.get("fields", []))
        for e in spec.get("entities", [])
    ]
    table.add_row("entities", escape("\n".join(entities)))
    features = [f.get("name", "") if isinstance(f, dict) else str(f) for f in spec.get("features", [])]
    table.add_row("features", escape("\n".join(features)))
    return table


def ask_decision(console: Console, spec: dict[str, Any]) -> SpecDecision | None:
    """Ask until the person approves (the plan as shown, edits included) or cancels; None without an answer
    (no input: a script), so the plan keeps waiting."""
    edited: dict[str, Any] | None = None
    while True:
        console.print(plan_table(edited or spec))
        try:
            choice = typer.prompt(CHOICES, default="a", err=True).strip().lower()[:1]
        except typer.Abort:
            return None
        if choice == "a":
            return decision_of("approve", edited)
        if choice == "c":
            return decision_of("reject")
        if choice == "e":
            edited = _edit(console, edited or spec) or edited


def _edit(console: Console, spec: dict[str, Any]) -> dict[str, Any] | None:
    original = json.dumps(spec, indent=2)
    with tempfile.TemporaryDirectory(prefix="nexusforge-plan-") as folder:
        path = Path(folder, "spec.json")
        path.write_text(original, encoding="utf-8")
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        try:
            subprocess.run([*shlex.split(editor), str(path)], check=True)
        except (OSError, subprocess.CalledProcessError) as exc:
            console.print(f"[red]The editor ({escape(editor)}) failed[/]: {escape(str(exc))}; the plan is unchanged.")
            return None
        text = path.read_text(encoding="utf-8")
    if text == original:
        console.print("No change.")
        return None
    try:
        candidate = json.loads(text)
        decision_of("edit", candidate)  # validated now, so a bad edit is explained here and changes nothing
    except json.JSONDecodeError as exc:
        console.print(f"[red]Not JSON[/]: {escape(str(exc))}; the plan is unchanged.")
        return None
    except InvalidInputError as exc:
        console.print(f"[red]{exc.error_code}[/]: {escape(exc.message)}; the plan is unchanged.")
        return None
    return candidate
