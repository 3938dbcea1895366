"""``nexusforge serve``: the hosted API with uvicorn (one process: one checkpointer and database per server)."""

from __future__ import annotations

import os
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        host: Annotated[
            str | None, typer.Option(help="Address to bind (default NEXUSFORGE_HOST or 127.0.0.1).")
        ] = None,
        port: Annotated[int | None, typer.Option(help="Port (default NEXUSFORGE_PORT or 8000).")] = None,
        reload: Annotated[bool, typer.Option(help="Restart when the code changes (development).")] = False,
        log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
        api_only: Annotated[
            bool,
            typer.Option(
                "--api-only",
                help="Run no builds here: queue them on NEXUSFORGE_REDIS_URL for `nexusforge worker` processes.",
            ),
        ] = False,
    ) -> None:
        """Serve the Nexus Forge API (REST, WebSocket, SSE; OpenAPI at /docs)."""
        import uvicorn

        from ..builds.artifact_store import artifacts_problem
        from ..builds.drivers import database_problem, redis_problem
        from ..config import Settings
        from .auth.settings import AuthSettings
        from .settings import ServerSettings

        if api_only:
            os.environ["NEXUSFORGE_API_ONLY"] = "1"  # read by ServerSettings in the app uvicorn creates
        os.environ["NEXUSFORGE_FREEZE_HEAP"] = "1"  # a long-running process: see builds/heap.py
        server = ServerSettings()
        database_url = server.resolved_database_url(Settings())
        redis_url = AuthSettings().redis_url
        artifacts = artifacts_problem(server.resolved_artifacts_dir(Settings()), server.artifacts_url)
        problems = [p for p in (database_problem(database_url), redis_problem(redis_url), artifacts) if p]
        if server.api_only and not redis_url:
            problems.append("--api-only needs NEXUSFORGE_REDIS_URL (redis://host:6379/0): builds are queued there.")
        for problem in problems:  # one line each, before uvicorn would bury it in a traceback
            typer.echo(f"error: {problem}", err=True)
        if problems:
            raise typer.Exit(2)
        bind_host, bind_port = host or server.host, port if port is not None else server.port
        typer.echo(f"Nexus Forge API on http://{bind_host}:{bind_port} (docs at /docs)", err=True)
        uvicorn.run(
            "nexusforge_agents.server:create_app",
            factory=True,
            host=bind_host,
            port=bind_port,
            reload=reload,
            log_level=log_level,
        )
