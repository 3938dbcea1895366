"""What every evaluator takes and returns.

An evaluator is small and composable: it reads one ``EvalContext`` (the case, the build's result and files and,
for the live ones, the running backend) and returns one ``Score`` with a value and the reason for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from pydantic import BaseModel, Field

from ...schemas import AppSpec, BuildResult
from ..dataset import Case

if TYPE_CHECKING:
    from .probes import ApiProbe


class Score(BaseModel):
    """One evaluator's verdict on one case.

    ``value`` is the number reported (a rate in [0, 1] for checks, seconds or USD for measurements; None when
    it could not be measured); ``passed`` is the pass/fail reading of it (None for pure measurements).
    """

    name: str
    value: float | None
    passed: bool | None = None
    reason: str
    details: dict[str, Any] = Field(default_factory=dict)
    error: bool = Field(False, description="The evaluator itself crashed; the value means nothing.")


@dataclass
class EvalContext:
    """Everything known about one built case while it is scored."""

    case: Case
    app_dir: Path | None
    result: BuildResult | None = None
    build_error: str | None = None
    base_url: str | None = None
    server_error: str | None = None
    python: str | None = None
    records: Path | None = None
    """Where the booted backend is recorded while it runs, so that a later run stops one a killed run left behind."""
    shared: dict[str, Any] = field(default_factory=dict)
    probe: ApiProbe | None = None

    @property
    def spec(self) -> AppSpec | None:
        return self.result.specification if self.result else None

    @property
    def built(self) -> bool:
        return self.app_dir is not None and self.app_dir.is_dir() and self.build_error is None


@runtime_checkable
class Evaluator(Protocol):
    """``needs_server``: the evaluator talks to the generated backend, so the runner boots it first."""

    name: str
    needs_server: bool

    async def evaluate(self, ctx: EvalContext) -> Score: ...


def not_built(name: str, ctx: EvalContext) -> Score:
    """The score of a check on a case whose build produced nothing to check: a failure, never a skip."""
    return Score(name=name, value=0.0, passed=False, reason=f"no app to check: {ctx.build_error or 'build missing'}")
