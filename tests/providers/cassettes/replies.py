"""What the models answer in the hand-built cassettes: the content, separate from the wire format around it.

Tests import these to state what they expect; ``build_cassettes.py`` wraps them in each service's responses.
"""

from __future__ import annotations

import json
from typing import Any

SEED_PROMPT = "Build a real-time analytics dashboard with charts and user authentication"


def _field(
    name: str, kind: str, required: bool = True, description: str = "", choices: list[str] | None = None
) -> dict[str, Any]:
    return {"name": name, "type": kind, "required": required, "description": description, "choices": choices}


SPEC: dict[str, Any] = {
    "name": "Pulse Analytics",
    "description": "A real-time analytics dashboard that tracks product metrics, charts their trends and signs "
    "users in with JWT.",
    "archetype": "dashboard",
    "features": [
        "Live metric updates over a WebSocket",
        "Charts of metric trends",
        "KPI cards with the latest values",
        "Searchable metric history",
        "Threshold alerts",
        "User registration and sign-in",
    ],
    "tech_stack": {"frontend": "React", "backend": "FastAPI", "database": "SQLite"},
    "ui_components": ["Dashboard", "MetricList", "MetricForm", "LiveFeed", "Login"],
    "api_endpoints": [],
    "entities": [
        {
            "name": "Metric",
            "plural": "metrics",
            "description": "A measured value at a point in time",
            "fields": [
                _field("name", "string", description="What is measured"),
                _field("value", "float", description="The measured value"),
                _field("unit", "string", False, "Unit of the value"),
                _field("recorded_at", "datetime", description="When it was measured"),
                _field("source", "string", False, "Where it came from", ["web", "mobile", "api"]),
            ],
        },
        {
            "name": "Alert",
            "plural": "alerts",
            "description": "A threshold that flags a metric",
            "fields": [
                _field("metric_name", "string", description="The metric watched"),
                _field("threshold", "float", description="Value that triggers the alert"),
                _field("active", "boolean", description="Whether the alert is on"),
            ],
        },
    ],
    "auth": {"enabled": True, "method": "jwt"},
    "realtime": True,
    "dashboard": True,
    "colors": {
        "background": "#0f172a",
        "primary": "#38bdf8",
        "text": "#e2e8f0",
        "accent": "#f472b6",
        "source": {},
    },
    "styling": "tailwind",
}

INSIGHTS_PY = '''"""Trend helpers for the dashboard: moving averages and period-over-period change of metric values."""

from __future__ import annotations

from collections.abc import Sequence


def moving_average(values: Sequence[float], window: int) -> list[float]:
    """The mean of each run of ``window`` consecutive values (empty when there are fewer values)."""
    if window < 1:
        raise ValueError("window must be at least 1")
    return [sum(values[i : i + window]) / window for i in range(len(values) - window + 1)]


def percent_change(previous: float, current: float) -> float:
    """How much ``current`` differs from ``previous``, in percent."""
    return (current - previous) / abs(previous) * 100
'''

INSIGHTS_TESTS = """import pytest

from backend.insights import moving_average, percent_change


def test_moving_average_over_a_window():
    assert moving_average([1, 2, 3, 4], 2) == [1.5, 2.5, 3.5]


def test_moving_average_needs_a_positive_window():
    with pytest.raises(ValueError):
        moving_average([1, 2], 0)


def test_percent_change():
    assert percent_change(50, 75) == 50.0
"""

INSIGHTS_REVIEWED = INSIGHTS_PY.replace(
    '''def percent_change(previous: float, current: float) -> float:
    """How much ``current`` differs from ``previous``, in percent."""
    return''',
    '''def percent_change(previous: float, current: float) -> float | None:
    """How much ``current`` differs from ``previous``, in percent; None when there is no baseline."""
    if previous == 0:
        return None
    return''',
)

INSIGHTS_BUGGY = INSIGHTS_PY.replace(
    "(current - previous) / abs(previous) * 100", "(current - previous) / current * 100"
)

CODER_REPLY: dict[str, Any] = {
    "files": [
        {"path": "backend/insights.py", "content": INSIGHTS_PY},
        {"path": "tests/test_insights.py", "content": INSIGHTS_TESTS},
    ],
    "delete": [],
    "notes": [
        "Added backend/insights.py with moving averages and percent change for the trend charts.",
        "Added tests for the new helpers.",
    ],
}

UNUSABLE_CODER_REPLY: dict[str, Any] = {
    "files": [
        {"path": "../outside.py", "content": "print('escape')\n"},
        {"path": "backend/insights.py", "content": "def moving_average(values, window:\n    return values\n"},
    ],
    "delete": [],
    "notes": ["Added insights."],
}

REPAIR_REPLY: dict[str, Any] = {
    "files": [{"path": "backend/insights.py", "content": INSIGHTS_PY}],
    "delete": [],
    "notes": ["percent_change divided by the current value instead of the previous one; fixed."],
}

REPAIR_FEEDBACK = """..F                                                                      [100%]
=================================== FAILURES ===================================
______________________________ test_percent_change _____________________________

    def test_percent_change():
>       assert percent_change(50, 75) == 50.0
E       assert 33.33333333333333 == 50.0
E        +  where 33.33333333333333 = percent_change(50, 75)

tests/test_insights.py:15: AssertionError
=========================== short test summary info ============================
FAILED tests/test_insights.py::test_percent_change - assert 33.33333333333333 == 50.0
1 failed, 2 passed in 0.04s
"""

REVIEW_REPLY: dict[str, Any] = {
    "files": [{"path": "backend/insights.py", "content": INSIGHTS_REVIEWED}],
    "delete": [],
    "notes": ["percent_change no longer divides by zero when the previous value is 0; it returns None."],
}


def as_json(value: dict[str, Any]) -> str:
    """How a model writes its JSON reply (compact, as Gemini and OpenAI structured output do)."""
    return json.dumps(value, ensure_ascii=False)
