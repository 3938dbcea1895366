"""Reports: the DataFrame, the summary, the self-contained HTML, JSON, and comparing two runs."""

from __future__ import annotations

import json
import re

from nexusforge_agents.evals import CaseResult, EvalRun, Score, compare, html_report, save_json, summarize, to_dataframe
from nexusforge_agents.evals.report import _change


def case(case_id: str, *, executable: bool, coverage: float, verdicts: list[str], seconds: float) -> CaseResult:
    counts = {v: verdicts.count(v) for v in ("YES", "PARTIAL", "NO", "NOT_CHECKABLE")}
    tests = [{"task": f"t{i}", "kind": "data", "verdict": v, "reason": "r"} for i, v in enumerate(verdicts)]
    acc = (counts["YES"] + 0.5 * counts["PARTIAL"]) / len(verdicts)
    return CaseResult(
        case_id=case_id,
        prompt=f"Build app {case_id}",
        status="completed",
        build={"build_time_seconds": seconds},
        scores={
            "executability": Score(
                name="executability",
                value=float(executable),
                passed=executable,
                reason="r",
                details={"stages": {"own_tests": executable}, "crud_rate": float(executable)},
            ),
            "spec_coverage": Score(name="spec_coverage", value=coverage, passed=coverage >= 0.5, reason="r"),
            "ui_tests": Score(name="ui_tests", value=acc, reason="r", details={**counts, "tests": tests}),
            "usage": Score(
                name="usage",
                value=seconds,
                reason="r",
                details={"calls": 5, "tokens": 100, "cost_usd": 0.01, "phase_times": {"building": seconds / 2}},
            ),
        },
    )


def run_a() -> EvalRun:
    return EvalRun(
        out_dir="/tmp/a",
        meta={"name": "a", "dataset": "d", "provider": "offline", "case_ids": ["1", "2"]},
        results=[
            case("1", executable=True, coverage=0.5, verdicts=["YES", "NO"], seconds=10),
            case("2", executable=False, coverage=0.8, verdicts=["PARTIAL", "NOT_CHECKABLE"], seconds=20),
        ],
    )


def run_b() -> EvalRun:
    return EvalRun(
        out_dir="/tmp/b",
        meta={"name": "b", "dataset": "d", "provider": "offline"},
        results=[
            case("1", executable=True, coverage=0.9, verdicts=["YES", "YES"], seconds=8),
            case("2", executable=False, coverage=0.4, verdicts=["NO", "NOT_CHECKABLE"], seconds=20),
        ],
    )


def test_dataframe_and_summary_pool_ui_tests_as_the_paper_does():
    df = to_dataframe(run_a())
    assert list(df["case_id"]) == ["1", "2"] and list(df["ui_yes"]) == [1, 0]
    assert df.loc[0, "phase_building"] == 5 and not df.loc[1, "own_tests"]
    summary = summarize(run_a())
    assert summary["executability"] == 0.5 and summary["spec_coverage"] == 0.65
    assert summary["ui_tests"] == 4 and summary["ui_accuracy"] == (1 + 0.5) / 4
    assert summary["ui_checkable_accuracy"] == (1 + 0.5) / 3
    assert summary["cost_usd"] == 0.02 and summary["phase_seconds_mean"] == {"building": 7.5}


def test_html_report_is_self_contained_with_charts(tmp_path):
    html = html_report(run_a(), tmp_path / "report.html")
    assert (tmp_path / "report.html").read_text() == html
    assert html.count("<svg") >= 3 and "UI-test verdicts" in html and "Executability" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # nothing loaded from elsewhere
    assert "<script" not in html


def test_json_has_summary_and_every_score(tmp_path):
    data = json.loads(save_json(run_a(), tmp_path / "s.json").read_text())
    assert data["summary"]["ui_accuracy"] == 0.375
    assert data["cases"][1]["scores"]["executability"]["value"] == 0.0


def test_compare_shows_what_got_better_and_worse():
    diff = compare(run_a(), run_b())
    metrics = diff.metrics.set_index("metric")
    assert metrics.loc["spec_coverage", "change"] == "same"  # 0.65 -> 0.65 overall
    assert metrics.loc["ui_accuracy", "change"] == "better"  # 0.375 -> 0.5
    assert metrics.loc["build_seconds_mean", "change"] == "better"  # 15 -> 14 s
    assert metrics.loc["executability", "change"] == "same"
    assert metrics.loc["build_seconds_total", "change"] == "better"  # 30 -> 28 s
    assert metrics.loc["ui_no", "change"] == "same" and metrics.loc["ui_yes", "change"] == "better"
    assert _change("ui_no", 5, 3) == "better" and _change("ui_partial", 5, 3) == "worse"
    better = {(r.case_id, r.metric) for r in diff.improved.itertuples()}
    worse = {(r.case_id, r.metric) for r in diff.regressed.itertuples()}
    assert better == {("1", "spec_coverage"), ("1", "ui_tests")}
    assert worse == {("2", "spec_coverage"), ("2", "ui_tests")}
    text = diff.to_text()
    assert "a -> b" in text and "worse  2 spec_coverage: 0.800 -> 0.400" in text
    assert "<table" in diff._repr_html_()


def test_runs_reload_from_their_folder(tmp_path):
    (tmp_path / "cases/2").mkdir(parents=True)
    (tmp_path / "cases/1").mkdir(parents=True)
    for result in run_a().results:
        (tmp_path / "cases" / result.case_id / "result.json").write_text(result.model_dump_json())
    (tmp_path / "run.json").write_text(json.dumps({"name": "a", "case_ids": ["2", "1"]}))
    loaded = EvalRun.load(tmp_path)
    assert [r.case_id for r in loaded.results] == ["2", "1"]  # dataset order, not folder order
    assert compare(tmp_path, run_a()).regressed.empty


def test_html_report_shows_each_cases_screenshots_and_the_browser_and_claims_numbers() -> None:
    run = run_a()
    checks = [
        {"kind": "page", "name": "Home", "problems": []},
        {"kind": "page", "name": "ItemList", "problems": ["/items: element ids missing from the DOM: ['x']"]},
    ]
    shots = {"Home": "screenshots/Home.png", "ItemList": "screenshots/ItemList.png"}
    run.results[0].scores["browser"] = Score(
        name="browser",
        value=0.5,
        passed=False,
        reason="1/2 checks pass",
        details={"checks": checks, "screenshots": shots},
    )
    run.results[0].scores["claims"] = Score(name="claims", value=1.0, passed=True, reason="1/1 verified")
    html = html_report(run)
    assert "<img loading='lazy' alt='Home' src='cases/1/screenshots/Home.png'>" in html
    assert "element ids missing from the DOM" in html and "title and element ids as the spec says" in html
    summary = summarize(run)
    assert summary["browser"] == 0.5 and summary["claims"] == 1.0  # the case without them is not a zero
    assert "Browser checks passed (mean)</th><td class='num'>50.0%" in html
