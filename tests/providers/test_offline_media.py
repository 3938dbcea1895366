"""The offline engine's media: PNG wireframes per page of the page model and the MP4 walk-through built from them."""

from __future__ import annotations

import asyncio
import hashlib
import io
import os
import re
import subprocess
import sys
import tempfile
import time
import typing
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import imageio_ffmpeg
import pytest
from PIL import Image, ImageChops, ImageStat

from nexusforge_agents.config import BuildConfig, Settings
from nexusforge_agents.context import AgentContext, Capability
from nexusforge_agents.errors import BuildFailedError, InvalidInputError
from nexusforge_agents.providers.gemini_media import mockup_prompt
from nexusforge_agents.providers.offline import video
from nexusforge_agents.providers.offline.mockup_content import nav_label, split_words, widgets
from nexusforge_agents.providers.offline.mockup_widgets import Canvas, Palette, hex_rgb, safe_text
from nexusforge_agents.providers.offline.mockups import WIREFRAME_NOTE, draw_mockup, page_caption, render_mockup
from nexusforge_agents.providers.registry import resolve
from nexusforge_agents.schemas import AppSpec, AuthSpec, ColorScheme, Element, Entity, EntityField, Page
from nexusforge_agents.spec_conventions import ensure_pages

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
COMPONENTS = ["Home", "Dashboard", "RecipeList", "RecipeForm", "RecipeDetail", "Login", "LiveFeed", "Settings",
              "ReviewPanel"]  # fmt: skip
IVORY_FOREST = ColorScheme(background="#fffff0", primary="#228b22", text="#1f2937", accent="#f59e0b")
NIGHT = ColorScheme(background="#0b1220", primary="#7c3aed", text="#e5e7eb", accent="#22d3ee")


def make_spec(**overrides: typing.Any) -> AppSpec:
    recipe = Entity(
        name="Recipe",
        plural="recipes",
        fields=[
            EntityField(name="title"),
            EntityField(name="cuisine", choices=["Italian", "Mexican", "Thai"]),
            EntityField(name="prep_time", type="integer"),
            EntityField(name="price", type="float"),
            EntityField(name="vegetarian", type="boolean"),
            EntityField(name="published_on", type="date"),
            EntityField(name="cooked_at", type="datetime"),
            EntityField(name="author_email", type="email"),
            EntityField(name="source", type="url"),
            EntityField(name="instructions", type="text", required=False),
        ],
    )
    review = Entity(name="Review", plural="reviews", fields=[EntityField(name="comment", type="text")])
    values: dict[str, typing.Any] = {
        "name": "Recipe Share",
        "description": "Share, discover and rate home-cooked recipes with friends.",
        "features": ["Browse and search recipes", "Rate and review dishes", "Weekly meal planner"],
        "ui_components": COMPONENTS,
        "entities": [recipe, review],
        "auth": AuthSpec(enabled=True),
        "realtime": True,
        "dashboard": True,
        "colors": IVORY_FOREST,
    }
    values.update(overrides)
    return AppSpec(**values)


def open_png(data: bytes) -> Image.Image:
    assert data.startswith(PNG_SIGNATURE)
    Image.open(io.BytesIO(data)).verify()  # checks chunk CRCs and structure
    return Image.open(io.BytesIO(data)).convert("RGB")


def colour_counts(image: Image.Image) -> dict[tuple[int, int, int], int]:
    colours = image.getcolors(maxcolors=image.width * image.height)
    assert colours is not None
    return {colour: count for count, colour in colours}


# ---------------------------------------------------------------------------------------------------- mockups
def expense_spec(**overrides: typing.Any) -> AppSpec:
    """A spec with a written page model: every element kind, options, seed rows, a purpose."""
    expense = Entity(
        name="Expense",
        plural="expenses",
        fields=[
            EntityField(name="description"),
            EntityField(name="amount", type="float", label="Amount (EUR)"),
            EntityField(name="category", choices=["Food", "Travel", "Rent"]),
            EntityField(name="spent_on", type="date"),
        ],
        seed=[
            {"description": "Train to Porto", "amount": 42.5, "category": "Travel", "spent_on": "2025-03-02"},
            {"description": "Groceries", "amount": 61.2, "category": "Food", "spent_on": "2025-03-04"},
        ],
    )
    pages = [
        Page(
            name="AddExpense",
            route="/",
            title="Add Expense",
            purpose="Record what you spent",
            elements=[
                Element(id="expense-heading", kind="heading", label="New expense"),
                Element(id="expenseDescription", kind="input", label="Description", binds="Expense.description"),
                Element(id="expenseAmount", kind="number", label="Amount", binds="Expense.amount"),
                Element(id="expenseCategory", kind="select", label="Category", options=["Food", "Travel", "Rent"]),
                Element(id="expenseDate", kind="date", label="Date"),
                Element(id="payment", kind="radio", label="Paid with", options=["Cash", "Card"]),
                Element(id="recurring", kind="checkbox", label="Recurring"),
                Element(id="notes", kind="textarea", label="Notes"),
                Element(id="receipt", kind="file", label="Receipt"),
                Element(id="addExpenseButton", kind="button", label="Add", action="submit"),
                Element(id="viewExpensesLink", kind="link", label="View expenses", action="navigate", target="/list"),
            ],
        ),
        Page(
            name="ExpenseList",
            route="/list",
            title="Expense List",
            entity="Expense",
            elements=[
                Element(id="expenseTable", kind="table", binds="Expense"),
                Element(id="categoryChart", kind="chart", label="By category", binds="Expense.category"),
            ],
        ),
        Page(
            name="Overview",
            route="/overview",
            title="Overview",
            entity="Expense",
            elements=[
                Element(id="board", kind="kanban", binds="Expense.category"),
                Element(id="month", kind="calendar", label="March"),
                Element(id="where", kind="map"),
            ],
        ),
        Page(
            name="Latest",
            route="/latest",
            title="Latest expense",
            entity="Expense",
            elements=[
                Element(id="photo", kind="image", label="Latest receipt"),
                Element(id="countdown", kind="timer", label="Budget resets in"),
                Element(id="detail", kind="text", binds="Expense"),
            ],
        ),
        Page(name="Blank", route="/blank", title="Blank page"),
    ]
    values: dict[str, typing.Any] = {
        "name": "Pocket Ledger",
        "description": "Track expenses in plain text files.",
        "features": ["Add an expense", "List expenses"],
        "ui_components": [p.name for p in pages],
        "pages": pages,
        "entities": [expense],
        "colors": IVORY_FOREST,
    }
    values.update(overrides)
    return AppSpec(**values)


def words_of(spec: AppSpec) -> set[str]:
    """Everything the spec lets a mockup say (lower-cased): names, titles, labels, options, field labels,
    seed values, feature and entity names."""
    words = {spec.name, WIREFRAME_NOTE, *spec.feature_names}
    for page in spec.pages:
        words |= {page.title, page.purpose, nav_label(page)}
        words |= {e.label for e in page.elements} | {o for e in page.elements for o in e.options}
    for entity in spec.entities:
        words |= {split_words(entity.name)} | {f.label or f.name.replace("_", " ").capitalize() for f in entity.fields}
        words |= {c for f in entity.fields for c in f.choices or []}
        words |= {str(v) for row in entity.seed for v in row.values()}
    return {w.lower() for w in words if w}


def drawn_words(spec: AppSpec, page: str) -> list[str]:
    """The words a mockup draws, less numbers (axis ticks, totals, day numbers) and '+ N more'."""
    texts = [t for t in draw_mockup(spec, page).texts if t.strip()]
    return [t for t in texts if not re.fullmatch(r"[\d,:.]+|\+ \d+ more|[A-Z]", t)]


@pytest.mark.parametrize("page", ["AddExpense", "ExpenseList", "Overview", "Latest", "Blank"])
def test_a_mockup_shows_its_pages_elements_and_nothing_else(page: str) -> None:
    spec = expense_spec()
    drawn = drawn_words(spec, page)
    allowed = words_of(spec)
    assert [w for w in drawn if w.lower() not in allowed] == []
    model = spec.page(page)
    assert model is not None
    assert model.title in drawn
    expected = {e.label for e in model.elements if e.label} | {o for e in model.elements for o in e.options}
    assert expected <= set(drawn), expected - set(drawn)
    assert drawn[: 1 + len(spec.pages)] == [spec.name, *(nav_label(p) for p in spec.pages)]  # the chrome


def test_tables_show_the_entitys_fields_and_seed_rows_and_charts_count_them() -> None:
    spec = expense_spec()
    canvas = draw_mockup(spec, "ExpenseList")
    headers = [t for t in canvas.texts if t.isupper() and len(t) > 1][:4]
    assert headers == ["DESCRIPTION", "AMOUNT (EUR)", "CATEGORY", "SPENT ON"]
    assert {"Train to Porto", "42.5", "Travel", "Groceries", "61.2", "2025-03-04"} <= set(canvas.texts)
    widget = next(w for w in widgets(spec, spec.pages[1]) if w.kind == "chart")
    assert widget.options == ("Food", "Travel", "Rent") and widget.values == (1, 1, 0)


def test_default_pages_invent_nothing() -> None:
    """The page model of a spec without written pages: no 'Get started', popular items, filters or cards."""
    spec = make_spec()
    for page in spec.ui_components:
        drawn = drawn_words(spec, page)
        allowed = words_of(ensure_pages(spec))
        assert [w for w in drawn if w.lower() not in allowed] == [], page
    home = " ".join(drawn_words(spec, "Home")).lower()
    assert "get started" not in home and "learn more" not in home and "popular" not in home


def test_an_empty_page_has_an_empty_body_and_an_element_changes_only_the_body() -> None:
    spec = expense_spec()
    body = (236 + 33, 136, 1280, 760)  # below the title
    blank = open_png(render_mockup(spec, "Blank"))
    assert colour_counts(blank.crop(body)) == {hex_rgb(IVORY_FOREST.background): 1011 * 624}
    pages = [*spec.pages[:4], Page(name="Blank", route="/blank", title="Blank page",
                                   elements=[Element(id="go", kind="button", label="Go")])]  # fmt: skip
    with_button = open_png(render_mockup(expense_spec(pages=pages), "Blank"))
    assert ImageChops.difference(blank.crop((0, 0, 1280, 136)), with_button.crop((0, 0, 1280, 136))).getbbox() is None
    assert ImageChops.difference(blank, with_button).getbbox() is not None


def test_an_unknown_page_is_a_clear_error() -> None:
    with pytest.raises(InvalidInputError, match="no page named 'Nowhere'"):
        render_mockup(expense_spec(), "Nowhere")


@pytest.mark.parametrize("component", COMPONENTS)
@pytest.mark.parametrize("colors", [IVORY_FOREST, NIGHT], ids=["light", "dark"])
def test_mockup_is_a_valid_png_in_the_apps_colours(component: str, colors: ColorScheme) -> None:
    image = open_png(render_mockup(make_spec(colors=colors), component))
    assert image.size == (1280, 800)
    counts = colour_counts(image)
    ranked = sorted(counts, key=counts.__getitem__, reverse=True)
    assert ranked[0] == hex_rgb(colors.background)
    pixels = image.width * image.height
    assert counts.get(hex_rgb(colors.primary), 0) > 0.05 * pixels  # the top bar
    assert counts.get(hex_rgb(colors.accent), 0) > 500  # the logo
    assert len(counts) > 50  # anti-aliased text, not a few flat boxes


def test_changing_the_palette_changes_the_pixels() -> None:
    spec = make_spec()
    other = make_spec(colors=ColorScheme(background="#f0f9ff", primary="#b91c1c", text="#111111", accent="#0ea5e9"))
    first, second = (colour_counts(open_png(render_mockup(s, "RecipeList"))) for s in (spec, other))
    assert hex_rgb("#b91c1c") in second and hex_rgb("#b91c1c") not in first
    assert hex_rgb(IVORY_FOREST.primary) not in second


def test_mockups_are_deterministic_across_processes() -> None:
    spec = expense_spec()
    here = {name: hashlib.sha256(render_mockup(spec, name)).hexdigest() for name in spec.ui_components}
    assert here == {name: hashlib.sha256(render_mockup(spec, name)).hexdigest() for name in spec.ui_components}
    script = (
        "import hashlib, sys\n"
        "from nexusforge_agents.schemas import AppSpec\n"
        "from nexusforge_agents.providers.offline.mockups import render_mockup\n"
        "spec = AppSpec.model_validate_json(sys.stdin.read())\n"
        "for name in spec.ui_components:\n"
        "    print(name, hashlib.sha256(render_mockup(spec, name)).hexdigest())\n"
    )
    root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": root}
    done = subprocess.run(
        [sys.executable, "-c", script], input=spec.model_dump_json(), capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    there = dict(line.split() for line in done.stdout.splitlines())
    assert there == here


def test_concurrent_renders_match_sequential_ones() -> None:
    """The design agent paints several mockups at once in threads; shared fonts must not garble them."""
    spec = expense_spec()
    expected = {name: render_mockup(spec, name) for name in spec.ui_components}
    with ThreadPoolExecutor(6) as pool:
        jobs = [(name, pool.submit(render_mockup, spec, name)) for name in spec.ui_components * 3]
        assert all(job.result() == expected[name] for name, job in jobs)


@pytest.mark.parametrize("size", [(640, 400), (1920, 1080), (1280, 720)])
def test_mockups_render_at_other_sizes(size: tuple[int, int]) -> None:
    image = open_png(render_mockup(expense_spec(), "Overview", size))
    assert image.size == size
    counts = colour_counts(image)
    assert max(counts, key=counts.__getitem__) == hex_rgb(IVORY_FOREST.background)


def test_long_text_is_truncated_inside_its_box() -> None:
    spec = make_spec(name="Mammoth " + "W" * 72)
    image = open_png(render_mockup(spec, "RecipeList"))
    edge = image.crop((1226, 4, 1280, 56))  # the name stops short of the top bar's right edge
    assert colour_counts(edge) == {hex_rgb(IVORY_FOREST.primary): edge.width * edge.height}
    canvas = Canvas((1280, 800), Palette.from_scheme(IVORY_FOREST))
    fitted = canvas.fit("word " * 60, 14, 200)
    assert fitted.endswith("\u2026") and canvas.measure(fitted, 14) <= 200


def test_what_does_not_fit_is_counted() -> None:
    many = [Element(id=f"field{i}", kind="textarea", label=f"Field {i}") for i in range(12)]
    spec = expense_spec(pages=[Page(name="Long", route="/", title="Long", elements=many)], ui_components=["Long"])
    texts = draw_mockup(spec, "Long").texts
    shown = [t for t in texts if t.startswith("Field ")]
    assert 2 <= len(shown) < 12 and f"+ {12 - len(shown)} more" in texts


def test_the_current_component_stays_highlighted_in_a_long_nav() -> None:
    names = [f"Extra{i}Panel" for i in range(24)]
    spec = make_spec(ui_components=names)
    tint = Palette.from_scheme(IVORY_FOREST).tint
    for name in (names[0], names[12], names[-1]):
        nav = open_png(render_mockup(spec, name)).crop((0, 60, 236, 800))
        assert colour_counts(nav).get(tint, 0) > 4000, name  # the highlighted row's background


def test_text_the_bundled_font_lacks_is_folded_to_ascii() -> None:
    assert safe_text("Caf\u00e9 \u2014 na\u00efve \u201cquotes\u201d \u2026") == 'Cafe - naive "quotes" \u2026'
    assert safe_text("\u65e5\u672c") == "??"


def test_captions_are_the_pages_purpose_or_title() -> None:
    spec = expense_spec()
    assert page_caption(spec, "AddExpense") == "Record what you spent"
    assert page_caption(spec, "ExpenseList") == "Expense List"


def test_the_image_model_prompt_lists_the_pages_elements() -> None:
    prompt = mockup_prompt(expense_spec(), "AddExpense")
    assert "Add Expense" in prompt and "select 'Category' with options Food, Travel, Rent" in prompt
    assert "button 'Add'" in prompt and "link 'View expenses'" in prompt
    assert "Nothing else" in prompt


async def test_the_offline_provider_paints_and_films_through_the_registry(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home")
    ctx = AgentContext(agent="design", settings=settings, config=BuildConfig(), workdir=tmp_path)
    spec = make_spec(ui_components=["Dashboard", "RecipeList"])
    painter = resolve("offline", Capability.DESIGN, settings)
    assert open_png(await painter.paint(ctx, spec, "RecipeList")).size == (1280, 800)
    maker = resolve("offline", Capability.VIDEO, settings)
    path = await maker.make_video(ctx, spec, tmp_path / "demo" / "demo.mp4")
    assert path.read_bytes()[4:8] == b"ftyp"
    assert [call.model for call in ctx.calls] == ["offline-wireframe-1", "offline-slideshow-1"]


# ---------------------------------------------------------------------------------------------------------- video
def ffmpeg_info(path: Path) -> str:
    done = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-i", str(path)], capture_output=True)
    return done.stderr.decode("utf-8", "replace")


def leftover_temp_dirs() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("nexusforge-video-*")}


def frames_at(path: Path, indices: set[int]) -> dict[int, Image.Image]:
    reader = imageio_ffmpeg.read_frames(str(path))
    meta = next(reader)
    size = tuple(meta["size"])
    picked = {}
    for index, frame in enumerate(reader):
        if index in indices:
            picked[index] = Image.frombytes("RGB", size, frame)
    reader.close()
    return picked


def mean_error(a: Image.Image, b: Image.Image) -> float:
    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3


async def test_demo_video_is_a_playable_h264_walkthrough(tmp_path: Path) -> None:
    spec = make_spec(ui_components=["Home", "Dashboard", "RecipeList", "RecipeForm", "RecipeDetail", "Login"])
    out = tmp_path / "media" / "demo.mp4"
    before = leftover_temp_dirs()
    assert await video.render_demo_video(spec, out) == out  # its speed: benchmarks/media.py

    data = out.read_bytes()
    assert data[4:8] == b"ftyp"
    assert 0 < data.find(b"moov") < data.find(b"mdat")  # +faststart: the index comes first
    info = ffmpeg_info(out)
    assert "Video: h264" in info and "yuv420p" in info and "1280x720" in info
    frames, seconds = imageio_ffmpeg.count_frames_and_secs(str(out))
    slide_count = 1 + len(spec.ui_components)  # the title card and every component, none skipped
    expected = slide_count * video.SLIDE_SECONDS - (slide_count - 1) * video.FADE_SECONDS
    assert video.demo_duration(spec) == pytest.approx(expected)
    assert 2 <= video.SLIDE_SECONDS <= 3 and 12 <= video.FPS <= 15
    assert abs(seconds - expected) < 0.2
    assert abs(frames - expected * video.FPS) <= 2
    assert [p.name for p in out.parent.iterdir()] == ["demo.mp4"]
    assert leftover_temp_dirs() <= before

    # Mid-slide, each component's caption bar is on screen, in order, with its own mockup above it.
    slides = video.render_slides(spec)
    step = video.SLIDE_SECONDS - video.FADE_SECONDS
    middles = {k: round((k * step + video.SLIDE_SECONDS / 2) * video.FPS) for k in range(len(slides.components) + 1)}
    shot = frames_at(out, set(middles.values()))
    title = Image.open(io.BytesIO(slides.title)).convert("RGB")
    assert mean_error(shot[middles[0]], title) < 4
    top = video.FRAME_SIZE[1] - video.CAPTION_HEIGHT
    captions = [Image.open(io.BytesIO(c)).convert("RGB") for _, _, c in slides.components]
    mockups = [Image.open(io.BytesIO(m)).convert("RGB") for _, m, _ in slides.components]
    for k in range(1, len(slides.components) + 1):
        frame = shot[middles[k]]
        strip = frame.crop((0, top, 1280, 720))
        errors = [mean_error(strip, caption) for caption in captions]
        assert errors.index(min(errors)) == k - 1 and min(errors) < 4, errors
        page = frame.crop((0, 0, 1280, top))
        half = video.PAN_PIXELS // 2
        best = [
            min(mean_error(page, m.crop((0, y, 1280, y + top))) for y in range(half - 10, half + 11, 2))
            for m in mockups
        ]
        assert best.index(min(best)) == k - 1 and min(best) < 4, best


async def test_encoding_failure_raises_build_failed_with_ffmpegs_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(video, "ENCODER_ARGS", ["-c:v", "no_such_encoder_x"])
    out = tmp_path / "demo.mp4"
    with pytest.raises(BuildFailedError) as caught:
        await video.render_demo_video(make_spec(ui_components=["Dashboard"]), out)
    assert caught.value.error_code == "BUILD_FAILED"
    assert "no_such_encoder_x" in caught.value.message
    assert caught.value.details["exit_code"] != 0
    assert list(tmp_path.iterdir()) == []


def ffmpeg_pids(marker: str) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if cmdline and b"ffmpeg" in cmdline[0] and any(marker.encode() in arg for arg in cmdline):
            pids.append(int(entry.name))
    return pids


def alive_in_group(pgid: int) -> list[int]:
    """Processes (not zombies already reaped) whose process group is ``pgid``."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[2]) == pgid:
            members.append(int(entry.name))
    return members


async def test_cancelling_mid_encode_kills_ffmpeg(tmp_path: Path) -> None:
    names = ["Home", "Dashboard", "Login", "Settings", "LiveFeed", "RecipeList", "RecipeForm", "RecipeDetail"]
    spec = make_spec(ui_components=[*names, "ReviewPanel", "StatsPanel", "TeamPanel", "HelpPanel"])
    out = tmp_path / "cancel-me.mp4"
    before = leftover_temp_dirs()
    task = asyncio.create_task(video.render_demo_video(spec, out))
    deadline = time.monotonic() + 30
    pids: list[int] = []
    while not pids and not task.done() and time.monotonic() < deadline:
        await asyncio.sleep(0.005)
        pids = ffmpeg_pids(".cancel-me.partial.mp4")
    assert pids, "ffmpeg never showed up while the video was rendering"
    (pid,) = pids
    await asyncio.sleep(0.2)  # well inside the encode
    assert not task.done()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    # killed, not left to finish: the encode had seconds to go, the group must be gone (and reaped) at once
    deadline = time.monotonic() + 1.0
    while alive_in_group(pid) and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
    assert alive_in_group(pid) == [], "ffmpeg's process group outlived the cancelled render"
    assert not Path(f"/proc/{pid}").exists()
    assert list(tmp_path.iterdir()) == []
    assert leftover_temp_dirs() <= before
