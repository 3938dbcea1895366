"""POST /deploy/{id}: the library's deployer on a completed build, recorded as a deployment; and stopping local
deployments when their build is deleted, when the server stops, or when the process that started them died (found
at start-up)."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import uuid
from pathlib import Path

from sqlalchemy import update

from ..agents.deployer import deploy
from ..config import BuildConfig, Settings
from ..context import AgentContext
from ..errors import ConflictError, DeploymentFailedError, NexusForgeError
from ..graph.run import RESULT_FILE
from ..schemas import AppSpec, BuildStatus, DeployOptions
from ..tools.deploy_local import stop_local
from ..tools.local_records import records_dir, stop_orphans
from .db import BuildRow, Database, DeploymentRow
from .deps import Services

log = logging.getLogger(__name__)
_LOCKS: dict[str, asyncio.Lock] = {}


async def deploy_build(services: Services, row: BuildRow, options: DeployOptions) -> DeploymentRow:
    if row.status != BuildStatus.COMPLETED:
        raise ConflictError(
            f"Build {row.session_id} is {row.status}; only a completed build can be deployed.",
            details={"status": row.status},
        )
    target = services.server.deploy_target
    lock = _LOCKS.setdefault(row.session_id, asyncio.Lock())
    async with lock:
        spec = await asyncio.to_thread(_stored_spec, Path(row.output_dir))
        ctx = AgentContext(
            agent="deployer",
            settings=services.settings,
            config=BuildConfig.model_validate(row.config),
            workdir=Path(row.output_dir),
        )
        try:
            outcome = await deploy(ctx, spec, target, options)
        except NexusForgeError:
            raise
        except ImportError as exc:
            raise DeploymentFailedError(
                f"The {target} deployment target is not available in this installation: {exc}",
                retry_possible=False,
            ) from exc
        except Exception as exc:
            raise DeploymentFailedError(f"Deployment to {target} failed: {type(exc).__name__}: {exc}") from exc
        deployment = DeploymentRow(
            deployment_id=f"deploy_{uuid.uuid4().hex[:12]}",
            session_id=row.session_id,
            owner_id=row.owner_id,
            target=target,
            environment=options.environment,
            domain=options.domain,
            options=options.model_dump(mode="json"),
            status=str(outcome.get("status") or "deployed"),
            url=outcome.get("url"),
        )
        await services.store.add_deployment(deployment, deployment.url)
    return deployment


def _stored_spec(output_dir: Path) -> AppSpec:
    """The full specification, from the result file the library writes when a build completes."""
    try:
        stored = json.loads((output_dir / RESULT_FILE).read_text(encoding="utf-8"))
        return AppSpec.model_validate(stored["specification"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DeploymentFailedError(
            f"The completed build's specification could not be read from {output_dir / RESULT_FILE}: {exc}",
            retry_possible=False,
        ) from exc


def deploy_message(deployment: DeploymentRow) -> str:
    message = f"App successfully deployed to {deployment.environment}"
    if deployment.domain and deployment.url and deployment.domain not in deployment.url:
        message += (
            f" at {deployment.url}; the {deployment.target} target does not map custom domains, "
            f"point {deployment.domain} at it yourself"
        )
    return message


async def stop_local_deployment(settings: Settings, session_id: str) -> bool:
    """Stop the build's local app, whether this process or the build worker started it."""
    return await asyncio.to_thread(stop_local, session_id, records=records_dir(settings.home))


async def stop_orphaned_deployments(db: Database, settings: Settings, *, shutting_down: bool = False) -> list[str]:
    """At start-up: stop the local apps a dead process left running (kill -9 of the last server); at shutdown,
    also those this server started (its build worker has ended by then). Their deployments are marked stopped,
    so no build claims a URL that no longer answers."""
    owner = os.getpid() if shutting_down else None
    stopped = await asyncio.to_thread(stop_orphans, records_dir(settings.home), ending_owner=owner)
    if not stopped:
        return []
    async with db.sessions() as session:
        for record in stopped:  # one record per build: once it is stopped, no local app of that build runs
            await session.execute(
                update(DeploymentRow)
                .where(DeploymentRow.session_id == record.key, DeploymentRow.target == "local")
                .values(status="stopped")
            )
            row = await session.get(BuildRow, record.key)
            if row is not None:
                row.deployment_url = None
                if row.result and row.result.get("deployment_url"):
                    row.result = {**row.result, "deployment_url": None}
        await session.commit()
    log.warning(
        "stopped %d local deployment(s) %s: %s",
        len(stopped),
        "as the server stops" if shutting_down else "left running by a process that ended without stopping them",
        ", ".join(f"{r.key} ({r.url}, pid {r.pid})" for r in stopped),
    )
    return [record.key for record in stopped]
