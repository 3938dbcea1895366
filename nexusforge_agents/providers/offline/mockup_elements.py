"""Drawing a page's widgets top to bottom: small controls two to a row, buttons and links side by side,
tables, charts and maps full width and shrunk to fit. What does not fit is counted ('+ 3 more'), never dropped
silently."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .mockup_content import Widget
from .mockup_widgets import (
    Box,
    Canvas,
    bar_chart,
    button,
    calendar_icon,
    card,
    checkbox,
    chevron,
    field_box,
    magnifier,
    mix,
    table,
)

GAP = 14
_HALF = {"input", "password", "email", "number", "date", "select", "radio", "file", "checkbox"}
_INLINE = {"button", "link"}
# kind -> (natural height, smallest height it may shrink to)
_FLEX = {"chart": (250, 150), "map": (270, 150), "calendar": (300, 210), "kanban": (270, 150), "image": (180, 96)}


@dataclass
class Row:
    widgets: list[Widget]
    height: float
    least: float  # the height it may shrink to

    @property
    def inline(self) -> bool:
        return self.widgets[0].kind in _INLINE


def natural_height(item: Widget) -> tuple[float, float]:
    """The height a widget wants and the least it can do with."""
    kind = item.kind
    if kind in _FLEX:
        return _FLEX[kind]
    if kind == "table":
        full = 52 + 46 * len(item.rows)
        return full, 52 + 46 * min(1, len(item.rows))
    if kind == "list":
        label = 30 if item.label else 0
        full = label + 10 + 44 * max(1, len(item.rows))
        return full, label + 54
    if kind == "heading":
        return 48, 48
    if kind == "text":
        if item.rows:
            lines = (len(item.rows) + 1) // 2
            return 24 + 58 * lines, 24 + 58
        return 44, 44
    if kind == "textarea":
        return 120, 84
    if kind == "form":
        pairs = (len(item.columns) + 1) // 2
        full = 60 + 76 * pairs
        return full, min(full, 60 + 76)
    if kind == "timer":
        return 110, 110
    return 70, 70


def layout(items: list[Widget]) -> list[Row]:
    """Group the widgets into rows in page order."""
    rows: list[Row] = []
    for item in items:
        last = rows[-1] if rows else None
        pairable = last is not None and item.kind in _HALF and last.widgets[-1].kind in _HALF and len(last.widgets) < 2
        side_by_side = last is not None and item.kind in _INLINE and last.inline and len(last.widgets) < 6
        if last is not None and (pairable or side_by_side):
            height, least = natural_height(item)
            last.widgets.append(item)
            last.height, last.least = max(last.height, height), max(last.least, least)
            continue
        if item.kind in _INLINE:
            rows.append(Row([item], 44, 44))
        else:
            height, least = natural_height(item)
            rows.append(Row([item], height, least))
    return rows


def fit(rows: list[Row], room: float) -> tuple[list[Row], int]:
    """Shrink tall rows to fit ``room``; rows that still do not fit are cut. Returns (rows, widgets cut)."""
    need = sum(r.height for r in rows) + GAP * max(0, len(rows) - 1)
    if need > room:
        slack = sum(r.height - r.least for r in rows)
        cut_by = min(1.0, (need - room) / slack) if slack else 0.0
        for row in rows:
            row.height -= (row.height - row.least) * cut_by
    kept: list[Row] = []
    used = 0.0
    for index, row in enumerate(rows):
        extra = GAP if kept else 0
        more_line = 28 if index < len(rows) - 1 else 0
        if used + extra + row.height + more_line > room and kept:
            return kept, sum(len(r.widgets) for r in rows[index:])
        kept.append(row)
        used += extra + row.height
    return kept, 0


def draw_widgets(cv: Canvas, items: list[Widget], box: Box) -> None:
    x0, y0, x1, y1 = box
    rows, cut = fit(layout(items), y1 - y0)
    y = y0
    for row in rows:
        if row.inline:
            x = x0
            for item in row.widgets:
                x += draw_inline(cv, item, (x, y)) + 12
        else:
            width = (x1 - x0 - 24) / 2 if len(row.widgets) > 1 or row.widgets[0].kind in _HALF else x1 - x0
            for index, item in enumerate(row.widgets):
                left = x0 + index * (width + 24)
                DRAW.get(item.kind, _input)(cv, item, (left, y, left + width, y + row.height))
        y += row.height + GAP
    if cut:
        cv.text((x0, y + 4), f"+ {cut} more", size=13, fill=cv.palette.muted, anchor="lm")


def draw_inline(cv: Canvas, item: Widget, xy: tuple[float, float]) -> float:
    """A button or link at ``xy``; returns its width."""
    x, y = xy
    label = item.label or " "
    width = min(260.0, cv.measure(cv.fit(label, 14, 228), 14) + 36)
    if item.kind == "link":
        cv.text((x, y + 22), label, size=14, fill=cv.palette.primary, bold=True, anchor="lm", max_width=228)
        shown = min(228.0, cv.measure(cv.fit(label, 14, 228), 14))
        cv.line([(x, y + 32), (x + shown, y + 32)], cv.palette.primary)
        return shown + 12
    button(cv, (x, y, x + width, y + 42), label, style="outline" if item.element.action == "delete" else "primary")
    return width


def _label(cv: Canvas, item: Widget, box: Box) -> float:
    """The control's label above it; returns where the control starts."""
    if item.label:
        cv.text((box[0], box[1] + 9), item.label, size=13, bold=True, anchor="lm", max_width=box[2] - box[0])
        return box[1] + 22
    return box[1]


def _input(cv: Canvas, item: Widget, box: Box) -> None:
    p = cv.palette
    top = _label(cv, item, box)
    inner: Box = (box[0], top, box[2], min(box[3], top + 42))
    field_box(cv, inner, "")
    mid = (inner[1] + inner[3]) / 2
    kind, right = item.kind, inner[2]
    if kind == "password":
        for dot in range(8):
            cv.circle((inner[0] + 18 + dot * 13, mid), 3.5, p.muted)
    elif kind == "date":
        calendar_icon(cv, (right - 20, mid), p.primary)
    elif kind == "number":
        chevron(cv, (right - 16, mid + 6), p.muted, 4)
        cv.polygon([(right - 20, mid - 4), (right - 12, mid - 4), (right - 16, mid - 9)], p.muted)
    elif kind == "file":
        cv.rect((inner[0] + 6, inner[1] + 6, inner[0] + 40, inner[3] - 6), fill=p.nav, outline=p.border, radius=4)
        cv.line([(inner[0] + 23, mid + 6), (inner[0] + 23, mid - 6)], p.muted, 2)
        cv.polygon([(inner[0] + 17, mid - 3), (inner[0] + 29, mid - 3), (inner[0] + 23, mid - 9)], p.muted)
    elif item.element.action == "search":
        magnifier(cv, (right - 20, mid), p.muted)


def _select(cv: Canvas, item: Widget, box: Box) -> None:
    """The closed select showing its first option; every option as a chip beside the label, in order."""
    p = cv.palette
    top = _label(cv, item, box)
    inner: Box = (box[0], top, box[2], top + 42)
    field_box(cv, inner, item.options[0] if item.options else "", trailing=24)
    chevron(cv, (inner[2] - 18, top + 21), p.muted)
    x = box[0] + (cv.measure(cv.fit(item.label, 13, box[2] - box[0]), 13) + 12 if item.label else 0)
    for index, option in enumerate(item.options):
        width = min(box[2] - x, cv.measure(cv.fit(option, 11, 160), 11) + 16)
        if width < 36:
            cv.text((x, box[1] + 9), f"+ {len(item.options) - index} more", size=11, fill=p.muted, anchor="lm")
            break
        fill = p.tint if index == 0 else p.nav
        cv.rect((x, box[1], x + width, box[1] + 18), fill=fill, outline=p.border, radius=9)
        cv.text((x + 8, box[1] + 9), option, size=11, anchor="lm", max_width=width - 16)
        x += width + 6


def _radio(cv: Canvas, item: Widget, box: Box) -> None:
    p = cv.palette
    top = _label(cv, item, box)
    x, y = box[0], top + 22
    for index, option in enumerate(item.options):
        if x + 60 > box[2]:
            break
        cv.circle((x + 8, y), 8, p.background, outline=p.primary)
        if index == 0:
            cv.circle((x + 8, y), 4, p.primary)
        x += 22 + cv.text((x + 22, y), option, size=13, anchor="lm", max_width=min(180, box[2] - x - 22)) + 20


def _checkbox(cv: Canvas, item: Widget, box: Box) -> None:
    checkbox(cv, (box[0], box[1] + 43), False, item.label, box[2] - box[0])


def _textarea(cv: Canvas, item: Widget, box: Box) -> None:
    top = _label(cv, item, box)
    field_box(cv, (box[0], top, box[2], box[3]), "")


def _heading(cv: Canvas, item: Widget, box: Box) -> None:
    cv.text((box[0], box[1] + 22), item.label, size=24, bold=True, anchor="lm", max_width=box[2] - box[0])


def _text(cv: Canvas, item: Widget, box: Box) -> None:
    p = cv.palette
    x0, y0, x1, y1 = box
    if not item.rows:
        if item.label:
            cv.text((x0, y0 + 20), item.label, size=15, anchor="lm", max_width=x1 - x0)
        else:  # text the app fills in at run time: grey lines, no invented words
            cv.rect((x0, y0 + 10, x0 + (x1 - x0) * 0.7, y0 + 20), fill=p.border, radius=5)
            cv.rect((x0, y0 + 28, x0 + (x1 - x0) * 0.45, y0 + 38), fill=p.border, radius=5)
        return
    card(cv, box)
    width = (x1 - x0 - 72) / 2
    for index, (name, value) in enumerate(item.rows):
        x, y = x0 + 24 + (index % 2) * (width + 24), y0 + 18 + (index // 2) * 58
        if y + 44 > y1:
            break
        cv.text((x, y + 8), name.upper(), size=11, fill=p.muted, bold=True, anchor="lm", max_width=width)
        if value:
            cv.text((x, y + 32), value, size=15, anchor="lm", max_width=width)
        else:
            cv.rect((x, y + 27, x + width * 0.5, y + 37), fill=p.nav, radius=5)


def _table(cv: Canvas, item: Widget, box: Box) -> None:
    x0, y0, x1, y1 = box
    if not item.columns:
        card(cv, box)
        return
    columns = list(item.columns[: max(2, int((x1 - x0) / 130))])
    styles = ["strong"] + ["plain"] * (len(columns) - 1)
    rows = [list(row[: len(columns)]) for row in item.rows]
    table(cv, (x0, y0, x1, y1 + 10), columns, rows, styles)


def _list(cv: Canvas, item: Widget, box: Box) -> None:
    p = cv.palette
    x0, y0, x1, y1 = box
    top = y0
    if item.label:
        cv.text((x0, y0 + 12), item.label, size=16, bold=True, anchor="lm", max_width=x1 - x0)
        top = y0 + 30
    if item.values:  # totals: one card per row with its number
        width = (x1 - x0 - 16 * (len(item.rows) - 1)) / max(1, len(item.rows))
        for index, ((name,), value) in enumerate(zip(item.rows, item.values, strict=True)):
            left = x0 + index * (width + 16)
            card(cv, (left, top, left + width, min(y1, top + 84)))
            cv.text((left + 18, top + 24), name, size=13, fill=p.muted, anchor="lm", max_width=width - 36)
            cv.text((left + 18, top + 56), str(value), size=24, bold=True, anchor="lm", max_width=width - 36)
        return
    card(cv, (x0, top, x1, y1))
    for index in range(max(1, len(item.rows))):
        y = top + 10 + index * 44
        if y + 44 > y1:
            break
        if index:
            cv.line([(x0 + 1, y), (x1 - 1, y)], p.border)
        cv.circle((x0 + 24, y + 22), 5, p.primary)
        if item.rows:
            cv.text((x0 + 40, y + 22), item.rows[index][0], size=14, anchor="lm", max_width=x1 - x0 - 60)
        else:  # an empty list: a placeholder line, no invented rows
            cv.rect((x0 + 40, y + 17, x0 + (x1 - x0) * 0.4, y + 27), fill=p.nav, radius=5)


def _chart(cv: Canvas, item: Widget, box: Box) -> None:
    x0, y0, x1, y1 = box
    top = card(cv, box, item.label or None)
    bar_chart(cv, (x0 + 16, top + 4, x1 - 16, y1 - 12), list(item.values), list(item.options), cv.palette.primary)


def _map(cv: Canvas, item: Widget, box: Box) -> None:
    """A plain background with a street grid and one marker per row (as the app's offline map draws)."""
    p = cv.palette
    x0, y0, x1, y1 = box
    cv.rect(box, fill=mix(p.background, p.primary, 0.08), outline=p.border, radius=10)
    for step in range(1, 8):
        x = x0 + (x1 - x0) * step / 8
        cv.line([(x, y0 + 1), (x - 30, y1 - 1)], mix(p.background, p.border, 0.7), 2)
    for step in range(1, 4):
        y = y0 + (y1 - y0) * step / 4
        cv.line([(x0 + 1, y), (x1 - 1, y + 12)], mix(p.background, p.border, 0.7), 2)
    for index, (name,) in enumerate(item.rows):
        x = x0 + 60 + (index * 173) % max(1.0, x1 - x0 - 180)
        y = y0 + 50 + (index * 89) % max(1.0, y1 - y0 - 80)
        cv.polygon([(x - 8, y - 4), (x + 8, y - 4), (x, y + 12)], p.accent)
        cv.circle((x, y - 8), 9, p.accent)
        cv.circle((x, y - 8), 3.5, p.background)
        cv.text((x + 14, y - 8), name, size=12, anchor="lm", max_width=150)
    if item.label:
        cv.text((x0 + 14, y0 + 18), item.label, size=14, bold=True, anchor="lm", max_width=x1 - x0 - 28)


def _calendar(cv: Canvas, item: Widget, box: Box) -> None:
    """A month grid; each row with a date is marked on its day of the month."""
    p = cv.palette
    x0, y0, x1, y1 = box
    top = card(cv, box, item.label or None)
    cell_w, cell_h = (x1 - x0 - 32) / 7, (y1 - top - 12) / 5
    for day in range(35):
        left, y = x0 + 16 + (day % 7) * cell_w, top + (day // 7) * cell_h
        cv.rect((left, y, left + cell_w - 4, y + cell_h - 4), outline=p.border, radius=4)
        if day < 31:
            cv.text((left + 8, y + 12), str(day + 1), size=11, fill=p.muted, anchor="lm")
        titles = [title for title, on in item.rows if on == str(day + 1)]
        if titles and day < 31:
            cv.rect((left + 6, y + 22, left + cell_w - 10, y + 36), fill=p.tint, radius=4)
            cv.text((left + 10, y + 29), titles[0], size=10, fill=p.primary, anchor="lm", max_width=cell_w - 24)


def _kanban(cv: Canvas, item: Widget, box: Box) -> None:
    p = cv.palette
    x0, y0, x1, y1 = box
    columns = item.options or ("",)
    width = (x1 - x0 - 16 * (len(columns) - 1)) / len(columns)
    for index, name in enumerate(columns):
        left = x0 + index * (width + 16)
        cv.rect((left, y0, left + width, y1), fill=p.nav, radius=10)
        cv.text((left + 14, y0 + 20), name, size=13, bold=True, anchor="lm", max_width=width - 28)
        cards = [title for status, title in item.rows if status == name]
        for number, title in enumerate(cards):
            y = y0 + 40 + number * 52
            if y + 44 > y1:
                break
            card(cv, (left + 8, y, left + width - 8, y + 44))
            cv.text((left + 20, y + 22), title, size=13, anchor="lm", max_width=width - 40)


def _image(cv: Canvas, item: Widget, box: Box) -> None:
    p = cv.palette
    x0, y0, x1, y1 = box
    right = min(x1, x0 + (y1 - y0) * 1.6)
    cv.rect((x0, y0, right, y1), fill=p.nav, outline=p.border, radius=8)
    base = y1 - 14
    peak = (x0 + (right - x0) * 0.4, y0 + (y1 - y0) * 0.4)
    cv.polygon([(x0 + 16, base), peak, (right * 0.3 + x0 * 0.7, base)], p.border)
    cv.circle((right - 30, y0 + 30), 12, p.border)
    if item.label:
        cv.text((right + 16, y0 + 16), item.label, size=14, anchor="lm", max_width=x1 - right - 16)


def _timer(cv: Canvas, item: Widget, box: Box) -> None:
    top = _label(cv, item, box)
    cv.text((box[0], top + 44), "00:00", size=52, bold=True, anchor="lm")


def _form(cv: Canvas, item: Widget, box: Box) -> None:
    x0, y0, x1, y1 = box
    top = card(cv, box, item.label or None)
    width = (x1 - x0 - 72) / 2
    for index, name in enumerate(item.columns):
        left, y = x0 + 24 + (index % 2) * (width + 24), top + (index // 2) * 76
        if y + 64 > y1:
            break
        cv.text((left, y + 9), name, size=13, bold=True, anchor="lm", max_width=width)
        field_box(cv, (left, y + 22, left + width, y + 62), "")


DRAW: dict[str, Callable[[Canvas, Widget, Box], None]] = {
    "select": _select,
    "radio": _radio,
    "checkbox": _checkbox,
    "textarea": _textarea,
    "heading": _heading,
    "text": _text,
    "table": _table,
    "list": _list,
    "chart": _chart,
    "map": _map,
    "calendar": _calendar,
    "kanban": _kanban,
    "image": _image,
    "timer": _timer,
    "form": _form,
}
