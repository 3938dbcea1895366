"""The loadscope order (tests/scheduling.py): measured-longest module first, a module's tests kept together in order."""

from __future__ import annotations

from dataclasses import dataclass

from tests.scheduling import DURATIONS, durations_from_junit, load_durations, longest_module_first


@dataclass
class Item:
    nodeid: str


def test_the_longest_module_goes_first_and_unknown_modules_count_a_second_a_test():
    items = [Item(n) for n in ("a.py::t1", "a.py::t2", "a.py::t3", "b.py::t1", "c.py::t1", "a.py::t4", "d.py::t1")]
    ordered = [i.nodeid for i in longest_module_first(items, {"b.py": 200.0, "c.py": 2.0, "d.py": 2.0})]
    # b (200 s) > a (4 tests, unknown: 4 s) > c = d (2 s, tie: collection order)
    assert ordered == ["b.py::t1", "a.py::t1", "a.py::t2", "a.py::t3", "a.py::t4", "c.py::t1", "d.py::t1"]


def test_durations_are_summed_per_module_from_junit(tmp_path):
    report = tmp_path / "run.xml"
    report.write_text(
        '<testsuites><testsuite name="pytest">'
        '<testcase classname="tests.server.test_x" name="test_a" time="1.5"/>'
        '<testcase classname="tests.server.test_x.TestGroup" name="test_b" time="2.0"/>'
        '<testcase classname="tests.test_cli" name="test_c" time="0.3"/>'
        "</testsuite></testsuites>"
    )
    assert durations_from_junit(report) == {"tests/server/test_x.py": 3.5, "tests/test_cli.py": 0.3}


def test_the_stored_durations_name_modules_that_exist():
    durations = load_durations()
    assert durations, f"{DURATIONS} is missing or empty"
    root = DURATIONS.parents[1]
    assert all((root / module).is_file() for module in durations if durations[module] >= 30), "refresh it"
