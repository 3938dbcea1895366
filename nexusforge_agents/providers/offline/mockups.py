"""Offline mockups: a PNG wireframe of one page of the spec's page model, drawn in the app's own colours.

Every mockup shares the app chrome (a top bar with the app's name, a side navigation listing the app's pages
with the current one highlighted) and the page header (its title and purpose); the body is the page's elements
in order (``mockup_content`` says what each shows, ``mockup_elements`` draws it). Nothing else is drawn: no
search box, filter, card or button the page lacks. Same spec and page, same bytes.
"""

from __future__ import annotations

import io

from ...schemas import AppSpec
from .mockup_content import nav_label, page_of, widgets
from .mockup_elements import draw_widgets
from .mockup_widgets import Canvas, Palette

TOP_BAR = 60
NAV_WIDTH = 236
PAD = 32
WIREFRAME_NOTE = "Wireframe \u00b7 offline-wireframe-1"


def page_caption(spec: AppSpec, component: str) -> str:
    """What a viewer sees on this page: its purpose, else its title."""
    _, page = page_of(spec, component)
    return page.purpose or page.title


def draw_mockup(spec: AppSpec, component: str, size: tuple[int, int] = (1280, 800)) -> Canvas:
    """The wireframe of the page named ``component`` on a canvas (``Canvas.texts`` lists every word drawn)."""
    spec, page = page_of(spec, component)
    cv = Canvas(size, Palette.from_scheme(spec.colors))
    _chrome(cv, spec, page.name)
    x, right = NAV_WIDTH + PAD, cv.width - PAD
    cv.text((x, TOP_BAR + 40), page.title, size=26, bold=True, anchor="lm", max_width=right - x)
    top = TOP_BAR + 76
    if page.purpose:
        cv.text((x, TOP_BAR + 70), page.purpose, size=14, fill=cv.palette.muted, anchor="lm", max_width=right - x)
        top += 20
    draw_widgets(cv, widgets(spec, page), (x, top, right, cv.height - PAD))
    return cv


def render_mockup(spec: AppSpec, component: str, size: tuple[int, int] = (1280, 800)) -> bytes:
    """A PNG wireframe of the page named ``component`` as the generated app shows it."""
    buffer = io.BytesIO()
    draw_mockup(spec, component, size).image.save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()


def _chrome(cv: Canvas, spec: AppSpec, current: str) -> None:
    p = cv.palette
    cv.rect((0, 0, cv.width, TOP_BAR), fill=p.primary)
    cv.rect((20, 14, 52, 46), fill=p.accent, radius=8)
    cv.text((36, 30), spec.name[:1].upper(), size=18, fill=p.on_accent, bold=True, anchor="mm")
    cv.text((66, 30), spec.name, size=20, fill=p.on_primary, bold=True, anchor="lm", max_width=cv.width - 120)

    cv.rect((0, TOP_BAR, NAV_WIDTH, cv.height), fill=p.nav)
    cv.line([(NAV_WIDTH, TOP_BAR), (NAV_WIDTH, cv.height)], p.border)
    y = TOP_BAR + 20
    rows = int((cv.height - 56 - y) / 44)
    names = [page.name for page in spec.pages]
    labels = {page.name: nav_label(page) for page in spec.pages}
    for name in _nav_window(names, current, rows):
        if name is None:
            cv.text((24, y + 18), f"+ {len(names) - rows + 1} more", size=13, fill=p.muted, anchor="lm")
            break
        active = name == current
        if active:
            cv.rect((12, y, NAV_WIDTH - 12, y + 38), fill=p.tint, radius=8)
            cv.rect((12, y + 9, 16, y + 29), fill=p.primary, radius=2)
        ink = p.primary if active else p.text
        cv.circle((37, y + 19), 4, p.primary if active else p.muted)
        cv.text((56, y + 19), labels[name], size=14, fill=ink, bold=active, anchor="lm", max_width=NAV_WIDTH - 76)
        y += 44
    cv.text((24, cv.height - 26), WIREFRAME_NOTE, size=11, fill=p.muted, anchor="lm")


def _nav_window(names: list[str], current: str, rows: int) -> list[str | None]:
    """The nav entries that fit in ``rows``, always including the current one; None marks '+ N more'."""
    if len(names) <= rows:
        return list(names)
    shown = rows - 1
    index = names.index(current) if current in names else 0
    start = 0 if index < shown else index - shown + 1
    return [*names[start : start + shown], None]
