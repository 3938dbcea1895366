"""``create_app``: the hosted API over the Starri graph, built from routers per resource.

The lifespan opens the process's resources once: the database (tables created if missing) and the library's
``BuildService`` over the in-process runner (by default its graph work runs in a build-worker subprocess;
``inline`` runs it in this event loop); the service resumes the builds a previous process left running.
Shutdown stops running builds without marking them, so the next start resumes them. Serve one API process per
home and database.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import AsyncIterator

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

from .. import __version__
from ..builds.db import Database
from ..builds.deployments import stop_orphaned_deployments
from ..builds.executors import warm_up
from ..builds.heap import freeze_startup_heap
from ..builds.ports import EventBus, Runner
from ..builds.scaleout import open_queue_runner
from ..builds.schema import upgrade_database
from ..builds.service import RunnerFactory, in_process, open_build_service
from ..config import Settings
from . import (
    auth,
    console,
    routes_builds,
    routes_review,
    routes_revise,
    routes_system,
    routes_templates,
    routes_versions,
    sse,
    ws,
)
from .deps import Services
from .errors import install_error_handlers
from .openapi import openapi_document
from .previews import TemplatePreviews
from .request_body import RequestSizeLimit
from .settings import ServerSettings

log = logging.getLogger(__name__)
DOCS_ASSETS = "/docs/assets"  # under /docs/: public, like the page that loads them

DESCRIPTION = (
    "One sentence in: specification, mockups, demo video, tested code and deployment out. "
    "Start a build with POST /api/nexus-forge/build, follow it on WS /ws/nexus-forge/{session_id} "
    "(or SSE /api/nexus-forge/build/{session_id}/events), read the result with GET /api/nexus-forge/build/{id}."
)


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    server: ServerSettings = app.state.server_settings
    artifacts_dir = server.resolved_artifacts_dir(settings)
    db: Database = app.state.db
    await upgrade_database(db.engine)  # Alembic migrations: builds, event logs, accounts
    await stop_orphaned_deployments(db, settings)  # local apps a killed server left running
    try:
        async with contextlib.AsyncExitStack() as stack:
            if server.api_only:  # builds run in `nexusforge worker` processes; their reapers resume interrupted ones
                queue_side = await stack.enter_async_context(open_queue_runner())
                runner: Runner | RunnerFactory = queue_side.runner
                bus: EventBus | None = queue_side.bus
            else:
                # What the first build would otherwise import inside the event loop (seconds of stalled requests).
                runs_builds = server.build_runner == "inline"
                await asyncio.to_thread(functools.partial(warm_up, settings, runs_builds=runs_builds))
                runner = in_process(
                    executor=server.build_runner,
                    max_concurrent=server.max_concurrent_builds,
                    worker_imports=server.worker_imports,
                    worker_nice=server.worker_nice,
                )
                bus = None
            builds = await stack.enter_async_context(
                open_build_service(
                    settings,
                    runner=runner,
                    bus=bus,
                    database=db,
                    artifacts=await asyncio.to_thread(server.artifact_store, settings),
                    deploy_target=server.deploy_target,
                    resume_unfinished=not server.api_only,
                )
            )
            app.state.services = Services(
                settings=settings,
                server=server,
                db=db,
                builds=builds,
                previews=TemplatePreviews(artifacts_dir / "template-previews"),
                artifacts_dir=artifacts_dir,
            )
            if server.freeze_heap:
                freeze_startup_heap()
            yield
    finally:
        await stop_orphaned_deployments(db, settings, shutting_down=True)  # no local app outlives its server
        await db.dispose()


def create_app(settings: Settings | None = None, server_settings: ServerSettings | None = None) -> FastAPI:
    """A new API app; nothing is opened until it starts (its lifespan)."""
    app = FastAPIOffline(  # /docs from assets in the fastapi-offline package: no CDN, works offline
        static_url=DOCS_ASSETS,
        title="Nexus Forge API",
        version=__version__,
        description=DESCRIPTION,
        lifespan=_lifespan,
    )
    app.state.settings = settings or Settings()
    app.state.server_settings = server_settings or ServerSettings()
    # The engine connects lazily; creating it here lets add-ons (accounts) share its sessionmaker before start.
    app.state.db = Database(app.state.server_settings.resolved_database_url(app.state.settings))
    install_error_handlers(app)
    routers = (routes_builds, routes_versions, routes_review, routes_revise, routes_templates, sse, ws, routes_system)
    for module in routers:
        app.include_router(module.router)
    for router in console.routers:  # the web console at / (docs/console.md)
        app.include_router(router)
    auth.install(app)  # accounts and access: sign-in, API keys, rate limits, credits, admin metrics
    # Added last, so outermost: an oversized body is refused before anything (sign-in included) reads it.
    app.add_middleware(RequestSizeLimit, max_bytes=app.state.server_settings.max_request_bytes)
    app.openapi = functools.partial(openapi_document, app)  # type: ignore[method-assign]
    return app
