"""Longest module first for ``-n 2 --dist loadscope``.

xdist's loadscope hands a worker one module at a time, by default in order of test count, so the one-test modules
that take minutes (schemathesis, fresh-venv builds) came last and one worker ran them while the other sat idle.
Handing out the modules that took longest in a measured run first (the classic longest-processing-time rule)
lets the short ones fill the gaps at the end. ``module_durations.json`` holds seconds per module from a run's
JUnit XML; a module it does not know counts one second per test. Refresh it after a full run with::

    python -m pytest -q -n 2 --dist loadscope --junitxml=run.xml
    python -m tests.scheduling run.xml

The order changes which worker runs a module and when, never what a test does; the test ids are the same.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

DURATIONS = Path(__file__).with_name("module_durations.json")
UNKNOWN_TEST_S = 1.0
LOADSCOPE_FLAG = "nexusforge_loadscope"  # set in each worker's workerinput by tests/conftest.py


def module_of(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def load_durations(path: Path = DURATIONS) -> dict[str, float]:
    try:
        return {str(k): float(v) for k, v in json.loads(path.read_text()).items()}
    except (OSError, ValueError):
        return {}


def longest_module_first(items: list[pytest.Item], durations: dict[str, float]) -> list[pytest.Item]:
    """The items regrouped by module, the modules by their expected duration (longest first); a module's own
    test order and the order of modules that tie are kept."""
    counts = Counter(module_of(item.nodeid) for item in items)
    first_seen: dict[str, int] = {}
    for item in items:
        first_seen.setdefault(module_of(item.nodeid), len(first_seen))

    def expected(module: str) -> float:
        return durations.get(module, counts[module] * UNKNOWN_TEST_S)

    order = sorted(first_seen, key=lambda module: (-expected(module), first_seen[module]))
    rank = {module: index for index, module in enumerate(order)}
    return sorted(items, key=lambda item: rank[module_of(item.nodeid)])  # stable: keeps a module's test order


def is_loadscope_worker(config: pytest.Config) -> bool:
    return bool(getattr(config, "workerinput", {}).get(LOADSCOPE_FLAG))


def durations_from_junit(report: Path) -> dict[str, float]:
    """Seconds per module (summed over its tests) from a pytest --junitxml report."""
    totals: Counter[str] = Counter()
    for case in ET.parse(report).iter("testcase"):
        module = case.get("classname", "").split(".")
        # classname is the dotted module path, plus the class for tests inside a class
        parts = [p for p in module if p]
        while parts and not parts[-1].startswith("test_"):
            parts.pop()  # drop a TestClass name
        if parts:
            totals["/".join(parts) + ".py"] += float(case.get("time", 0))
    return {module: round(seconds, 1) for module, seconds in sorted(totals.items())}


if __name__ == "__main__":
    measured = durations_from_junit(Path(sys.argv[1]))
    DURATIONS.write_text(json.dumps(measured, indent=1, sort_keys=True) + "\n")
    print(f"{len(measured)} modules, {sum(measured.values()):.0f} s in all -> {DURATIONS}")
