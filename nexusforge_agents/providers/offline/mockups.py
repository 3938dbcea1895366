"""Offline mockups: a PNG wireframe of one UI component, drawn in the app's own colours.

Every mockup shares the app chrome (a top bar with the app's name, a side navigation listing the spec's UI
components with the current one highlighted, a page header) and then draws the component's body by its kind
(see ``spec_conventions.describe_component``): tables with the entity's real fields, forms with inputs by field
type, charts from deterministic sample series. Same spec and component, same bytes.
"""

from __future__ import annotations

import io

from ...schemas import AppSpec, Entity, EntityField
from ...spec_conventions import ComponentInfo, describe_component
from .mockup_pages import render_home, render_live, render_login, render_settings
from .mockup_samples import (
    MONTHS,
    humanize,
    plural_words,
    record_title,
    sample_rows,
    seeded,
    series,
    split_words,
    total,
)
from .mockup_widgets import (
    Box,
    Canvas,
    Palette,
    bar_chart,
    button,
    calendar_icon,
    card,
    checkbox,
    chevron,
    field_box,
    line_chart,
    magnifier,
    mix,
    pill,
    table,
)

TOP_BAR = 60
NAV_WIDTH = 236
PAD = 32
HEADER = 108


def component_caption(spec: AppSpec, component: str) -> str:
    """What a viewer sees on this component, e.g. 'search and manage recipes'."""
    info = describe_component(spec, component)
    entity = info.entity
    names = ", ".join(plural_words(e) for e in spec.entities[:3])
    captions = {
        "dashboard": f"key numbers and charts across {names}",
        "list": f"search and manage {plural_words(entity)}" if entity else "",
        "form": f"create or edit a {split_words(entity.name).lower()}" if entity else "",
        "detail": f"every field of one {split_words(entity.name).lower()} at a glance" if entity else "",
        "login": f"sign in or create an account for {spec.name}",
        "live": f"{plural_words(entity)} updating in real time" if entity else "",
        "settings": "preferences, notifications and theme",
        "home": "the landing page with what the app offers",
        "panel": f"{plural_words(entity)} at a glance" if entity else "",
    }
    return captions[info.kind]


def render_mockup(spec: AppSpec, component: str, size: tuple[int, int] = (1280, 800)) -> bytes:
    """A PNG wireframe of ``component`` as the generated app would show it."""
    info = describe_component(spec, component)
    cv = Canvas(size, Palette.from_scheme(spec.colors))
    _chrome(cv, spec, component)
    _page_header(cv, spec, info)
    body: Box = (NAV_WIDTH + PAD, TOP_BAR + HEADER, cv.width - PAD, cv.height - PAD)
    match info.kind:
        case "dashboard":
            _dashboard(cv, spec, body)
        case "list":
            _entity_list(cv, spec, _entity(spec, info), body)
        case "form":
            _entity_form(cv, spec, _entity(spec, info), body)
        case "detail":
            _entity_detail(cv, spec, _entity(spec, info), body)
        case "login":
            render_login(cv, spec, body)
        case "live":
            render_live(cv, spec, _entity(spec, info), body)
        case "settings":
            render_settings(cv, spec, body)
        case "home":
            render_home(cv, spec, body)
        case _:
            _entity_panel(cv, spec, _entity(spec, info), body)
    buffer = io.BytesIO()
    cv.image.save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()


def _entity(spec: AppSpec, info: ComponentInfo) -> Entity:
    return info.entity or spec.entities[0]


def _chrome(cv: Canvas, spec: AppSpec, current: str) -> None:
    p = cv.palette
    cv.rect((0, 0, cv.width, TOP_BAR), fill=p.primary)
    cv.rect((20, 14, 52, 46), fill=p.accent, radius=8)
    cv.text((36, 30), spec.name[:1].upper(), size=18, fill=p.on_accent, bold=True, anchor="mm")
    cv.text((66, 30), spec.name, size=20, fill=p.on_primary, bold=True, anchor="lm", max_width=cv.width - 560)
    search_right = cv.width - 76
    cv.rect((search_right - 300, 15, search_right, 45), fill=mix(p.primary, p.on_primary, 0.16), radius=15)
    magnifier(cv, (search_right - 280, 30), mix(p.on_primary, p.primary, 0.3))
    cv.text((search_right - 264, 30), "Search", size=13, fill=mix(p.on_primary, p.primary, 0.3), anchor="lm")
    cv.circle((cv.width - 38, 30), 17, p.accent)
    cv.text((cv.width - 38, 30), "AP", size=13, fill=p.on_accent, bold=True, anchor="mm")

    cv.rect((0, TOP_BAR, NAV_WIDTH, cv.height), fill=p.nav)
    cv.line([(NAV_WIDTH, TOP_BAR), (NAV_WIDTH, cv.height)], p.border)
    cv.text((24, TOP_BAR + 26), "MENU", size=11, fill=p.muted, bold=True, anchor="lm")
    y = TOP_BAR + 44
    rows = int((cv.height - 56 - y) / 44)
    for name in _nav_window(spec.ui_components, current, rows):
        if name is None:
            cv.text((24, y + 18), f"+ {len(spec.ui_components) - rows + 1} more", size=13, fill=p.muted, anchor="lm")
            break
        active = name == current
        if active:
            cv.rect((12, y, NAV_WIDTH - 12, y + 38), fill=p.tint, radius=8)
            cv.rect((12, y + 9, 16, y + 29), fill=p.primary, radius=2)
        ink = p.primary if active else p.text
        cv.rect((30, y + 12, 44, y + 26), outline=p.primary if active else p.muted, radius=3)
        cv.text((56, y + 19), split_words(name), size=14, fill=ink, bold=active, anchor="lm", max_width=NAV_WIDTH - 76)
        y += 44
    cv.text((24, cv.height - 26), "Wireframe \u00b7 offline-wireframe-1", size=11, fill=p.muted, anchor="lm")


def _nav_window(names: list[str], current: str, rows: int) -> list[str | None]:
    """The nav entries that fit in ``rows``, always including the current one; None marks '+ N more'."""
    if len(names) <= rows:
        return list(names)
    shown = rows - 1
    index = names.index(current) if current in names else 0
    start = 0 if index < shown else index - shown + 1
    return [*names[start : start + shown], None]


def _page_header(cv: Canvas, spec: AppSpec, info: ComponentInfo) -> None:
    p = cv.palette
    x, right = NAV_WIDTH + PAD, cv.width - PAD
    title = split_words(info.name)
    cv.text((x, TOP_BAR + 30), f"{spec.name}  /  {title}", size=12, fill=p.muted, anchor="lm", max_width=right - x)
    cv.text((x, TOP_BAR + 58), title, size=26, bold=True, anchor="lm", max_width=right - x)
    caption = component_caption(spec, info.name)
    cv.text(
        (x, TOP_BAR + 86), caption[:1].upper() + caption[1:], size=14, fill=p.muted, anchor="lm", max_width=right - x
    )


# entity views ----------------------------------------------------------------------------------------------
def _column_style(field: EntityField, first: bool) -> str:
    if field.type == "boolean":
        return "bool"
    if field.choices or "status" in field.name:
        return "badge"
    if first:
        return "strong"
    return "text" if field.type == "text" else "plain"


def _entity_table(cv: Canvas, spec: AppSpec, entity: Entity, box: Box) -> float:
    columns = max(2, int((box[2] - box[0]) / 150) - 1)
    fields = entity.fields[:columns]
    headers = [humanize(f.name) for f in fields] + ["Actions"]
    styles = [_column_style(f, i == 0) for i, f in enumerate(fields)] + ["actions"]
    rows = [[record[f.name] for f in fields] + [""] for record in sample_rows(spec, entity, 14)]
    return table(cv, box, headers, rows, styles)


def _entity_list(cv: Canvas, spec: AppSpec, entity: Entity, box: Box) -> None:
    p = cv.palette
    x0, y0, x1, y1 = box
    field_box(cv, (x0, y0, x0 + 340, y0 + 40), f"Search {plural_words(entity)}\u2026", placeholder=True)
    magnifier(cv, (x0 + 320, y0 + 20), p.muted)
    choice = next((f for f in entity.fields if f.choices), None)
    if choice is not None:
        field_box(cv, (x0 + 356, y0, x0 + 556, y0 + 40), f"All {humanize(choice.name).lower()}", trailing=20)
        chevron(cv, (x0 + 536, y0 + 20), p.muted)
    button(cv, (x1 - 180, y0, x1, y0 + 40), f"+ New {split_words(entity.name)}")
    bottom = _entity_table(cv, spec, entity, (x0, y0 + 56, x1, y1 - 44))
    shown = int((bottom - y0 - 56 - 52) / 46)
    footer = f"Showing 1-{shown} of {total(spec, entity):,} {plural_words(entity)}"
    cv.text((x0, bottom + 30), footer, size=13, fill=p.muted, anchor="lm", max_width=x1 - x0 - 260)
    right = x1
    for label in ("Next", "3", "2", "1", "Prev"):
        wide = 56 if len(label) > 1 else 34
        active = label == "1"
        box_ = (right - wide, bottom + 16, right, bottom + 46)
        cv.rect(box_, fill=p.primary if active else None, outline=p.primary if active else p.border, radius=6)
        cv.text((right - wide / 2, bottom + 31), label, size=12, fill=p.on_primary if active else p.text, anchor="mm")
        right -= wide + 8


def _entity_panel(cv: Canvas, spec: AppSpec, entity: Entity, box: Box) -> None:
    x0, y0, x1, y1 = box
    stats = [
        (f"All {plural_words(entity)}", f"{total(spec, entity):,}"),
        ("Added this week", f"{seeded(spec, 'week', entity.name).randint(4, 90)}"),
        ("Last update", "2 min ago"),
    ]
    width = (x1 - x0 - 32) / 3
    for index, (label, value) in enumerate(stats):
        left = x0 + index * (width + 16)
        card(cv, (left, y0, left + width, y0 + 84))
        cv.text((left + 18, y0 + 26), label, size=13, fill=cv.palette.muted, anchor="lm", max_width=width - 36)
        cv.text((left + 18, y0 + 58), value, size=24, bold=True, anchor="lm", max_width=width - 36)
    _entity_table(cv, spec, entity, (x0, y0 + 104, x1, y1))


def _entity_form(cv: Canvas, spec: AppSpec, entity: Entity, box: Box) -> None:
    p = cv.palette
    x0, y0, x1, y1 = box
    top = card(cv, box, f"New {split_words(entity.name)}")
    record = sample_rows(spec, entity, 1)[0]
    left, col_w, gap = x0 + 24, (x1 - x0 - 48 - 24) / 2, 24
    y, column, limit = top + 6, 0, y1 - 72
    for index, field in enumerate(entity.fields):
        tall = field.type == "text"
        height = 122 if tall else 80
        if tall and column:
            y, column = y + 80, 0
        if y + height > limit:
            remaining = len(entity.fields) - index
            cv.text((left, y + 10), f"+ {remaining} more field{'s' * (remaining > 1)}", size=13, fill=p.muted)
            break
        x = left + column * (col_w + gap)
        width = x1 - x0 - 48 if tall else col_w
        _form_input(cv, entity, field, record[field.name], (x, y, x + width, y + height - 18))
        column = 0 if tall else 1 - column
        y += height if tall or column == 0 else 0
    button(cv, (x1 - 184, y1 - 56, x1 - 24, y1 - 16), f"Save {split_words(entity.name)}")
    button(cv, (x1 - 300, y1 - 56, x1 - 196, y1 - 16), "Cancel", style="outline")


def _form_input(cv: Canvas, entity: Entity, field: EntityField, value: str, box: Box) -> None:
    p = cv.palette
    x0, y0, x1, y1 = box
    label = humanize(field.name)
    if field.type == "boolean":
        checkbox(cv, (x0, y0 + 40), value == "Yes", label, x1 - x0)
        return
    shown = cv.text((x0, y0 + 8), label, size=13, bold=True, anchor="lm", max_width=x1 - x0 - 20)
    if field.required:
        cv.text((x0 + shown + 4, y0 + 8), "*", size=13, fill=p.accent, bold=True, anchor="lm")
    inner: Box = (x0, y0 + 22, x1, y1)
    if field.choices:
        field_box(cv, inner, value, trailing=24)
        chevron(cv, (x1 - 18, (inner[1] + y1) / 2), p.muted)
    elif field.type in ("date", "datetime"):
        field_box(cv, inner, value, trailing=28)
        calendar_icon(cv, (x1 - 20, (inner[1] + y1) / 2), p.primary)
    elif field.type in ("integer", "float"):
        field_box(cv, inner, value, trailing=30)
        mid = (inner[1] + y1) / 2
        chevron(cv, (x1 - 16, mid + 6), p.muted, 4)
        cv.polygon([(x1 - 20, mid - 4), (x1 - 12, mid - 4), (x1 - 16, mid - 9)], p.muted)
    else:
        field_box(cv, inner, value if field.type == "text" else f"e.g. {value}", placeholder=field.type != "text")


def _entity_detail(cv: Canvas, spec: AppSpec, entity: Entity, box: Box) -> None:
    p = cv.palette
    x0, y0, x1, y1 = box
    split = x1 - 300
    record = sample_rows(spec, entity, 1)[0]
    card(cv, (x0, y0, split - 16, y1))
    title_w = cv.text((x0 + 24, y0 + 34), record_title(entity, record), size=22, bold=True, anchor="lm", max_width=380)
    pill(cv, (x0 + 36 + title_w, y0 + 34), split_words(entity.name), p.tint, p.primary)
    button(cv, (split - 212, y0 + 16, split - 128, y0 + 52), "Edit")
    button(cv, (split - 116, y0 + 16, split - 32, y0 + 52), "Delete", style="outline")
    cv.line([(x0 + 1, y0 + 70), (split - 17, y0 + 70)], p.border)
    col_w = (split - 16 - x0 - 48) / 2
    y, column = y0 + 88, 0
    for field in entity.fields:
        wide = field.type == "text"
        if wide and column:
            y, column = y + 62, 0
        if y + 52 > y1 - 8:
            break
        x = x0 + 24 + column * (col_w + 24)
        width = col_w * 2 + 24 if wide else col_w
        cv.text(
            (x, y + 8), humanize(field.name).upper(), size=11, fill=p.muted, bold=True, anchor="lm", max_width=width
        )
        if wide:
            for line_no, line in enumerate(cv.wrap(record[field.name], 15, width, 2)):
                cv.text((x, y + 32 + line_no * 20), line, size=15, anchor="lm")
            y += 84
            continue
        cv.text((x, y + 32), record[field.name], size=15, anchor="lm", max_width=width)
        column = 1 - column
        y += 62 if column == 0 else 0
    top = card(cv, (split, y0, x1, y1), "Activity")
    rng = seeded(spec, "activity", entity.name)
    people = ("Ava Patel", "Liam Chen", "Maya Rossi", "Noah Kim")
    for index in range(5):
        y = top + 10 + index * 62
        if y + 40 > y1:
            break
        cv.circle((split + 28, y + 8), 5, p.primary if index == 0 else p.border)
        if index < 4:
            cv.line([(split + 28, y + 18), (split + 28, y + 56)], p.border)
        action = ("Created", "Edited", "Reviewed", "Shared", "Viewed")[index]
        who = rng.choice(people)
        cv.text((split + 44, y + 8), f"{action} by {who}", size=13, anchor="lm", max_width=x1 - split - 60)
        cv.text((split + 44, y + 28), f"{index * 3 + 2} hours ago", size=12, fill=p.muted, anchor="lm")


def _dashboard(cv: Canvas, spec: AppSpec, box: Box) -> None:
    p = cv.palette
    x0, y0, x1, y1 = box
    kpis = []
    for entity in spec.entities[:4]:
        growth = seeded(spec, "growth", entity.name).uniform(1.5, 24)
        kpis.append((f"Total {plural_words(entity)}", f"{total(spec, entity):,}", f"+{growth:.1f}% this month"))
    extras = [
        ("Active users" if spec.auth.enabled else "Updated today", "1,284", "+4.2% this week"),
        ("Avg. per day", f"{series(spec, 'daily')[-1]:,}", "last 30 days"),
        ("Live sessions" if spec.realtime else "Conversion", "37" if spec.realtime else "3.4%", "right now"),
    ]
    kpis += extras[: max(0, 4 - len(kpis))]
    width = (x1 - x0 - 16 * 3) / 4
    for index, (label, value, delta) in enumerate(kpis):
        left = x0 + index * (width + 16)
        card(cv, (left, y0, left + width, y0 + 112))
        cv.text((left + 18, y0 + 24), label, size=13, fill=p.muted, anchor="lm", max_width=width - 36)
        cv.text((left + 18, y0 + 58), value, size=28, bold=True, anchor="lm", max_width=width - 36)
        cv.text((left + 18, y0 + 92), delta, size=12, fill=p.primary, anchor="lm", max_width=width - 36)
    first = spec.entities[0]
    second = spec.entities[1] if len(spec.entities) > 1 else first
    half = (x1 - x0 - 16) / 2
    top = card(cv, (x0, y0 + 132, x0 + half, y1), f"New {plural_words(first)} per month")
    bar_chart(cv, (x0 + 16, top + 8, x0 + half - 16, y1 - 16), series(spec, first.name), MONTHS, p.primary)
    top = card(cv, (x1 - half, y0 + 132, x1, y1), f"{split_words(second.name)} activity")
    line_chart(
        cv, (x1 - half + 16, top + 8, x1 - 16, y1 - 16), series(spec, second.name + "/activity"), MONTHS, p.accent
    )
