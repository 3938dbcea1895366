"""Deployer agent: none, local (127.0.0.1) or Cloud Run, as the build's config says."""

from __future__ import annotations

from typing import Any

from ..context import AgentContext
from ..schemas import AppSpec, DeployOptions


async def deploy(ctx: AgentContext, spec: AppSpec, target: str, options: DeployOptions) -> dict[str, Any]:
    """Deploy the app in ``ctx.workdir``; shared by the graph's deployer node and the API's deploy endpoint."""
    if target == "none":
        return {"target": "none", "url": None, "status": "skipped"}
    if target == "local":
        from ..tools.deploy_local import deploy_local

        ctx.progress("Starting the generated backend on 127.0.0.1...", 0.2)
        from ..tools.local_records import records_dir

        records = records_dir(ctx.settings.home)  # so the server can stop it on delete, or after a crash
        url = await deploy_local(ctx.workdir, ctx.workdir.name, python=ctx.settings.app_python, records=records)
        ctx.progress(f"Serving at {url}", 1.0)
        return {"target": "local", "url": url, "status": "deployed"}
    from ..tools.cloudrun import deploy_cloud_run

    result = await deploy_cloud_run(ctx, spec, options)
    return {"target": "cloudrun", "status": "deployed", **result}


async def run(ctx: AgentContext, state: dict[str, Any]) -> dict[str, Any]:
    spec = AppSpec.model_validate(state["spec"])
    options = DeployOptions.model_validate(state.get("deploy_options") or {})
    deployment = await deploy(ctx, spec, ctx.config.deploy, options)
    return {"deployment": deployment}
