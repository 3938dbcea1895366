"""``nexusforge models``: every model this process could use, whether it can right now, and what it needs."""

from __future__ import annotations

import json
from typing import Annotated

import typer


def models(
    as_json: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
    available: Annotated[bool, typer.Option("--available", help="Only models that can be used now.")] = False,
) -> None:
    """List every model with its availability and the environment variable it needs."""
    from rich.console import Console
    from rich.table import Table

    from ..config import PRESETS, Settings
    from .catalog import list_models

    settings = Settings()
    entries = [m for m in list_models(settings) if m["status"] == "available" or not available]
    if as_json:
        typer.echo(json.dumps({"models": entries}, indent=2))
        return
    table = Table("model id", "type", "status", "needs", "agents", "notes", title="Models")
    for m in entries:
        model_id = m["model_id"] if m["provider"] != "offline" else f"offline ({m['name']})"
        status = "[green]available[/]" if m["status"] == "available" else "[red]unavailable[/]"
        notes = [f"in use: {', '.join(m['configured_for'])}"] if m.get("configured_for") else []
        if m.get("shutdown"):
            notes.append(f"Google shutdown {m['shutdown']}")
        if m.get("env_note"):
            notes.append("Vertex AI backend")
        if m.get("distribution"):
            notes.append(f"from {m['distribution']} {m.get('version') or ''}".rstrip())
        if m.get("note"):
            notes.append(m["note"])
        needs = m["env_var"] or "nothing"
        table.add_row(model_id, m["type"], status, needs, ", ".join(m.get("agents") or []), "; ".join(notes))
    console = Console()
    console.print(table)
    lineups = "; ".join(f"{name}: {', '.join(f'{a}={m}' for a, m in line.items())}" for name, line in PRESETS.items())
    console.print(f"Presets (NEXUSFORGE_PRESET): {lineups}", highlight=False, soft_wrap=True)
    console.print(
        "Vertex AI backend: GOOGLE_GENAI_USE_VERTEXAI=true plus GOOGLE_CLOUD_PROJECT (application default "
        "credentials) or an express-mode GOOGLE_API_KEY. Gemini text and image models also run on the Developer "
        "API with GEMINI_API_KEY.",
        highlight=False,
        soft_wrap=True,
    )


def register(app: typer.Typer) -> None:
    app.command("models")(models)
