"""Spec agent: the prompt (plus any template customizations) becomes an ``AppSpec``."""

from __future__ import annotations

import json
from typing import Any

from ..build_state import BuildState
from ..config import AgentName, BuildConfig, TechStackConfig
from ..context import AgentContext, Capability
from ..providers.offline.spec.named_pages import with_login_page
from ..providers.offline.spec.runtime import frontend_style_for, with_frontend_style
from ..providers.registry import resolve
from ..schemas import AppSpec
from ..spec_conventions import SPEC_FILE, derive_endpoints, ensure_pages
from . import revise

DEFAULT_FRONTEND = TechStackConfig.model_fields["frontend"].default  # says nothing: the request decides


def prompt_with_customizations(prompt: str, config: BuildConfig) -> str:
    """Customizations are said in words, so every spec writer (offline or a model) honours them alike."""
    extra = []
    if config.color_scheme:
        extra.append(f"Use {config.color_scheme} for the components.")
    if config.extra_features:
        extra.append("Also include: " + ", ".join(f.replace("_", " ") for f in config.extra_features) + ".")
    return " ".join([prompt.strip(), *extra])


def apply_config(spec: AppSpec, config: BuildConfig) -> AppSpec:
    """Choices the user made explicitly win over what the spec writer inferred."""
    update: dict[str, Any] = {"styling": config.styling}
    if config.app_name:
        update["name"] = config.app_name
    if config.authentication:
        enabled = config.authentication.lower() not in ("none", "off", "false")
        update["auth"] = spec.auth.model_copy(update={"enabled": enabled, "method": config.authentication})
    if config.tech_stack.database.lower().startswith("postgres"):
        update["tech_stack"] = spec.tech_stack.model_copy(update={"database": "PostgreSQL"})
    spec = spec.model_copy(update=update)
    style = frontend_style_for(config.tech_stack.frontend) if config.tech_stack.frontend != DEFAULT_FRONTEND else None
    if style is not None:  # techStack.frontend, unless left at its default, wins over what the request implied
        spec = with_frontend_style(spec, style)
    if spec.auth.enabled and "Login" not in spec.ui_components:
        spec = with_login_page(spec)
    spec = ensure_pages(spec)
    return spec.model_copy(update={"api_endpoints": derive_endpoints(spec)})


async def run(ctx: AgentContext, state: BuildState) -> dict[str, Any]:
    if state.revision is not None:  # a revision: the change request becomes a spec delta on the app's spec
        return await revise.run(ctx, state)
    writer = resolve(ctx.config.model_for(AgentName.SPEC, ctx.settings), Capability.SPEC, ctx.settings)
    ctx.progress(f"Starri analyzing app requirements with {writer.model_id}...", 0.1)
    spec = await writer.write_spec(ctx, prompt_with_customizations(state.prompt, ctx.config))
    spec = apply_config(spec, ctx.config)
    (ctx.workdir / SPEC_FILE).write_text(json.dumps(spec.model_dump(mode="json"), indent=2), encoding="utf-8")
    ctx.progress(f"Specification ready: {len(spec.entities)} entities, {len(spec.features)} features", 1.0)
    return {"spec": spec, "models_by_agent": {AgentName.SPEC: writer.model_id}}
