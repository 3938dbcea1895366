"""`nexusforge eval`: runs, prints the headline numbers, writes the reports, compares with a baseline."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from nexusforge_agents.builds import library
from nexusforge_agents.cli import app  # `eval` loads on first use (cli.LazyCommands)

from .test_runner import FakeBuilds


def write_dataset(tmp_path):
    path = tmp_path / "two.jsonl"
    rows = [
        {
            "id": "a",
            "instruction": "Build a note keeper. Set the background color to white.",
            "ui_instruct": [
                {"task": "Search for a note using a keyword.", "expected_result": "The note appears in the results."}
            ],
        },
        {"id": "b", "instruction": "Build a note keeper with categories."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows))
    return path


def test_eval_prints_the_numbers_and_writes_reports(tmp_path, monkeypatch):
    monkeypatch.setattr(library, "build_app", FakeBuilds())
    out = tmp_path / "run"
    result = CliRunner().invoke(
        app, ["eval", str(write_dataset(tmp_path)), "--jobs", "2", "--out", str(out), "--quiet"]
    )
    assert result.exit_code == 0, result.output
    assert "executability: 100.0%" in result.output
    assert "spec coverage (mean):" in result.output
    assert "UI-test accuracy (YES + 0.5 PARTIAL) / tests: 100.0%" in result.output
    assert "UI tests: 1 (1 YES, 0 PARTIAL, 0 NO, 0 not checkable)" in result.output
    assert (out / "report.html").is_file() and json.loads((out / "summary.json").read_text())["summary"]["cases"] == 2

    monkeypatch.setattr(library, "build_app", FakeBuilds(fail={"a"}))
    again = CliRunner().invoke(
        app, ["eval", str(write_dataset(tmp_path)), "--out", str(tmp_path / "run2"), "--baseline", str(out), "--quiet"]
    )
    assert again.exit_code == 0, again.output
    assert "executability: 50.0%" in again.output and "worse  a executability: 1.000 -> 0.000" in again.output


def test_eval_rejects_a_missing_dataset_and_bad_jobs(tmp_path):
    missing = CliRunner().invoke(app, ["eval", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "o")])
    assert missing.exit_code == 2 and "No dataset file" in missing.output
    bad = CliRunner().invoke(app, ["eval", "smoke", "--jobs", "0", "--out", str(tmp_path / "o2")])
    assert bad.exit_code == 2 and "--jobs must be at least 1" in bad.output
