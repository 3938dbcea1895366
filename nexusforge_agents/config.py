"""The two configuration objects.

``Settings`` is the process: where files live, which model each agent uses, limits. It reads ``NEXUSFORGE_*``
environment variables. ``BuildConfig`` is one build: the seed's config object, camelCase on the wire
(``useAdaptiveThinking``), snake_case in Python.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.alias_generators import to_camel
from pydantic_settings import BaseSettings, SettingsConfigDict

from .inputs import FiniteFloat, SafeText, VisibleText


class AgentName(StrEnum):
    """Every specialist Starri runs, named once: graph nodes, settings, per-build model choices and reports."""

    SPEC = "spec"
    DESIGN = "design"
    VIDEO = "video"
    CODER = "coder"
    OPTIMIZER = "optimizer"
    QA = "qa"
    DEPLOYER = "deployer"

    @property
    def has_model(self) -> bool:
        return self in MODEL_AGENTS


MODEL_AGENTS: tuple[AgentName, ...] = (
    AgentName.SPEC,
    AgentName.DESIGN,
    AgentName.VIDEO,
    AgentName.CODER,
    AgentName.OPTIMIZER,
)
"""The agents whose model can be chosen, in the order a build runs them; qa and deployer run tools, not models."""

MAX_PROMPT_CHARS = 8000

PRESETS: dict[str, dict[str, str]] = {
    "offline": dict.fromkeys(MODEL_AGENTS, "offline"),
    # The seed's line-up, model for model (Imagen 4 and Veo 3.0 need the Gemini Enterprise / Vertex AI backend).
    "seed": {
        "spec": "gemini:gemini-2.5-pro",
        "design": "gemini:imagen-4.0-generate-001",
        "video": "gemini:veo-3.0-generate-001",
        "coder": "gemini:gemini-2.5-pro",
        "optimizer": "gemini:gemini-2.5-flash",
    },
    # The same roles on Google's successors, all on one Gemini API key: a Gemini image model for mockups (Imagen
    # is shut down) and Veo 3.1 through litellm (google-genai serves Veo on the Vertex AI backend only).
    "google": {
        "spec": "gemini:gemini-2.5-pro",
        "design": "gemini:gemini-2.5-flash-image",
        "video": "litellm:gemini/veo-3.1-generate-001",
        "coder": "gemini:gemini-2.5-pro",
        "optimizer": "gemini:gemini-2.5-flash",
    },
}
"""Named model line-ups (``NEXUSFORGE_PRESET``); an explicit ``NEXUSFORGE_MODEL_<AGENT>`` still wins."""


def _default_home() -> Path:
    return Path.home() / ".nexusforge"


class Settings(BaseSettings):
    """Process-wide settings, from ``NEXUSFORGE_*`` environment variables (and a ``.env`` file)."""

    model_config = SettingsConfigDict(env_prefix="NEXUSFORGE_", env_file=".env", extra="ignore")

    home: Path = Field(default_factory=_default_home, description="Root for checkpoints, workspaces, secrets.")
    model_spec: str = Field("offline", description="Model id for the specification agent.")
    model_design: str = Field("offline", description="Model id for the mockup (design) agent.")
    model_video: str = Field("offline", description="Model id for the demo-video agent.")
    model_coder: str = Field("offline", description="Model id for the coding agent.")
    model_optimizer: str = Field("offline", description="Model id for the optimizer's review pass.")
    max_repair_rounds: int = Field(2, ge=0, le=10, description="Coder repair rounds after failing tests.")
    qa_timeout_s: float = Field(180.0, gt=0, description="Timeout for one run of the generated tests.")
    parallel_mockups: int = Field(4, ge=1, le=16, description="Mockups the design agent paints at once.")
    app_python: str | None = Field(
        None, description="Interpreter that runs generated apps and their tests (default: this one)."
    )
    preset: str | None = Field(None, description=f"A model line-up for every agent: {', '.join(PRESETS)}.")
    fallback_spec: str = Field("", description="Comma-separated model ids tried in order when the spec model fails.")
    fallback_design: str = Field("", description="Fallback model ids for the design agent.")
    fallback_video: str = Field("", description="Fallback model ids for the video agent.")
    fallback_coder: str = Field("", description="Fallback model ids for the coding agent.")
    fallback_optimizer: str = Field("", description="Fallback model ids for the optimizer's review pass.")

    @model_validator(mode="before")
    @classmethod
    def _apply_preset(cls, data: Any) -> Any:
        if not isinstance(data, dict) or not data.get("preset"):
            return data
        line_up = PRESETS.get(str(data["preset"]).lower())
        if line_up is None:
            raise ValueError(f"unknown preset {data['preset']!r}; choose from {', '.join(PRESETS)}")
        return {**{f"model_{agent}": model for agent, model in line_up.items()}, **data}

    @property
    def checkpoint_path(self) -> Path:
        return self.home / "checkpoints.sqlite"

    @property
    def workspaces_dir(self) -> Path:
        return self.home / "builds"

    def model_for(self, agent: str) -> str:
        return getattr(self, f"model_{_model_agent(agent)}")

    def fallbacks_for(self, agent: str) -> list[str]:
        """The agent's fallback model ids, in the order they are tried."""
        return [m.strip() for m in getattr(self, f"fallback_{_model_agent(agent)}").split(",") if m.strip()]


def _model_agent(agent: str) -> AgentName:
    if agent not in MODEL_AGENTS:
        raise ValueError(f"unknown agent {agent!r}; agents with models are {', '.join(MODEL_AGENTS)}")
    return AgentName(agent)


Word = Annotated[SafeText, Field(max_length=40)]
"""A short setting such as a stack or styling name."""
Feature = Annotated[VisibleText, Field(max_length=200)]
MAX_EXTRA_FEATURES = 30


class TechStackConfig(BaseModel):
    """The stack the user asks for; the offline engine generates React + FastAPI and honours the database."""

    model_config = ConfigDict(extra="forbid")

    frontend: Word = "react"
    backend: Word = "fastapi"
    database: Word = "sqlite"


DeployTarget = Literal["none", "local", "cloudrun"]


class BuildConfig(BaseModel):
    """One build's options: accepts the seed's config object as-is (camelCase) and snake_case names."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")

    use_adaptive_thinking: bool = Field(True, description="Let the spec model think dynamically.")
    enable_video_demo: bool = Field(True, description="Produce a demo video from the mockups.")
    deploy_to_cloud_run: bool = Field(False, description="Deploy to Cloud Run (same as deploy='cloudrun').")
    tech_stack: TechStackConfig = Field(default_factory=TechStackConfig)
    styling: Word = Field("tailwind", description="'tailwind' or 'css' for the generated frontend.")
    authentication: Word | None = Field(
        None, description="Force auth on ('jwt', 'oauth2', ...) or off ('none'); default: as the prompt asks."
    )
    deploy: DeployTarget = Field("none", description="Where the deployer puts the app.")
    max_repair_rounds: int | None = Field(None, ge=0, le=10, description="Override Settings.max_repair_rounds.")
    max_cost_usd: FiniteFloat | None = Field(None, ge=0, description="Stop the build before it would cost more.")
    models: dict[str, Annotated[SafeText, Field(max_length=200)]] = Field(
        default_factory=dict,
        validation_alias=AliasChoices("models", "modelOverrides"),
        description="Per-agent model ids for this build, e.g. {'spec': 'gemini:gemini-2.5-pro'}.",
    )
    app_name: Annotated[VisibleText, Field(max_length=80)] | None = Field(
        None, description="Name the app instead of deriving it from the prompt."
    )
    color_scheme: Annotated[SafeText, Field(max_length=60)] | None = Field(
        None, description="Colour words applied on top of the prompt's own."
    )
    extra_features: list[Feature] = Field(
        default_factory=list, max_length=MAX_EXTRA_FEATURES, description="Features added to the prompt's own."
    )
    review_spec: bool = Field(
        False, description="Stop after the spec in 'awaiting_review' until a person approves, edits or rejects it."
    )

    @field_validator("models")
    @classmethod
    def _known_agents(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(MODEL_AGENTS))
        if unknown:
            raise ValueError(f"unknown agent(s) {unknown}; choose from {[str(a) for a in MODEL_AGENTS]}")
        return value

    @model_validator(mode="after")
    def _cloud_run_flag(self) -> BuildConfig:
        if self.deploy_to_cloud_run and self.deploy == "none":
            self.deploy = "cloudrun"
        return self

    def model_for(self, agent: str, settings: Settings) -> str:
        return self.models.get(agent) or settings.model_for(agent)
