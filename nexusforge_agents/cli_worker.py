"""``nexusforge worker``: a queue worker of a scaled-out deployment (see docs/scaling.md)."""

from __future__ import annotations

import asyncio
import logging
import signal
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def worker(
        concurrency: Annotated[
            int | None,
            typer.Option(min=1, max=1000, help="Builds run at once (default NEXUSFORGE_WORKER_CONCURRENCY or 4)."),
        ] = None,
        log_level: Annotated[str, typer.Option(help="Log level (debug, info, warning, error).")] = "info",
    ) -> None:
        """Run builds from the job queue. Needs NEXUSFORGE_REDIS_URL and the API's NEXUSFORGE_DATABASE_URL;
        SIGTERM or Ctrl-C hands running builds back to the queue (another worker resumes them)."""
        from pydantic import ValidationError

        from .builds.artifact_store import artifacts_problem
        from .builds.drivers import database_problem
        from .builds.process_settings import ProcessSettings
        from .builds.queue_settings import QueueSettings
        from .config import Settings

        try:
            queue_settings, process = QueueSettings(), ProcessSettings()
            queue_settings.require_redis_url("nexusforge worker")
        except (ValueError, ValidationError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
        settings = Settings()
        artifacts = artifacts_problem(process.resolved_artifacts_dir(settings), process.artifacts_url)
        if problem := database_problem(process.resolved_database_url(settings)) or artifacts:
            typer.echo(f"error: {problem}", err=True)
            raise typer.Exit(2)
        try:
            from .builds.scaleout import run_worker
        except ImportError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
        logging.basicConfig(level=log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")

        async def main() -> None:
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(signum, stop.set)
            await run_worker(stop, settings=settings, queue_settings=queue_settings, concurrency=concurrency)

        typer.echo("Nexus Forge worker: taking builds from the queue (Ctrl-C hands them back)", err=True)
        asyncio.run(main())
