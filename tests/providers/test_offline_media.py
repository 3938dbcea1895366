"""The offline engine's media: PNG wireframes per UI component and the MP4 walkthrough built from them."""

from __future__ import annotations

import asyncio
import hashlib
import io
import os
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
from nexusforge_agents.errors import BuildFailedError
from nexusforge_agents.providers.base import AgentContext, Capability
from nexusforge_agents.providers.offline import video
from nexusforge_agents.providers.offline.mockup_samples import sample_rows, sample_value, seeded
from nexusforge_agents.providers.offline.mockup_widgets import Canvas, Palette, hex_rgb, safe_text
from nexusforge_agents.providers.offline.mockups import component_caption, render_mockup
from nexusforge_agents.providers.registry import resolve
from nexusforge_agents.schemas import AppSpec, AuthSpec, ColorScheme, Entity, EntityField
from nexusforge_agents.spec_conventions import ComponentKind, describe_component

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
def test_the_fixture_covers_every_component_kind() -> None:
    spec = make_spec()
    kinds = {describe_component(spec, name).kind for name in COMPONENTS}
    assert kinds == set(typing.get_args(ComponentKind))


@pytest.mark.parametrize("component", COMPONENTS)
@pytest.mark.parametrize("colors", [IVORY_FOREST, NIGHT], ids=["light", "dark"])
def test_mockup_is_a_valid_png_in_the_apps_colours(component: str, colors: ColorScheme) -> None:
    image = open_png(render_mockup(make_spec(colors=colors), component))
    assert image.size == (1280, 800)
    counts = colour_counts(image)
    ranked = sorted(counts, key=counts.__getitem__, reverse=True)
    assert ranked[0] == hex_rgb(colors.background)
    pixels = image.width * image.height
    assert counts.get(hex_rgb(colors.primary), 0) > 0.05 * pixels  # the top bar, buttons, charts
    assert counts.get(hex_rgb(colors.accent), 0) > 500  # logo, avatar, at least
    assert len(counts) > 50  # anti-aliased text, not a few flat boxes


def test_changing_the_palette_changes_the_pixels() -> None:
    spec = make_spec()
    other = make_spec(colors=ColorScheme(background="#f0f9ff", primary="#b91c1c", text="#111111", accent="#0ea5e9"))
    first, second = (colour_counts(open_png(render_mockup(s, "RecipeList"))) for s in (spec, other))
    assert hex_rgb("#b91c1c") in second and hex_rgb("#b91c1c") not in first
    assert hex_rgb(IVORY_FOREST.primary) not in second


def test_each_component_draws_a_different_picture() -> None:
    spec = make_spec()
    images = {name: open_png(render_mockup(spec, name)) for name in COMPONENTS}
    names = list(images)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            diff = ImageChops.difference(images[a], images[b]).convert("L")
            changed = sum(diff.point(lambda v: 255 if v > 24 else 0).histogram()[255:])
            assert changed > 0.03 * 1280 * 800, f"{a} and {b} look alike ({changed} pixels differ)"


def test_mockups_are_deterministic_across_processes() -> None:
    spec = make_spec()
    here = {name: hashlib.sha256(render_mockup(spec, name)).hexdigest() for name in COMPONENTS}
    assert here == {name: hashlib.sha256(render_mockup(spec, name)).hexdigest() for name in COMPONENTS}
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
    spec = make_spec()
    expected = {name: render_mockup(spec, name) for name in COMPONENTS}
    with ThreadPoolExecutor(6) as pool:
        jobs = [(name, pool.submit(render_mockup, spec, name)) for name in COMPONENTS * 3]
        assert all(job.result() == expected[name] for name, job in jobs)


def test_different_apps_get_different_sample_data() -> None:
    spec, other = make_spec(), make_spec(name="Kitchen Notes")
    assert sample_rows(spec, spec.entities[0], 5) != sample_rows(other, other.entities[0], 5)
    assert render_mockup(spec, "Dashboard") != render_mockup(other, "Dashboard")


def test_sample_values_fit_their_field_types() -> None:
    spec = make_spec()
    recipe = spec.entities[0]
    rng = seeded(spec, "test")
    fields = {f.name: f for f in recipe.fields}
    for row in range(20):
        values = {name: sample_value(recipe, field, rng, row) for name, field in fields.items()}
        assert values["cuisine"] in ("Italian", "Mexican", "Thai")
        assert values["vegetarian"] in ("Yes", "No")
        assert values["prep_time"].isdigit()
        assert values["price"].startswith("$") and float(values["price"][1:].replace(",", "")) > 0
        assert time.strptime(values["published_on"], "%Y-%m-%d")
        assert time.strptime(values["cooked_at"], "%Y-%m-%d %H:%M")
        assert "@" in values["author_email"] and values["author_email"].endswith(".com")
        assert values["source"].startswith("https://")
        assert len(values["instructions"].split()) >= 8


@pytest.mark.parametrize("size", [(640, 400), (1920, 1080), (1280, 720)])
def test_mockups_render_at_other_sizes(size: tuple[int, int]) -> None:
    image = open_png(render_mockup(make_spec(), "Dashboard", size))
    assert image.size == size
    counts = colour_counts(image)
    assert max(counts, key=counts.__getitem__) == hex_rgb(IVORY_FOREST.background)


def test_long_text_is_truncated_inside_its_box() -> None:
    spec = make_spec(name="Mammoth Warehouse Management Workbench With Many Wonderful Widgets For Workers")
    image = open_png(render_mockup(spec, "RecipeList"))
    # between the longest the name may run (x < 786) and the search box (x >= 904) the top bar stays plain
    gap = image.crop((792, 4, 898, 56))
    assert colour_counts(gap) == {hex_rgb(IVORY_FOREST.primary): gap.width * gap.height}
    canvas = Canvas((1280, 800), Palette.from_scheme(IVORY_FOREST))
    fitted = canvas.fit("word " * 60, 14, 200)
    assert fitted.endswith("\u2026") and canvas.measure(fitted, 14) <= 200


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


def test_mockups_are_fast() -> None:
    spec = make_spec()
    render_mockup(spec, "Home")  # fonts load once per process
    timings = []
    for name in COMPONENTS:
        start = time.perf_counter()
        render_mockup(spec, name)
        timings.append(time.perf_counter() - start)
    assert sorted(timings)[len(timings) // 2] < 0.15, timings


def test_captions_say_what_the_viewer_sees() -> None:
    spec = make_spec()
    assert component_caption(spec, "RecipeList") == "search and manage recipes"
    assert component_caption(spec, "RecipeForm") == "create or edit a recipe"
    assert "recipes" in component_caption(spec, "LiveFeed")


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
    start = time.perf_counter()
    assert await video.render_demo_video(spec, out) == out
    elapsed = time.perf_counter() - start
    assert elapsed < 15, f"rendering took {elapsed:.1f} s"

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
