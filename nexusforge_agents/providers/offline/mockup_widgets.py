"""Drawing primitives for the offline wireframes: a palette from the app's colours and a scaled canvas.

Layout code works in logical units of a 1280x800 screen; the canvas scales every coordinate and font size to
the real image, so one layout serves any output size. Text always goes through ``fit``/``wrap`` so it never
spills out of its box. Pillow's bundled font (Aileron) covers ASCII and a few symbols only; ``safe_text``
folds everything else to ASCII so no missing-glyph boxes appear.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from ...schemas import ColorScheme

RGB = tuple[int, int, int]
Box = tuple[float, float, float, float]
BASE_SIZE = (1280, 800)
ELLIPSIS = "\u2026"
WHITE: RGB = (255, 255, 255)
INK: RGB = (17, 24, 39)
_FOLD = {"\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2022": "*"}


def hex_rgb(value: str) -> RGB:
    value = value.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def mix(a: RGB, b: RGB, t: float) -> RGB:
    """``a`` moved a fraction ``t`` of the way towards ``b``."""
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t), round(a[2] + (b[2] - a[2]) * t))


def luminance(color: RGB) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def readable_on(fill: RGB, preferred: RGB, minimum: float = 3.0) -> RGB:
    """``preferred`` if it reads on ``fill``, else white or near-black, whichever reads better."""
    if contrast(fill, preferred) >= minimum:
        return preferred
    return WHITE if contrast(fill, WHITE) >= contrast(fill, INK) else INK


@dataclass(frozen=True)
class Palette:
    background: RGB
    primary: RGB
    text: RGB
    accent: RGB
    shadow: RGB  # the sliver under a card
    nav: RGB  # side navigation
    border: RGB
    muted: RGB  # secondary text
    tint: RGB  # selected rows, chart areas: primary washed into the background
    on_primary: RGB
    on_accent: RGB

    @classmethod
    def from_scheme(cls, scheme: ColorScheme) -> Palette:
        bg, primary, accent = hex_rgb(scheme.background), hex_rgb(scheme.primary), hex_rgb(scheme.accent)
        text = readable_on(bg, hex_rgb(scheme.text), 4.5)
        light = luminance(bg) > 0.4
        return cls(
            background=bg,
            primary=primary,
            text=text,
            accent=accent,
            shadow=mix(bg, text, 0.09),
            nav=mix(bg, text, 0.045),
            border=mix(bg, text, 0.16),
            muted=mix(text, bg, 0.42),
            tint=mix(bg, primary, 0.14 if light else 0.24),
            on_primary=readable_on(primary, WHITE, 3.0),
            on_accent=readable_on(accent, INK, 3.0),
        )


@lru_cache(maxsize=64)
def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=max(6, size))  # type: ignore[return-value]


@lru_cache(maxsize=512)
def _glyph_pixels(char: str) -> bytes:
    image = Image.new("L", (40, 40))
    ImageDraw.Draw(image).text((4, 4), char, font=font(20), fill=255)
    return image.tobytes()


def _has_glyph(char: str) -> bool:
    return char.isspace() or _glyph_pixels(char) != _glyph_pixels("\uffff")


def safe_text(text: str) -> str:
    """Text the bundled font can draw: accents stripped, dashes and quotes folded, anything else as '?'."""
    out = []
    for char in text:
        char = _FOLD.get(char, char)
        if not char.isascii() and not _has_glyph(char):
            base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
            char = base if base and base.isascii() else "?"
        out.append(char)
    return "".join(out)


class Canvas:
    """An RGB image addressed in logical 1280x800 units (or wider/taller when the aspect differs); ``scale``
    overrides the fit, e.g. 1.0 for a strip that is not shaped like a screen."""

    def __init__(self, size: tuple[int, int], palette: Palette, scale: float | None = None) -> None:
        self.image = Image.new("RGB", size, palette.background)
        self.draw = ImageDraw.Draw(self.image)
        self.palette = palette
        self.scale = scale or min(size[0] / BASE_SIZE[0], size[1] / BASE_SIZE[1])
        self.width = size[0] / self.scale
        self.height = size[1] / self.scale
        self.texts: list[str] = []  # every line drawn, as given: what the picture says, for checking it

    def px(self, value: float) -> int:
        return round(value * self.scale)

    def _box(self, box: Box) -> tuple[int, int, int, int]:
        x0, y0, x1, y1 = (self.px(v) for v in box)
        return x0, y0, max(x0, x1 - 1), max(y0, y1 - 1)

    def font(self, size: float) -> ImageFont.FreeTypeFont:
        return font(self.px(size))

    # shapes -------------------------------------------------------------------------------------------------
    def rect(self, box: Box, fill: RGB | None = None, outline: RGB | None = None, radius: float = 0) -> None:
        width = max(1, self.px(1)) if outline else 0
        r = self.px(radius)
        if r:
            self.draw.rounded_rectangle(self._box(box), r, fill=fill, outline=outline, width=width)
        else:
            self.draw.rectangle(self._box(box), fill=fill, outline=outline, width=width)

    def circle(self, center: tuple[float, float], radius: float, fill: RGB | None, outline: RGB | None = None) -> None:
        cx, cy = center
        width = max(1, self.px(1.5)) if outline else 0
        self.draw.ellipse(self._box((cx - radius, cy - radius, cx + radius, cy + radius)), fill, outline, width)

    def line(self, points: Sequence[tuple[float, float]], fill: RGB, width: float = 1) -> None:
        self.draw.line([(self.px(x), self.px(y)) for x, y in points], fill=fill, width=max(1, self.px(width)))

    def polygon(self, points: Sequence[tuple[float, float]], fill: RGB) -> None:
        self.draw.polygon([(self.px(x), self.px(y)) for x, y in points], fill=fill)

    # text ---------------------------------------------------------------------------------------------------
    def measure(self, text: str, size: float) -> float:
        return self.font(size).getlength(text) / self.scale

    def fit(self, text: str, size: float, max_width: float) -> str:
        """``text``, or its longest prefix plus an ellipsis that fits ``max_width``."""
        text = safe_text(text)
        if self.measure(text, size) <= max_width:
            return text
        lo, hi = 0, len(text)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.measure(text[:mid].rstrip() + ELLIPSIS, size) <= max_width:
                lo = mid
            else:
                hi = mid - 1
        return text[:lo].rstrip() + ELLIPSIS if lo else ""

    def wrap(self, text: str, size: float, max_width: float, max_lines: int) -> list[str]:
        lines: list[str] = []
        words = safe_text(text).split()
        current = ""
        for index, word in enumerate(words):
            candidate = f"{current} {word}".strip()
            if self.measure(candidate, size) <= max_width or not current:
                current = candidate
                continue
            if len(lines) == max_lines - 1:
                return [*lines, self.fit(" ".join([current, *words[index:]]), size, max_width)]
            lines.append(current)
            current = word
        if current:
            lines.append(self.fit(current, size, max_width))
        return lines[:max_lines]

    def text(
        self,
        xy: tuple[float, float],
        text: str,
        *,
        size: float = 14,
        fill: RGB | None = None,
        bold: bool = False,
        max_width: float | None = None,
        anchor: str = "la",
    ) -> float:
        """Draw one line (truncated to ``max_width``); returns its logical width."""
        self.texts.append(text)
        shown = self.fit(text, size, max_width) if max_width is not None else safe_text(text)
        x, y = self.px(xy[0]), self.px(xy[1])
        face = self.font(size)
        color = fill or self.palette.text
        self.draw.text((x, y), shown, font=face, fill=color, anchor=anchor)
        if bold:  # the bundled font has no bold face: a one-pixel overstrike reads as semibold
            self.draw.text((x + max(1, self.px(0.6)), y), shown, font=face, fill=color, anchor=anchor)
        return face.getlength(shown) / self.scale


# widgets ----------------------------------------------------------------------------------------------------
def card(cv: Canvas, box: Box, title: str | None = None) -> float:
    """A bordered card on the page background (the app's background stays its dominant colour, as in the
    generated UI); returns the y where its content starts."""
    p = cv.palette
    cv.rect((box[0], box[1] + 2, box[2], box[3] + 2), fill=p.shadow, radius=10)
    cv.rect(box, fill=p.background, outline=p.border, radius=10)
    if not title:
        return box[1] + 16
    cv.text((box[0] + 18, box[1] + 26), title, size=16, bold=True, anchor="lm", max_width=box[2] - box[0] - 36)
    return box[1] + 50


def button(cv: Canvas, box: Box, label: str, *, style: str = "primary") -> None:
    p = cv.palette
    fills = {"primary": (p.primary, p.on_primary), "accent": (p.accent, p.on_accent)}
    fill, ink = fills.get(style, (None, p.primary))
    cv.rect(box, fill=fill, outline=p.primary if fill is None else None, radius=8)
    center = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
    cv.text(center, label, size=14, fill=ink, bold=True, anchor="mm", max_width=box[2] - box[0] - 16)


def field_box(cv: Canvas, box: Box, value: str, *, placeholder: bool = False, trailing: float = 0) -> None:
    """An input's outline and its value (muted when it is a placeholder)."""
    p = cv.palette
    cv.rect(box, fill=p.background, outline=p.border, radius=6)
    ink = p.muted if placeholder else p.text
    y = (box[1] + box[3]) / 2 if box[3] - box[1] < 60 else box[1] + 18
    cv.text((box[0] + 12, y), value, size=14, fill=ink, anchor="lm", max_width=box[2] - box[0] - 24 - trailing)


def chevron(cv: Canvas, center: tuple[float, float], color: RGB, size: float = 5) -> None:
    x, y = center
    cv.polygon([(x - size, y - size / 2), (x + size, y - size / 2), (x, y + size / 2 + 1)], color)


def calendar_icon(cv: Canvas, center: tuple[float, float], color: RGB) -> None:
    x, y = center
    cv.rect((x - 8, y - 7, x + 8, y + 8), outline=color, radius=2)
    cv.rect((x - 8, y - 7, x + 8, y - 3), fill=color)
    for dx in (-4, 0, 4):
        cv.rect((x + dx - 1, y + 1, x + dx + 1, y + 3), fill=color)


def magnifier(cv: Canvas, center: tuple[float, float], color: RGB) -> None:
    x, y = center
    cv.circle((x - 2, y - 2), 6, None, outline=color)
    cv.line([(x + 2.5, y + 2.5), (x + 7, y + 7)], color, 2)


def checkbox(cv: Canvas, xy: tuple[float, float], checked: bool, label: str, max_width: float) -> None:
    p = cv.palette
    x, y = xy
    cv.rect((x, y - 9, x + 18, y + 9), fill=p.primary if checked else p.background, outline=p.primary, radius=4)
    if checked:
        cv.line([(x + 4, y), (x + 8, y + 4), (x + 14, y - 5)], p.on_primary, 2)
    cv.text((x + 28, y), label, size=14, anchor="lm", max_width=max_width - 28)


def table(cv: Canvas, box: Box, headers: list[str], rows: list[list[str]], styles: list[str]) -> float:
    """A data table in a card as tall as the rows that fit: header row, striped rows; styles per column:
    strong (the row's name) or plain. Returns the card's bottom."""
    p = cv.palette
    row_h = 46
    x0, y0, x1, _ = box
    shown = rows[: max(0, int((box[3] - y0 - 52) / row_h))]
    y1 = y0 + 52 + row_h * len(shown)  # the 10 below the last row keeps stripes off the rounded corners
    card(cv, (x0, y0, x1, y1))
    widths = [1.7 if i == 0 else 1.0 for i in range(len(styles))]
    unit = (x1 - x0 - 16) / sum(widths)
    lefts = [x0 + 16 + unit * sum(widths[:i]) for i in range(len(widths))]
    cv.rect((x0 + 1, y0 + 1, x1 - 1, y0 + 42), fill=p.nav, radius=10)
    cv.rect((x0 + 1, y0 + 30, x1 - 1, y0 + 42), fill=p.nav)
    for left, width, header in zip(lefts, widths, headers, strict=True):
        cv.text(
            (left, y0 + 22), header.upper(), size=11, fill=p.muted, bold=True, anchor="lm", max_width=unit * width - 14
        )
    y = y0 + 42
    for index, row in enumerate(shown):
        cv.line([(x0 + 1, y), (x1 - 1, y)], p.border)
        if index % 2:
            cv.rect((x0 + 1, y + 1, x1 - 1, y + row_h), fill=mix(p.background, p.nav, 0.6))
        mid = y + row_h / 2
        for left, width, value, style in zip(lefts, widths, row, styles, strict=True):
            cv.text((left, mid), value, size=14, bold=style == "strong", anchor="lm", max_width=unit * width - 14)
        y += row_h
    return y1


def _chart_frame(cv: Canvas, box: Box, top: float, labels: list[str]) -> tuple[float, float, float, float]:
    p = cv.palette
    x0, y0, x1, y1 = box[0] + 44, box[1], box[2] - 8, box[3] - 24
    for step in range(5):
        y = y1 - (y1 - y0) * step / 4
        cv.line([(x0, y), (x1, y)], p.border)
        cv.text((x0 - 8, y), f"{round(top * step / 4):,}", size=11, fill=p.muted, anchor="rm")
    slot = (x1 - x0) / max(1, len(labels))
    for index, label in enumerate(labels):
        cv.text((x0 + slot * (index + 0.5), y1 + 12), label, size=11, fill=p.muted, anchor="mm", max_width=slot + 12)
    return x0, y0, x1, y1


def _nice_top(values: Sequence[float]) -> float:
    peak = max(max(values, default=1), 1)
    magnitude = 10 ** (len(str(int(peak))) - 1)
    return max(4.0, float(-(-peak * 1.1 // magnitude) * magnitude))  # at least 4: whole-number ticks


def bar_chart(cv: Canvas, box: Box, values: list[int], labels: list[str], color: RGB) -> None:
    top = _nice_top(values)
    x0, y0, x1, y1 = _chart_frame(cv, box, top, labels)
    slot = (x1 - x0) / max(1, len(values))
    for index, value in enumerate(values):
        left = x0 + slot * index + slot * 0.2
        height = (y1 - y0) * value / top
        cv.rect((left, y1 - height, left + slot * 0.6, y1), fill=color, radius=min(4, slot * 0.2))
