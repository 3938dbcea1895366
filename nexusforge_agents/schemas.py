"""The domain vocabulary: what a specification is, what a build returns, what a model call cost."""

from __future__ import annotations

import keyword
import re
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

_IDENT = re.compile(r"^[a-z][a-z0-9_]*$")
_PASCAL = re.compile(r"^[A-Z][A-Za-z0-9]*$")
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
RESERVED_FIELDS = frozenset({"id", "created_at", "updated_at", "owner_id", "metadata", "registry"})


class BuildStatus(StrEnum):
    """The contract's status values, in the order a build passes through them."""

    INITIALIZING = "initializing"
    ANALYZING = "analyzing"
    GENERATING_SPEC = "generating_spec"
    BUILDING = "building"
    OPTIMIZING = "optimizing"
    DEPLOYING = "deploying"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def is_terminal(self) -> bool:
        return self in (BuildStatus.COMPLETED, BuildStatus.FAILED, BuildStatus.CANCELLED)


FieldType = Literal["string", "text", "integer", "float", "boolean", "date", "datetime", "email", "url"]


class EntityField(BaseModel):
    """One column of an entity; ``id`` and timestamps are added by the generator, never listed here."""

    name: str
    type: FieldType = "string"
    required: bool = True
    description: str = ""
    choices: list[str] | None = None

    @field_validator("name")
    @classmethod
    def _identifier(cls, value: str) -> str:
        if not _IDENT.match(value) or keyword.iskeyword(value) or value in RESERVED_FIELDS:
            raise ValueError(f"field name {value!r} must be a snake_case identifier, not a keyword or reserved")
        return value


class Entity(BaseModel):
    """A thing the app stores and offers CRUD for."""

    name: str = Field(description="PascalCase singular, e.g. 'Recipe'.")
    plural: str = Field(description="snake_case plural used in URLs and tables, e.g. 'recipes'.")
    description: str = ""
    fields: list[EntityField] = Field(min_length=1)

    @field_validator("name")
    @classmethod
    def _pascal(cls, value: str) -> str:
        if not _PASCAL.match(value):
            raise ValueError(f"entity name {value!r} must be PascalCase")
        return value

    @field_validator("plural")
    @classmethod
    def _plural_ident(cls, value: str) -> str:
        if not _IDENT.match(value) or keyword.iskeyword(value):
            raise ValueError(f"entity plural {value!r} must be a snake_case identifier")
        return value

    @field_validator("fields")
    @classmethod
    def _unique_fields(cls, value: list[EntityField]) -> list[EntityField]:
        names = [f.name for f in value]
        if len(names) != len(set(names)):
            raise ValueError(f"duplicate field names in {names}")
        return value


class ApiEndpoint(BaseModel):
    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE", "WS"]
    path: str
    description: str = ""


class TechStack(BaseModel):
    frontend: str = "React"
    backend: str = "FastAPI"
    database: str = "SQLite"


class ColorScheme(BaseModel):
    """The app's palette as hex colours; ``source`` records the words they came from."""

    background: str = "#f8fafc"
    primary: str = "#2563eb"
    text: str = "#0f172a"
    accent: str = "#f59e0b"
    source: dict[str, str] = Field(default_factory=dict, description="role -> colour word from the prompt")

    @field_validator("background", "primary", "text", "accent")
    @classmethod
    def _hex(cls, value: str) -> str:
        if not _HEX.match(value):
            raise ValueError(f"colour {value!r} must be #rrggbb")
        return value.lower()


class AuthSpec(BaseModel):
    enabled: bool = False
    method: str = "jwt"


class AppSpec(BaseModel):
    """The specification: the contract's ``specification`` object plus what code generation needs."""

    name: str = Field(min_length=1, max_length=80)
    description: str
    archetype: str = "custom"
    features: list[str] = Field(min_length=1)
    tech_stack: TechStack = Field(default_factory=TechStack)
    ui_components: list[str] = Field(min_length=1)
    api_endpoints: list[ApiEndpoint] = Field(default_factory=list)
    entities: list[Entity] = Field(min_length=1)
    auth: AuthSpec = Field(default_factory=AuthSpec)
    realtime: bool = False
    dashboard: bool = False
    colors: ColorScheme = Field(default_factory=ColorScheme)
    styling: str = "tailwind"

    @field_validator("ui_components")
    @classmethod
    def _component_names(cls, value: list[str]) -> list[str]:
        for name in value:
            if not _PASCAL.match(name):
                raise ValueError(f"UI component {name!r} must be PascalCase")
        if len(value) != len(set(value)):
            raise ValueError("UI components must be unique")
        return value

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-") or "app"

    def contract_view(self) -> dict[str, Any]:
        """The fields the API contract documents for ``specification``."""
        return self.model_dump(
            include={"name", "description", "features", "tech_stack", "ui_components", "api_endpoints"}
        )


class ModelCall(BaseModel):
    """One call to a model (or to the offline engine): who, which model, how much."""

    agent: str
    model: str
    tokens_in: int = 0
    tokens_out: int = 0
    latency_s: float = 0.0
    cost_usd: float = 0.0


class Usage(BaseModel):
    """Totals over a build's model calls, per agent and overall."""

    calls: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    cost_usd: float = 0.0
    by_agent: dict[str, dict[str, float]] = Field(default_factory=dict)

    @classmethod
    def from_calls(cls, calls: list[ModelCall]) -> Usage:
        usage = cls()
        for call in calls:
            usage.calls += 1
            usage.tokens_in += call.tokens_in
            usage.tokens_out += call.tokens_out
            usage.cost_usd += call.cost_usd
            agent = usage.by_agent.setdefault(
                call.agent, {"calls": 0, "tokens_in": 0, "tokens_out": 0, "cost_usd": 0.0}
            )
            agent["calls"] += 1
            agent["tokens_in"] += call.tokens_in
            agent["tokens_out"] += call.tokens_out
            agent["cost_usd"] += call.cost_usd
        usage.cost_usd = round(usage.cost_usd, 6)
        return usage


class TestReport(BaseModel):
    """What running the generated app's own tests showed."""

    __test__ = False  # not a pytest test class

    passed: bool
    exit_code: int
    passed_count: int = 0
    failed_count: int = 0
    duration_s: float = 0.0
    output: str = ""
    timed_out: bool = False


class Scaling(BaseModel):
    """The contract's ``scaling`` object for deployments."""

    min_instances: int = Field(0, ge=0, le=1000)
    max_instances: int = Field(10, ge=1, le=1000)
    cpu: str = Field("1000m", pattern=r"^\d+(\.\d+)?m?$")
    memory: str = Field("512Mi", pattern=r"^\d+(Mi|Gi)$")


class DeployOptions(BaseModel):
    """The contract's deploy request: environment, custom domain and scaling."""

    environment: str = Field("production", pattern=r"^[a-z][a-z0-9-]{0,20}$")
    domain: str | None = Field(None, max_length=253)
    scaling: Scaling = Field(default_factory=Scaling)


class BuildResult(BaseModel):
    """The contract's ``result`` object, plus the local facts a library user needs."""

    model_config = ConfigDict(extra="forbid")

    session_id: str
    status: BuildStatus
    specification: AppSpec | None = None
    mockups: dict[str, str] = Field(default_factory=dict, description="component -> PNG path (or URL)")
    demo_video: str | None = Field(None, description="MP4 path (or URL); None when the demo was skipped")
    code_files: dict[str, str] = Field(default_factory=dict)
    deployment_url: str | None = None
    build_time: str = ""
    build_time_seconds: float = 0.0
    orchestrator: str = "Starri"
    models_used: list[str] = Field(default_factory=list)
    models_by_agent: dict[str, str] = Field(default_factory=dict)
    phase_times: dict[str, float] = Field(default_factory=dict, description="phase -> wall seconds")
    agent_times: dict[str, float] = Field(default_factory=dict, description="agent -> seconds of its last run")
    usage: Usage = Field(default_factory=Usage)
    tests: TestReport | None = None
    repair_rounds: int = 0
    output_dir: str = ""
    error: dict[str, Any] | None = None

    def contract_view(self) -> dict[str, Any]:
        """The ``result`` object exactly as the API contract documents it."""
        return {
            "specification": self.specification.contract_view() if self.specification else None,
            "mockups": self.mockups,
            "demo_video": self.demo_video,
            "code_files": self.code_files,
            "deployment_url": self.deployment_url,
            "build_time": self.build_time,
            "orchestrator": self.orchestrator,
            "models_used": self.models_used,
        }


def human_duration(seconds: float) -> str:
    """'4 minutes 23 seconds', as the contract writes build times."""
    whole = int(round(seconds))
    minutes, secs = divmod(whole, 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    if secs or not minutes:
        parts.append(f"{secs} second{'s' if secs != 1 else ''}")
    return " ".join(parts)
