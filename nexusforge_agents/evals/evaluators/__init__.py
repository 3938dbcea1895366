"""Evaluators: small checks that each turn one built case into a ``Score`` (a value and the reason for it)."""

from __future__ import annotations

from pathlib import Path

from .base import EvalContext, Evaluator, Score
from .browser import BrowserEvaluator
from .claims import ClaimsEvaluator
from .colors import ColourEvaluator, parse_palette
from .execution import ExecutabilityEvaluator, running_backend
from .frontend import FrontendBuildEvaluator, frontend_pages
from .spec import SpecCoverageEvaluator, SpecValidityEvaluator
from .ui_tests import UITestEvaluator, accuracy, checkable_accuracy
from .usage import UsageEvaluator

__all__ = [
    "BrowserEvaluator",
    "ClaimsEvaluator",
    "ColourEvaluator",
    "EvalContext",
    "Evaluator",
    "ExecutabilityEvaluator",
    "FrontendBuildEvaluator",
    "Score",
    "SpecCoverageEvaluator",
    "SpecValidityEvaluator",
    "UITestEvaluator",
    "UsageEvaluator",
    "accuracy",
    "checkable_accuracy",
    "default_evaluators",
    "frontend_pages",
    "parse_palette",
    "running_backend",
]


def default_evaluators(*, frontend_build: bool = False, npm_cache: Path | None = None) -> list[Evaluator]:
    """Every evaluator; the npm build only when asked, since it is slow. ``claims`` comes after ``browser``, whose
    page verdicts it reads."""
    evaluators: list[Evaluator] = [
        SpecValidityEvaluator(),
        SpecCoverageEvaluator(),
        ColourEvaluator(),
        UsageEvaluator(),
        ExecutabilityEvaluator(),
        UITestEvaluator(),
        BrowserEvaluator(),
        ClaimsEvaluator(),
    ]
    if frontend_build:
        evaluators.insert(4, FrontendBuildEvaluator(npm_cache))
    return evaluators
