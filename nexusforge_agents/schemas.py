"""The domain vocabulary: what a specification is, what a build returns, what a model call cost."""

from __future__ import annotations

from typing import Any, Literal

from nexusforge.wire.api import BuildStatus  # noqa: F401  (the contract's status values: a wire model, shared)
from pydantic import BaseModel, ConfigDict, Field

# The specification model lives in ``appspec``; its names are part of this vocabulary too.
from .appspec import (  # noqa: F401
    RESERVED_FIELDS,
    ApiEndpoint,
    AppSpec,
    AuthSpec,
    ColorScheme,
    DataFile,
    Element,
    Entity,
    EntityField,
    Feature,
    FeatureKind,
    FieldType,
    Flow,
    FrontendStyle,
    Page,
    PageKind,
    Role,
    Storage,
    TechStack,
)
from .config import DeployTarget
from .errors import NexusForgeError


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


class BrowserTestReport(BaseModel):
    """The generated browser tests (tests/test_browser.py) within one run of the app's tests."""

    chromium: str | None = Field(None, description="The Chromium they were given; None when none was found")
    ran: int = 0
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    skip_reasons: list[str] = Field(default_factory=list, description="Why tests were skipped, each reason once")
    frontend_build: str = Field("", description="How the React frontend was built for them; empty: not needed")
    frontend_build_seconds: float = 0.0


class TestReport(BaseModel):
    """What running the generated app's own tests showed."""

    __test__ = False  # not a pytest test class

    passed: bool
    exit_code: int
    passed_count: int = 0
    failed_count: int = 0
    skipped_count: int = 0
    duration_s: float = 0.0
    output: str = ""
    timed_out: bool = False
    browser: BrowserTestReport | None = Field(None, description="None: the app has no browser tests")


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


class Deployment(BaseModel):
    """What the deployer did with a build's app."""

    target: DeployTarget
    status: Literal["skipped", "deployed"]
    url: str | None = None
    details: dict[str, Any] = Field(
        default_factory=dict, description="The target's record, e.g. Cloud Run's service, region, revision, stages"
    )


class BuildError(BaseModel):
    """The error a build ended with: the contract's error fields and the phase it happened in."""

    error_code: str = "BUILD_FAILED"
    message: str
    retry_possible: bool = True
    details: dict[str, Any] = Field(default_factory=dict)
    phase: str = "failed"

    @classmethod
    def of(cls, exc: NexusForgeError, phase: str, **details: Any) -> BuildError:
        """The error a build ends with when ``exc`` stops it in ``phase`` (``details`` added to the exception's)."""
        return cls(
            error_code=exc.error_code,
            message=exc.message,
            retry_possible=exc.retry_possible,
            details={**exc.details, **details},
            phase=phase,
        )


class FeatureClaim(BaseModel):
    """Whether one feature of the spec was built, and what shows it (or why it was not)."""

    name: str
    kind: FeatureKind = "custom"
    status: Literal["built", "not_built"]
    reason: str = Field("", description="Why it was not built; empty when built.")
    pages: list[str] = Field(default_factory=list)
    endpoints: list[str] = Field(default_factory=list, description="'METHOD /path' of the endpoints that carry it.")
    tests: list[str] = Field(default_factory=list, description="Generated test ids that exercise it.")


class BuildResult(BaseModel):
    """The contract's ``result`` object, plus the local facts a library user needs."""

    model_config = ConfigDict(extra="forbid")

    session_id: str
    status: BuildStatus
    specification: AppSpec | None = None
    mockups: dict[str, str] = Field(default_factory=dict, description="component -> PNG path (or URL)")
    demo_video: str | None = Field(None, description="MP4 path (or URL); None when the demo was skipped")
    demo_video_source: Literal["app", "mockups"] | None = Field(
        None, description="'app': recorded from the running app in a browser; 'mockups': a mockup walk-through"
    )
    demo_video_note: str = Field("", description="Why the demo is a walk-through, or what the recording missed")
    features: list[FeatureClaim] = Field(default_factory=list, description="Each spec feature: built or not")
    warnings: list[str] = Field(default_factory=list, description="What the request asked for that is unsafe")
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
    error: BuildError | None = None

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
