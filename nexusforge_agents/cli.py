"""The ``nexusforge`` command line."""

from __future__ import annotations

import asyncio
import functools
import json
import sys
import uuid
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from .config import BuildConfig, DeployTarget, Settings
from .errors import InvalidInputError, NexusForgeError


class LazyCommands(TyperGroup):
    """The root command group: an extension's commands are imported only when one of them is run (or ``--help``
    lists them), so ``nexusforge models`` does not import the server, the eval harness or the queue worker."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        own = super().list_commands(ctx)
        return [*own, *(name for name in EXTENSION_MODULES if name not in own)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return super().get_command(ctx, cmd_name) or _extension_command(cmd_name)


app = typer.Typer(
    cls=LazyCommands,
    name="nexusforge",
    help="Nexus Forge: one sentence in; a spec, mockups, a demo video, tested code and a deployment out.\n\n"
    "Runs offline by default (no API key needed). Set NEXUSFORGE_MODEL_<AGENT> to use real models.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)
EXIT_FAILED, EXIT_INVALID, EXIT_INTERRUPTED = 1, 2, 3


USAGE_ERRORS = ("INVALID_INPUT", "MODEL_UNAVAILABLE", "TEMPLATE_NOT_FOUND", "VERSION_NOT_FOUND")
"""Refused before anything ran: the command as typed cannot work here (exit 2, like a usage error)."""


def fail(exc: NexusForgeError) -> typer.Exit:
    # escape: messages hold text such as pip install -e ".[gemini]", which rich would take for markup and drop
    err.print(f"[red]error[/] {exc.error_code}: {escape(exc.message)}", highlight=False, soft_wrap=True)
    return typer.Exit(EXIT_INVALID if exc.error_code in USAGE_ERRORS else EXIT_FAILED)


def _output_dir(out: Path | None, session_id: str, force: bool) -> Path:
    target = (out or Path.cwd() / f"nexusforge-build-{session_id[:8]}").resolve()
    if target.exists() and not target.is_dir():
        raise InvalidInputError(f"--out {target} exists and is not a folder.")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise InvalidInputError(f"--out {target} is not empty; choose another folder or pass --force.")
    return target


async def _run(events: Any, as_json: bool, deploy: str) -> int:
    from .cli_render import BuildRenderer, result_table
    from .events import BuildCompleted, ErrorEvent, SpecReady

    outcome: Any = None
    with BuildRenderer(err) as renderer:
        async for event in events:
            renderer.show(event)
            if event.is_terminal or isinstance(event, SpecReady):
                outcome = event
    if isinstance(outcome, SpecReady):
        return await _review(outcome, as_json, deploy)
    if isinstance(outcome, BuildCompleted):
        result = outcome.result
        if as_json:
            typer.echo(result.model_dump_json(indent=2))
        else:
            err.print(result_table(result))
        if deploy == "local" and result.deployment_url and not as_json:
            err.print(f"Serving the app at {result.deployment_url}; press Ctrl+C to stop it.")
            await asyncio.Event().wait()
        return 0
    if isinstance(outcome, ErrorEvent):
        err.print(f"[red]error[/] {outcome.error_code}: {escape(outcome.message)}", highlight=False, soft_wrap=True)
        return EXIT_FAILED
    err.print("Build cancelled.")
    return EXIT_INTERRUPTED


async def _review(ready: Any, as_json: bool, deploy: str) -> int:
    """The plan waits for review (--review): ask, then go on; without an answer it keeps waiting."""
    from .builds.library import stream_resume
    from .builds.review import approve_spec, reject_spec
    from .cli_review import ask_decision

    sid = ready.session_id
    decision = await asyncio.to_thread(ask_decision, err, ready.spec)
    if decision is None:
        if as_json:
            typer.echo(json.dumps(ready.spec, indent=2))
        err.print(f"The plan waits for review: nexusforge approve {sid} [--spec FILE] | nexusforge reject {sid}")
        return 0
    if decision.action == "reject":
        await reject_spec(sid)
        err.print("Plan rejected: build cancelled.")
        return EXIT_INTERRUPTED
    await approve_spec(sid, decision.spec)
    return await _run(stream_resume(sid), as_json, deploy)


def _execute(coro_factory: Any, session_id: str) -> None:
    try:
        code = asyncio.run(coro_factory())
    except NexusForgeError as exc:
        raise fail(exc) from None
    except KeyboardInterrupt:
        err.print(f"Interrupted. Resume with: nexusforge resume {session_id}")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    raise typer.Exit(code)


@app.command()
def build(
    prompt: Annotated[str | None, typer.Argument(help="What to build, in one sentence.")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Folder for the app (must be empty).")] = None,
    template: Annotated[str | None, typer.Option(help="Start from a template (see `nexusforge templates`).")] = None,
    app_name: Annotated[str | None, typer.Option(help="Template customization: the app's name.")] = None,
    color_scheme: Annotated[str | None, typer.Option(help="Template customization: e.g. 'blue'.")] = None,
    feature: Annotated[list[str] | None, typer.Option(help="Extra feature to include (repeatable).")] = None,
    data_source: Annotated[list[str] | None, typer.Option(help="Template customization (repeatable).")] = None,
    no_video: Annotated[bool, typer.Option("--no-video", help="Skip the demo video.")] = False,
    deploy: Annotated[DeployTarget, typer.Option(help="none, local (127.0.0.1) or cloudrun.")] = "none",
    styling: Annotated[str, typer.Option(help="tailwind or css.")] = "tailwind",
    model: Annotated[list[str] | None, typer.Option(help="Per-agent model, e.g. spec=gemini:gemini-2.5-pro.")] = None,
    max_cost: Annotated[float | None, typer.Option(help="Stop before the build costs more (USD).")] = None,
    force: Annotated[bool, typer.Option(help="Allow a non-empty --out folder.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the BuildResult as JSON on stdout.")] = False,
    review: Annotated[bool, typer.Option("--review", help="Show the plan and ask before any code is written.")] = False,
) -> None:
    """Build an app from a one-sentence description."""
    from .builds.library import stream_build
    from .builds.validation import validate_request
    from .templates import apply_template

    session_id = str(uuid.uuid4())
    try:
        models = dict(_pair(m) for m in model or [])
        config = BuildConfig(
            enable_video_demo=not no_video,
            deploy=deploy,
            styling=styling,
            models=models,
            max_cost_usd=max_cost,
            extra_features=feature or [],
            review_spec=review,
        )
        if template:
            custom = {
                "app_name": app_name,
                "color_scheme": color_scheme,
                "data_sources": data_source or [],
                "features": [],
            }
            template_prompt, config = apply_template(template, custom, config)
            prompt = prompt or template_prompt
        elif app_name or color_scheme:
            config = config.model_copy(update={"app_name": app_name, "color_scheme": color_scheme})
        prompt, config = validate_request(prompt, config, Settings())  # refused before anything starts
        target = _output_dir(out, session_id, force)
    except NexusForgeError as exc:
        raise fail(exc) from None
    except ValueError as exc:
        raise fail(InvalidInputError(str(exc))) from None
    err.print(f"Session {session_id} -> {target}", highlight=False)
    _execute(
        lambda: _run(stream_build(prompt, config, session_id=session_id, output_dir=target), as_json, deploy),
        session_id,
    )


def _pair(text: str) -> tuple[str, str]:
    agent, sep, model_id = text.partition("=")
    if not sep or not agent or not model_id:
        raise InvalidInputError(f"--model takes AGENT=MODEL_ID, got {text!r}")
    return agent.strip(), model_id.strip()


@app.command()
def resume(
    session_id: Annotated[str, typer.Argument(help="The session id printed when the build started.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the BuildResult as JSON on stdout.")] = False,
) -> None:
    """Continue an interrupted build from its last checkpoint."""
    from .builds.library import stream_resume

    _execute(lambda: _run(stream_resume(session_id), as_json, "none"), session_id)


@app.command()
def revise(
    target: Annotated[str, typer.Argument(help="The app's folder, or the session id of the build that made it.")],
    request: Annotated[str, typer.Argument(help="What to change, e.g. 'add a due date to tasks'.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the BuildResult as JSON on stdout.")] = False,
) -> None:
    """Make the next version of a built app from a change request: its spec delta, code, tests and mockups."""
    from .builds.revisions import revise as stream_revision
    from .builds.revisions import session_of

    try:
        session_id = session_of(target)
    except NexusForgeError as exc:
        raise fail(exc) from None
    _execute(lambda: _run(stream_revision(session_id, request), as_json, "none"), session_id)


@app.command()
def approve(
    session_id: Annotated[str, typer.Argument(help="A build waiting for its plan to be reviewed.")],
    spec: Annotated[Path | None, typer.Option("--spec", help="Approve this edited spec (JSON file) instead.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the BuildResult as JSON on stdout.")] = False,
) -> None:
    """Approve a build's plan (as it is, or the edited --spec) and build it."""
    from .builds.library import stream_resume
    from .builds.review import approve_spec

    async def go() -> int:
        edited = json.loads(spec.read_text(encoding="utf-8")) if spec else None
        await approve_spec(session_id, edited)
        return await _run(stream_resume(session_id), as_json, "none")

    try:
        _execute(go, session_id)
    except (OSError, ValueError) as exc:  # an unreadable or non-JSON --spec file
        raise fail(InvalidInputError(f"--spec {spec}: {exc}")) from None


@app.command()
def reject(session_id: Annotated[str, typer.Argument(help="A build waiting for its plan to be reviewed.")]) -> None:
    """Reject a build's plan: the build ends cancelled."""
    from .builds.review import reject_spec

    try:
        asyncio.run(reject_spec(session_id))
    except NexusForgeError as exc:
        raise fail(exc) from None
    typer.echo("cancelled")


@app.command("builds")
def list_builds(
    as_json: Annotated[bool, typer.Option("--json", help="Print the list as JSON on stdout.")] = False,
) -> None:
    """List the builds recorded under NEXUSFORGE_HOME (session, status, folder, started), newest first."""
    from .builds.history import list_local_builds
    from .cli_render import builds_table

    settings = Settings()
    builds = asyncio.run(list_local_builds(settings))
    if as_json:
        typer.echo(json.dumps([b.model_dump(mode="json") for b in builds], indent=2))
        return
    if not builds:
        err.print(
            f'No builds recorded in {settings.checkpoint_path}; start one with: nexusforge build "..."',
            highlight=False,
            soft_wrap=True,
        )
        return
    out = Console()
    out.print(builds_table(builds))
    out.print("Continue an unfinished one with: nexusforge resume SESSION", highlight=False)


@app.command()
def cancel(session_id: Annotated[str, typer.Argument(help="An interrupted build's session id.")]) -> None:
    """Mark an interrupted build cancelled so it is never resumed."""
    from .builds.library import cancel_build

    try:
        changed = asyncio.run(cancel_build(session_id))
    except NexusForgeError as exc:
        raise fail(exc) from None
    typer.echo("cancelled" if changed else "already finished; nothing to cancel")


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def deploy(
    ctx: typer.Context,
    app_dir: Annotated[Path, typer.Argument(help="A build's output folder (with spec.json and a Dockerfile).")],
) -> None:
    """Deploy a built app to Cloud Run (see docs/cloudrun.md).

    Options: --environment NAME, --domain DOMAIN, --min-instances N, --max-instances N, --cpu 1000m, --memory 512Mi.
    """
    from .tools.cloudrun import main as cloudrun_main

    raise typer.Exit(cloudrun_main([str(app_dir), *ctx.args]))


@app.command()
def templates(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """List the app templates and their example prompts."""
    from rich.table import Table

    from .templates import TEMPLATES

    if as_json:
        typer.echo(json.dumps([t.model_dump() for t in TEMPLATES], indent=2))
        return
    table = Table("id", "name", "category", "example prompt")
    for t in TEMPLATES:
        table.add_row(t.id, t.name, t.category, t.example_prompt)
    Console().print(table)


@app.command()
def settings() -> None:
    """Show the effective settings (from NEXUSFORGE_* environment variables)."""
    typer.echo(Settings().model_dump_json(indent=2))


def main() -> None:
    app(prog_name="nexusforge")


# Command groups that live next to their feature, and the extra each needs.
EXTENSIONS = {
    "server.cli": ("server", ["serve"]),
    "server.auth.cli": ("server", ["users", "keys"]),
    "evals.cli": ("evals", ["eval"]),
    "providers.cli": (None, ["models"]),
    "cli_versions": (None, ["history", "diff", "rollback"]),
    "cli_worker": (None, ["worker"]),
}


EXTENSION_MODULES = {command: module for module, (_, commands) in EXTENSIONS.items() for command in commands}


@functools.cache
def _extension_command(name: str) -> click.Command | None:
    module = EXTENSION_MODULES.get(name)
    if module is None:
        return None
    holder = typer.Typer()
    _extension_registrar(module)(holder)
    return typer.main.get_group(holder).commands.get(name)


def _extension_registrar(module: str) -> Any:
    """The ``register(app)`` of an extension module, or one that explains which extra its commands need."""
    import importlib

    extra, commands = EXTENSIONS[module]
    try:
        return importlib.import_module(f".{module}", __package__).register
    except ImportError as exc:  # the feature's extra is not installed: its commands say how to get it
        if extra is None:
            raise
        return _needs_extra(extra, commands, str(exc))


def _needs_extra(extra: str, commands: list[str], reason: str) -> Any:
    def register(target: typer.Typer) -> None:
        for name in commands:
            target.command(name, help=f'(needs: pip install "nexusforge-agents\\[{extra}]")')(
                _explain_missing(name, extra, reason)
            )

    return register


def _explain_missing(name: str, extra: str, reason: str) -> Any:
    def explain() -> None:
        err.print(f"error: `nexusforge {name}` needs the {extra} extra: {reason}", markup=False, highlight=False)
        raise typer.Exit(EXIT_INVALID)

    return explain


if __name__ == "__main__":
    sys.exit(main())
