"""The mockup walk-through: an H.264 MP4 over the app's page mockups with captions (the demo video when the
running app cannot be recorded in a browser, see ``tools/app_recorder.py``).

Pillow draws only the distinct pictures (a title card, each page's mockup and its caption bar), off the
event loop; ffmpeg does the motion: each mockup pans gently from its top to its bottom under a fixed caption
bar, and consecutive slides cross-fade (``xfade``). That keeps Python's share to a few images however long the
video, and ffmpeg runs under ``run_process`` so cancelling the build kills it.
"""

from __future__ import annotations

import asyncio
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ...errors import BuildFailedError
from ...schemas import AppSpec
from ...spec_conventions import ensure_pages
from ...tools.processes import run_process
from .mockup_content import nav_label, page_of
from .mockup_widgets import INK, Canvas, Palette, mix
from .mockups import render_mockup

FPS = 15
SLIDE_SECONDS = 2.6
FADE_SECONDS = 0.5
FRAME_SIZE = (1280, 720)
CAPTION_HEIGHT = 84
MOCKUP_SIZE = (1280, 800)
PAN_PIXELS = MOCKUP_SIZE[1] - (FRAME_SIZE[1] - CAPTION_HEIGHT)
ENCODER_ARGS = ["-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p"]


@dataclass(frozen=True)
class Slides:
    """PNG bytes: the title card, then per page its mockup and its caption bar."""

    title: bytes
    components: list[tuple[str, bytes, bytes]]


def demo_duration(spec: AppSpec) -> float:
    """The video's length in seconds: a title card and one slide per component, overlapping by the fades."""
    slides = 1 + len(spec.ui_components)
    return slides * SLIDE_SECONDS - (slides - 1) * FADE_SECONDS


def _png(canvas: Canvas) -> bytes:
    buffer = io.BytesIO()
    canvas.image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def render_title_card(spec: AppSpec) -> bytes:
    palette = Palette.from_scheme(spec.colors)
    cv = Canvas(FRAME_SIZE, palette, scale=1.0)
    p = palette
    cv.rect((0, 0, cv.width, cv.height), fill=p.primary)
    cv.rect((0, cv.height - 10, cv.width, cv.height), fill=p.accent)
    cv.rect((96, 150, 160, 214), fill=p.accent, radius=14)
    cv.text((128, 182), spec.name[:1].upper(), size=36, fill=p.on_accent, bold=True, anchor="mm")
    cv.text((184, 182), spec.name, size=52, fill=p.on_primary, bold=True, anchor="lm", max_width=cv.width - 280)
    soft = mix(p.on_primary, p.primary, 0.15)
    lines = cv.wrap(spec.description, 24, cv.width - 192, 3)
    for index, line in enumerate(lines):
        cv.text((96, 270 + index * 36), line, size=24, fill=soft, anchor="lm")
    x, y = 96.0, 270.0 + len(lines) * 36 + 40
    first_row = y
    for page in ensure_pages(spec).pages:  # the pages the walk-through shows, in order
        label = cv.fit(nav_label(page), 17, 330)
        width = cv.measure(label, 17) + 36
        if x + width > cv.width - 96:
            x, y = 96.0, y + 52
            if y > first_row + 104:  # three rows at most
                break
        cv.rect((x, y, x + width, y + 38), fill=mix(p.primary, p.on_primary, 0.18), radius=19)
        cv.text((x + 18, y + 19), label, size=17, fill=p.on_primary, anchor="lm")
        x += width + 12
    pages = f"{len(spec.ui_components)} page{'s' * (len(spec.ui_components) != 1)}"
    cv.text((96, 620), f"Wireframe walk-through \u00b7 {pages}", size=18, fill=soft, anchor="lm")
    cv.text((cv.width - 96, 620), "Built with Nexus Forge", size=18, fill=soft, anchor="rm")
    return _png(cv)


def render_caption(spec: AppSpec, component: str, index: int) -> bytes:
    """The bar under a slide: the page's title, its purpose when the spec gives one, the step, a progress line."""
    _, page = page_of(spec, component)
    palette = Palette.from_scheme(spec.colors)
    bar = mix(palette.text, INK, 0.4) if palette.text != INK else (30, 41, 59)
    cv = Canvas((FRAME_SIZE[0], CAPTION_HEIGHT), palette, scale=1.0)
    cv.rect((0, 0, cv.width, cv.height), fill=bar)
    total = len(spec.ui_components)
    cv.rect((0, 0, cv.width * (index + 1) / total, 4), fill=palette.accent)
    ink = (255, 255, 255)
    name_w = cv.text((40, 46), page.title, size=26, fill=ink, bold=True, anchor="lm", max_width=620)
    if page.purpose:
        dash = 40 + name_w + 16
        cv.line([(dash, 47), (dash + 22, 47)], palette.accent, 3)  # an em dash: the bundled font has none
        room = cv.width - dash - 170
        cv.text((dash + 38, 46), page.purpose, size=22, fill=mix(ink, bar, 0.12), anchor="lm", max_width=room)
    step = f"{index + 1} / {total}"
    cv.text((cv.width - 40, 46), step, size=18, fill=mix(ink, bar, 0.35), anchor="rm")
    return _png(cv)


def render_slides(spec: AppSpec) -> Slides:
    spec = ensure_pages(spec)
    components = [
        (name, render_mockup(spec, name, MOCKUP_SIZE), render_caption(spec, name, index))
        for index, name in enumerate(spec.ui_components)
    ]
    return Slides(title=render_title_card(spec), components=components)


def ffmpeg_command(ffmpeg: str, slides: Slides, out: Path) -> list[str]:
    """The ffmpeg invocation over files ``title.png``, ``mockup_<i>.png`` and ``caption_<i>.png`` in its cwd.

    Each picture is decoded once and repeated by the ``loop`` filter (``-loop 1`` would decode the PNG again for
    every frame, which was most of the work)."""
    frames = round(SLIDE_SECONDS * FPS)
    # convert each picture to yuv420p once, before it is repeated, rather than every frame
    hold = f"format=yuv420p,loop=loop={frames - 1}:size=1:start=0,setpts=N/{FPS}/TB"
    args = [ffmpeg, "-hide_banner", "-nostdin", "-y", "-i", "title.png"]
    normalise = f"setsar=1,fps={FPS},settb=AVTB"
    graph = [f"[0:v]{hold},{normalise}[s0]"]
    # ease in and out: the page scrolls from its top to its bottom while the slide is on screen
    pan = f"{PAN_PIXELS}*(1-cos(PI*t/{SLIDE_SECONDS}))/2"
    height = FRAME_SIZE[1] - CAPTION_HEIGHT
    for index in range(len(slides.components)):
        args += ["-i", f"mockup_{index}.png", "-i", f"caption_{index}.png"]
        shot, bar = 1 + 2 * index, 2 + 2 * index
        graph.append(f"[{shot}:v]{hold},crop=w={FRAME_SIZE[0]}:h={height}:x=0:y='{pan}'[m{index}]")
        graph.append(f"[{bar}:v]{hold}[c{index}]")
        graph.append(f"[m{index}][c{index}]vstack=inputs=2,{normalise}[s{index + 1}]")
    previous = "s0"
    for index in range(1, len(slides.components) + 1):
        offset = index * (SLIDE_SECONDS - FADE_SECONDS)
        label = "v" if index == len(slides.components) else f"x{index}"
        graph.append(
            f"[{previous}][s{index}]xfade=transition=fade:duration={FADE_SECONDS}:offset={offset:.3f}[{label}]"
        )
        previous = label
    args += ["-filter_complex", ";".join(graph), "-map", "[v]", *ENCODER_ARGS, "-r", str(FPS)]
    return [*args, "-movflags", "+faststart", "-an", str(out)]


def _write_inputs(folder: Path, slides: Slides) -> None:
    (folder / "title.png").write_bytes(slides.title)
    for index, (_, mockup, caption) in enumerate(slides.components):
        (folder / f"mockup_{index}.png").write_bytes(mockup)
        (folder / f"caption_{index}.png").write_bytes(caption)


async def render_demo_video(spec: AppSpec, out: Path, *, timeout_s: float = 300.0) -> Path:
    """Render the walkthrough MP4 (H.264, yuv420p, faststart) to ``out``; returns ``out``.

    The file appears only when complete: ffmpeg writes a hidden partial file next to it, removed on failure or
    cancellation. Raises ``BuildFailedError`` with ffmpeg's last lines when encoding fails.
    """
    import imageio_ffmpeg

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    slides = await asyncio.to_thread(render_slides, spec)
    ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
    partial = out.with_name(f".{out.stem}.partial{out.suffix or '.mp4'}")
    with tempfile.TemporaryDirectory(prefix="nexusforge-video-") as tmp:
        folder = Path(tmp)
        _write_inputs(folder, slides)
        try:
            result = await run_process(
                ffmpeg_command(ffmpeg, slides, partial.resolve()), cwd=folder, timeout_s=timeout_s
            )
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    if result.exit_code != 0 or result.timed_out or not partial.is_file():
        partial.unlink(missing_ok=True)
        reason = f"timed out after {timeout_s:.0f} s" if result.timed_out else f"exit code {result.exit_code}"
        tail = "\n".join(result.output.strip().splitlines()[-12:])
        raise BuildFailedError(
            f"ffmpeg could not encode the demo video ({reason}); its last lines:\n{tail}",
            details={"exit_code": result.exit_code, "timed_out": result.timed_out, "output_tail": tail},
        )
    os.replace(partial, out)
    return out
