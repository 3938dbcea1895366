"""Deploying a completed build (the deployer agent, recorded as a deployment), and stopping local deployments when
their build is deleted, when the service stops, or when the process that started them died (found at start-up)."""

from __future__ import annotations

import asyncio
import logging
import os
import uuid
from pathlib import Path

from sqlalchemy import update

from ..agents.deployer import deploy
from ..config import BuildConfig, Settings
from ..context import AgentContext
from ..errors import ConflictError, DeploymentFailedError, NexusForgeError
from ..schemas import AppSpec, BuildStatus, DeployOptions
from ..tools.deploy_local import stop_local
from ..tools.local_records import records_dir, stop_orphans
from .db import BuildRow, Database, DeploymentRow
from .records import DeploymentRecord
from .store import BuildStore

log = logging.getLogger(__name__)
_LOCKS: dict[str, asyncio.Lock] = {}


async def deploy_build(
    *,
    settings: Settings,
    store: BuildStore,
    row: BuildRow,
    spec: AppSpec | None,
    target: str,
    options: DeployOptions,
) -> DeploymentRecord:
    if row.status != BuildStatus.COMPLETED:
        raise ConflictError(
            f"Build {row.session_id} is {row.status}; only a completed build can be deployed.",
            details={"status": row.status},
        )
    if spec is None:
        raise DeploymentFailedError(
            f"Build {row.session_id} has no specification in its checkpoint to deploy.", retry_possible=False
        )
    lock = _LOCKS.setdefault(row.session_id, asyncio.Lock())
    async with lock:
        ctx = AgentContext(
            agent="deployer",
            settings=settings,
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
            status=outcome.status,
            url=outcome.url,
        )
        await store.add_deployment(deployment, deployment.url)
    return DeploymentRecord.of_row(deployment)


def deploy_message(deployment: DeploymentRecord) -> str:
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
