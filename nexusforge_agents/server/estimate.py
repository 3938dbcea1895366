"""Estimated build durations from the builds this server has measured.

The estimate is the interquartile range (25th-75th percentile) of the most recent completed builds with
the same demo-video setting (the video is the slowest optional step); if there are none with that setting,
all recent completed builds; with no history at all, ``ServerSettings.estimate_prior_s`` -25%/+50%.
"""

from __future__ import annotations

import math
from typing import Any

SAMPLE = 50


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _video_flag(config: dict[str, Any]) -> bool:
    return bool(config.get("enable_video_demo", config.get("enableVideoDemo", True)))


def estimate_range(history: list[tuple[float, dict[str, Any]]], video: bool, prior_s: float) -> tuple[float, float]:
    """(low, high) seconds for a build with or without the demo video."""
    same = [seconds for seconds, config in history if _video_flag(config) == video]
    samples = same or [seconds for seconds, _ in history]
    if not samples:
        return prior_s * 0.75, prior_s * 1.5
    if len(samples) == 1:
        return samples[0] * 0.8, samples[0] * 1.25
    return _percentile(samples, 0.25), _percentile(samples, 0.75)


def format_range(low: float, high: float) -> str:
    """'20-40 seconds' or '4-6 minutes', as the contract writes estimates."""
    if high < 90:
        lo, hi = max(1, math.floor(low)), max(1, math.ceil(high))
        return f"{lo} seconds" if lo >= hi else f"{lo}-{hi} seconds"
    lo, hi = max(1, math.floor(low / 60)), max(1, math.ceil(high / 60))
    if lo >= hi:
        return f"{lo} minute{'s' if lo != 1 else ''}"
    return f"{lo}-{hi} minutes"
