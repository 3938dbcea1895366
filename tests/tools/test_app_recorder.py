"""The demo video recorded from the running app in a real Chromium, and the mockup walk-through it falls back to.

The app is a small server-rendered FastAPI app (tests/fixtures/recorder_app) with the pages of ``ledger_spec``,
run by uvicorn on 127.0.0.1 as the recorder runs every generated app.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import time
import typing
from pathlib import Path

import imageio_ffmpeg
import pytest
from PIL import Image, ImageChops

from nexusforge_agents.agents import video
from nexusforge_agents.build_state import BuildState
from nexusforge_agents.config import BuildConfig, Settings
from nexusforge_agents.context import AgentContext
from nexusforge_agents.graph.state import BuildContext
from nexusforge_agents.graph.supervisor import _after_tests
from nexusforge_agents.providers.offline.codegen.browser_tests import browser_plan
from nexusforge_agents.schemas import AppSpec, Element, Entity, EntityField, Page
from nexusforge_agents.tools.app_recorder import RecordingUnavailable, record_app
from nexusforge_agents.tools.browser import find_chromium

FIXTURE_APP = Path(__file__).resolve().parents[1] / "fixtures" / "recorder_app"
PAGE_YELLOW = (0xFD, 0xF3, 0xC4)  # the fixture app's page background
HEADER_TEAL = (0x0F, 0x76, 0x6E)
needs_chromium = pytest.mark.skipif(not find_chromium().found, reason=find_chromium().reason)


def ledger_spec(**overrides: typing.Any) -> AppSpec:
    expense = Entity(
        name="Expense",
        plural="expenses",
        fields=[
            EntityField(name="description"),
            EntityField(name="amount", type="float"),
            EntityField(name="category", choices=["Food", "Travel", "Rent"]),
        ],
        seed=[{"description": "Groceries", "amount": 61.2, "category": "Food"}],
    )
    pages = [
        Page(
            name="ExpenseList",
            route="/",
            title="Expense List",
            kind="list",
            entity="Expense",
            elements=[
                Element(id="expenseTable", kind="table", binds="Expense"),
                Element(id="new-expense", kind="link", label="New", action="navigate", target="/add"),
            ],
        ),
        Page(
            name="AddExpense",
            route="/add",
            title="Add Expense",
            kind="form",
            entity="Expense",
            elements=[
                Element(id="expenseDescription", kind="input", label="Description", binds="Expense.description"),
                Element(id="expenseAmount", kind="number", label="Amount", binds="Expense.amount"),
                Element(id="expenseCategory", kind="select", label="Category", binds="Expense.category"),
                Element(id="addExpenseButton", kind="button", label="Add", action="submit"),
            ],
        ),
    ]
    pages.append(
        Page(
            name="ExpenseDetail",
            route="/expenses/{id}",
            title="Expense",
            kind="detail",
            entity="Expense",
            elements=[Element(id="expense-detail", kind="text", binds="Expense")],
        )
    )
    values: dict[str, typing.Any] = {
        "name": "Pocket Ledger",
        "description": "Track expenses.",
        "features": ["Add an expense", "List expenses"],
        "ui_components": [p.name for p in pages],
        "pages": pages,
        "entities": [expense],
        "frontend_style": "server",
    }
    values.update(overrides)
    return AppSpec(**values)


def build_state(**values: typing.Any) -> BuildState:
    """A typed graph state with the given values (the rest as a new build has them)."""
    return BuildState.model_validate(
        {"session_id": "recorder-test", "prompt": "An expense ledger", "output_dir": ".", **values}
    )


def passed_tests(count: int = 1) -> dict[str, typing.Any]:
    return {"passed": True, "passed_count": count, "exit_code": 0}


def after_qa(spec: AppSpec) -> BuildState:
    """The graph state the video agent sees when the supervisor sends it to record the app that passed QA."""
    return build_state(spec=spec, plan={"building": [], "record_video": True}, tests=passed_tests())


def app_copy(tmp_path: Path) -> Path:
    app = tmp_path / "build"
    shutil.copytree(FIXTURE_APP, app)
    return app


def context(workdir: Path, tmp_path: Path) -> AgentContext:
    return AgentContext(agent="video", settings=Settings(home=tmp_path / "home"), config=BuildConfig(), workdir=workdir)


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def last_frame(path: Path) -> Image.Image:
    reader = imageio_ffmpeg.read_frames(str(path))
    meta = next(reader)
    frame = None
    for frame in reader:  # noqa: B007 - the last one is wanted
        pass
    reader.close()
    assert frame is not None
    return Image.frombytes("RGB", tuple(meta["size"]), frame)


def share_near(image: Image.Image, colour: tuple[int, int, int], tolerance: int = 14) -> float:
    diff = ImageChops.difference(image, Image.new("RGB", image.size, colour))
    close = [band.point(lambda v: 255 if v <= tolerance else 0) for band in diff.split()]
    both = ImageChops.multiply(ImageChops.multiply(close[0], close[1]), close[2])
    return both.histogram()[255] / (image.width * image.height)


@pytest.mark.slow
@needs_chromium
async def test_after_qa_the_demo_video_is_recorded_from_the_running_app(tmp_path: Path) -> None:
    app = app_copy(tmp_path)
    before = files_of(app)
    update = await video.run(context(app, tmp_path), after_qa(ledger_spec()))

    assert update["demo_video_source"] == "app", update
    assert update["video_recorded"] is True
    assert update["demo_video_note"] == ""  # every page shown, the form flow saw its row on the list page
    assert update["models_by_agent"] == {"video": video.RECORDER_ID}
    out = Path(update["demo_video"])
    assert out == app / video.VIDEO_FILE
    data = out.read_bytes()
    assert data[4:8] == b"ftyp" and 0 < data.find(b"moov") < data.find(b"mdat")  # faststart
    info = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-i", str(out)], capture_output=True)
    described = info.stderr.decode()
    assert "Video: h264" in described and "yuv420p" in described and "1280x720" in described
    _, seconds = imageio_ffmpeg.count_frames_and_secs(str(out))
    assert seconds > 3  # two pages, typing into a form, the list with the new row: a walk a viewer can follow
    # the end of the video is the real app's list page: its own colours fill the frame
    frame = last_frame(out)
    frame.save(tmp_path / "last.png")
    assert share_near(frame, PAGE_YELLOW) > 0.5 and share_near(frame, HEADER_TEAL) > 0.04
    # the recording ran on a copy with a throwaway database: the build folder only gained the video
    assert files_of(app).keys() - before.keys() == {video.VIDEO_FILE}
    assert not [p for p in (app / "demo").iterdir() if p.name != "demo.mp4"]


@pytest.mark.slow
@needs_chromium
async def test_the_recording_walks_every_page_and_the_form(tmp_path: Path) -> None:
    app = app_copy(tmp_path)
    spec = ledger_spec()
    assert video.row_routes(spec) == ["/expenses/1"]  # the seed row's page
    rows = [*video.row_routes(spec), "/expenses/99"]
    chromium = str(find_chromium().path)
    out = tmp_path / "out" / "demo.mp4"
    recording = await record_app(app, browser_plan(spec), out, chromium=chromium, row_pages=rows)
    assert recording.pages == ["/", "/add", "/expenses/1", "/expenses/99"]
    assert recording.flow == "AddExpense-adds-Expense"
    assert recording.problems == ["GET /expenses/99 answered 404"]  # an error page is filmed, and said
    assert recording.path == out and recording.path.stat().st_size > 10_000


@pytest.mark.slow
@needs_chromium
async def test_a_form_no_list_page_shows_is_still_filled_and_submitted(tmp_path: Path) -> None:
    spec = ledger_spec()
    home = Page(name="ExpenseList", route="/", title="Expense List", elements=[Element(id="new-expense", kind="link")])
    spec = ledger_spec(pages=[home, spec.pages[1]], ui_components=["ExpenseList", "AddExpense"])
    plan = browser_plan(spec)
    assert plan.flows == []  # no page lists the expenses, so the browser tests have no flow to check
    recording = await record_app(app_copy(tmp_path), plan, tmp_path / "demo.mp4", chromium=str(find_chromium().path))
    assert recording.flow == "the form on /add" and recording.problems == []  # the server took the submission
    assert recording.path.stat().st_size > 10_000


def recording_servers() -> list[int]:
    """Pids of uvicorn processes serving an app copy the recorder made."""
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            cmdline = (entry / "cmdline").read_bytes() if entry.name.isdigit() else b""
            cwd = os.readlink(entry / "cwd") if b"uvicorn" in cmdline else ""
        except OSError:
            continue
        if "nexusforge-recording-" in cwd:
            pids.append(int(entry.name))
    return pids


@pytest.mark.slow
@needs_chromium
async def test_cancelling_a_recording_stops_the_app_it_started(tmp_path: Path) -> None:
    plan = browser_plan(ledger_spec())
    chromium = str(find_chromium().path)
    others = set(recording_servers())  # other tests' recordings, if any run at the same time
    task = asyncio.create_task(record_app(app_copy(tmp_path), plan, tmp_path / "demo.mp4", chromium=chromium))
    deadline = time.monotonic() + 30
    while not set(recording_servers()) - others and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    servers = sorted(set(recording_servers()) - others)
    assert servers, "the recorder never started the app"
    await asyncio.sleep(1.0)  # inside the walk through the pages
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert [pid for pid in servers if Path(f"/proc/{pid}").exists()] == []
    assert not (tmp_path / "demo.mp4").exists()


async def test_a_react_app_without_a_built_frontend_cannot_be_recorded(tmp_path: Path) -> None:
    app = app_copy(tmp_path)
    plan = browser_plan(ledger_spec(frontend_style="react"))
    with pytest.raises(RecordingUnavailable, match=r"React front end is not built \(no frontend/dist/index.html\)"):
        await record_app(app, plan, tmp_path / "demo.mp4", chromium="/usr/bin/chromium")
    assert not (tmp_path / "demo.mp4").exists()


@needs_chromium
async def test_when_the_app_cannot_be_recorded_the_walkthrough_stays_and_the_result_says_why(tmp_path: Path) -> None:
    app = app_copy(tmp_path)
    spec = ledger_spec(frontend_style="react")
    walkthrough = await video.run(
        context(app, tmp_path), build_state(spec=spec, plan={"building": [], "record_video": True})
    )
    assert walkthrough["demo_video_source"] == "mockups" and walkthrough["demo_video_note"] == ""  # building
    made = Path(walkthrough["demo_video"]).read_bytes()
    update = await video.run(context(app, tmp_path), after_qa(spec))
    assert update == {
        "video_recorded": True,
        "demo_video_note": "the running app could not be recorded: the React front end is not built "
        "(no frontend/dist/index.html), so the app serves no pages",
    }  # the walk-through made in building stays the demo video, untouched
    assert Path(walkthrough["demo_video"]).read_bytes() == made


async def test_without_a_browser_the_video_is_the_mockup_walkthrough(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEXUSFORGE_CHROMIUM", str(tmp_path / "no-such-chromium"))
    spec = ledger_spec()
    plan = video.plan_video(spec, "offline")
    assert not plan.record_app and "no browser to record the running app in" in plan.reason
    update = await video.run(context(tmp_path, tmp_path), build_state(spec=spec, plan={"building": []}))
    assert update["demo_video_source"] == "mockups"
    assert "no-such-chromium is not an executable file" in update["demo_video_note"]
    assert Path(update["demo_video"]).is_file()


@needs_chromium
def test_the_plan_records_the_app_only_for_the_offline_video_maker() -> None:
    assert video.plan_video(ledger_spec(), "offline").record_app
    veo = video.plan_video(ledger_spec(), "gemini:veo-3.0-generate-001")
    assert not veo.record_app and "veo-3.0-generate-001 makes the demo video" in veo.reason


def test_the_supervisor_records_the_video_once_qa_passed() -> None:
    state = build_state(
        plan={"building": [], "record_video": True, "max_repair_rounds": 1},
        code_version=2,
        optimized_version=2,
        tested_version=2,
        tests=passed_tests(5),
    )
    context = BuildContext(settings=Settings(), config=BuildConfig())
    assert _after_tests(state, context, lambda _item: None).goto == "video"
