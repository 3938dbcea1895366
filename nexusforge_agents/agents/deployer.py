"""Deployer agent: none, local (127.0.0.1) or Cloud Run, as the build's config says."""

from __future__ import annotations

from typing import Any

from ..build_state import BuildState
from ..config import DeployTarget
from ..context import AgentContext
from ..schemas import AppSpec, Deployment, DeployOptions


async def deploy(ctx: AgentContext, spec: AppSpec, target: DeployTarget, options: DeployOptions) -> Deployment:
    """Deploy the app in ``ctx.workdir``; shared by the graph's deployer node and the API's deploy endpoint."""
    if target == "none":
        return Deployment(target="none", status="skipped")
    if target == "local":
        from ..tools.deploy_local import deploy_local

        ctx.progress("Starting the generated backend on 127.0.0.1...", 0.2)
        from ..tools.local_records import records_dir

        records = records_dir(ctx.settings.home)  # so the server can stop it on delete, or after a crash
        url = await deploy_local(ctx.workdir, ctx.workdir.name, python=ctx.settings.app_python, records=records)
        ctx.progress(f"Serving at {url}", 1.0)
        return Deployment(target="local", status="deployed", url=url)
    from ..tools.cloudrun import deploy_cloud_run

    record = await deploy_cloud_run(ctx, spec, options)
    return Deployment(target="cloudrun", status="deployed", url=record["url"], details=record)


async def run(ctx: AgentContext, state: BuildState) -> dict[str, Any]:
    deployment = await deploy(ctx, state.require_spec(), ctx.config.deploy, state.deploy_options)
    return {"deployment": deployment}
