"""The runner: parallel, isolated per case, resumable; and one real offline eval end to end."""

from __future__ import annotations

import asyncio
import json
import subprocess
from pathlib import Path

import pytest

from nexusforge_agents.builds import library
from nexusforge_agents.errors import BuildFailedError, InvalidInputError
from nexusforge_agents.evals import Case, Dataset, EvalRun, UITest, run_eval, summarize
from nexusforge_agents.tools.local_records import LocalRecord, process_started, read_records, records_dir, write_record

from .apps import make_app
from .helpers import build_result

PROMPT = "Build a note keeper with a title, a body and a category. Set the background color to white."


def dataset(n: int = 3) -> Dataset:
    cases = [
        Case(id=f"case-{i}", prompt=PROMPT, ui_tests=[UITest(task="Search for a note using a keyword.")])
        for i in range(n)
    ]
    return Dataset(name="notes", cases=cases)


class FakeBuilds:
    """Stands in for ``build_app``: writes the hand-made notes app, records calls, can fail or hang a case."""

    def __init__(self, fail: set[str] | None = None, hang: set[str] | None = None) -> None:
        self.calls: list[str] = []
        self.running = self.peak = 0
        self.fail, self.hang = fail or set(), hang or set()

    async def __call__(self, prompt, config, *, session_id, output_dir, settings):
        case = Path(output_dir).parent.name
        self.calls.append(case)
        self.running += 1
        self.peak = max(self.peak, self.running)
        try:
            await asyncio.sleep(0.2)
            if case in self.hang:
                await asyncio.Event().wait()
            if case in self.fail:
                raise BuildFailedError("the coder gave up")
            assert config.deploy == "none" and set(config.models.values()) == {"offline"}
            assert Path(settings.home).is_relative_to(Path(output_dir).parents[2])
            return build_result(make_app(Path(output_dir)))
        finally:
            self.running -= 1


async def test_runs_cases_in_parallel_isolated_and_records_failures(tmp_path, monkeypatch):
    fake = FakeBuilds(fail={"case-1"})
    monkeypatch.setattr(library, "build_app", fake)
    run = await run_eval(dataset(), out_dir=tmp_path / "run", jobs=2, progress=False)
    assert fake.peak == 2 and sorted(fake.calls) == ["case-0", "case-1", "case-2"]
    assert [r.case_id for r in run.results] == ["case-0", "case-1", "case-2"]
    by_id = {r.case_id: r for r in run.results}
    assert by_id["case-0"].status == "completed" and by_id["case-0"].scores["executability"].passed
    assert by_id["case-1"].status == "build_failed" and "the coder gave up" in by_id["case-1"].build_error
    assert by_id["case-1"].scores["executability"].value == 0.0
    for case in ("case-0", "case-2"):
        assert (tmp_path / "run/cases" / case / "app/backend/main.py").is_file()
        assert (tmp_path / "run/cases" / case / "result.json").is_file()
    summary = summarize(run)
    assert summary["executability"] == pytest.approx(2 / 3) and summary["build_failures"] == 1


async def test_a_rerun_skips_finished_cases_and_redoes_interrupted_ones(tmp_path, monkeypatch):
    out = tmp_path / "run"
    hanging = FakeBuilds(hang={"case-2"})
    monkeypatch.setattr(library, "build_app", hanging)
    task = asyncio.create_task(run_eval(dataset(), out_dir=out, jobs=3, progress=False))
    for _ in range(200):  # until the two other cases are scored
        await asyncio.sleep(0.1)
        if len(list(out.glob("cases/*/result.json"))) == 2:
            break
    task.cancel()  # the interruption: case-2 is still building
    with pytest.raises(asyncio.CancelledError):
        await task
    assert not (out / "cases/case-2/result.json").exists()
    finished = {p.parent.name: p.read_text() for p in out.glob("cases/*/result.json")}
    assert set(finished) == {"case-0", "case-1"}

    resumed = FakeBuilds()
    monkeypatch.setattr(library, "build_app", resumed)
    run = await run_eval(dataset(), out_dir=out, jobs=3, progress=False)
    assert resumed.calls == ["case-2"]
    assert [r.case_id for r in run.results] == ["case-0", "case-1", "case-2"]
    assert {p.parent.name: p.read_text() for p in out.glob("cases/case-[01]/result.json")} == finished
    assert json.loads((out / "run.json").read_text())["resumed_at"]

    again = FakeBuilds()
    monkeypatch.setattr(library, "build_app", again)
    await run_eval(dataset(), out_dir=out, jobs=3, progress=False)
    assert again.calls == []


async def test_a_run_folder_refuses_a_different_provider(tmp_path, monkeypatch):
    monkeypatch.setattr(library, "build_app", FakeBuilds())
    await run_eval(dataset(1), out_dir=tmp_path, jobs=1, progress=False)
    with pytest.raises(InvalidInputError, match="different provider"):
        await run_eval(dataset(1), out_dir=tmp_path, jobs=1, progress=False, provider="gemini:gemini-2.5-pro")


@pytest.mark.slow
async def test_real_offline_eval_of_a_webgen_bench_prompt(tmp_path):
    data = Dataset(
        name="one",
        cases=[
            Case(
                id="000001",
                prompt=(
                    "Please implement a website for generating stock reports. Users should be able to search stocks "
                    "by code or name. Set the background color to white and the component color to navy."
                ),
                ui_tests=[
                    UITest(task="Verify the stock search functionality by entering a valid stock code."),
                    UITest(
                        task="Verify that the website uses 'white' as the background color and 'navy' as the "
                        "component color, as specified in the design requirements."
                    ),
                ],
            )
        ],
    )
    run = await run_eval(data, out_dir=tmp_path, jobs=1, progress=False, config={"enable_video_demo": False})
    result = run.results[0]
    assert result.status == "completed", result.build_error
    assert result.scores["executability"].passed, result.scores["executability"].reason
    assert result.scores["spec_valid"].passed, result.scores["spec_valid"].reason
    assert result.scores["colors"].passed, result.scores["colors"].reason
    assert result.scores["usage"].details["calls"] > 0
    assert [t["verdict"] for t in result.scores["ui_tests"].details["tests"]] == ["YES", "YES"]
    assert EvalRun.load(tmp_path).results[0] == result


def test_a_run_stops_the_backends_a_killed_run_of_its_folder_left_running(tmp_path: Path) -> None:
    """Scoring boots each case's backend in a session of its own and records it; a run killed with -9 cleans up
    nothing, so the next run of the same folder stops what the dead run left (a recorded app whose owner is gone)."""
    out = tmp_path / "run"
    left = subprocess.Popen(["sleep", "300"], start_new_session=True)  # stands in for the booted uvicorn
    dead_owner = subprocess.Popen(["true"])
    dead_owner.wait()
    try:
        record = LocalRecord(
            key="eval:case-1:0000", url="http://127.0.0.1:1", port=1, pid=left.pid,
            pid_started=process_started(left.pid), app_dir=str(out), owner_pid=dead_owner.pid, owner_started="gone",
        )  # fmt: skip
        write_record(records_dir(out / ".nexusforge"), record)
        asyncio.run(run_eval(Dataset(name="empty", cases=[]), out_dir=out, progress=False))
        assert left.wait(timeout=10) is not None, "the app the killed run left is stopped"
        assert read_records(records_dir(out / ".nexusforge")) == []
    finally:
        left.kill()
