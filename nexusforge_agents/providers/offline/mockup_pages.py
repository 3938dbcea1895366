"""Mockup bodies that are not one entity's table or form: login, live feed, settings and the home page."""

from __future__ import annotations

from ...schemas import AppSpec, Entity
from .mockup_samples import (
    humanize,
    plural_words,
    record_title,
    sample_rows,
    seeded,
    series,
    split_words,
    title_field_name,
)
from .mockup_widgets import (
    Box,
    Canvas,
    bar_chart,
    button,
    card,
    checkbox,
    field_box,
    hex_rgb,
    luminance,
    mix,
    pill,
    toggle,
)


def render_login(cv: Canvas, spec: AppSpec, box: Box) -> None:
    p = cv.palette
    x0, y0, x1, y1 = box
    width, height = 440, min(430, y1 - y0)
    left, top = (x0 + x1 - width) / 2, y0 + max(0, (y1 - y0 - height) / 2)
    right = left + width
    card(cv, (left, top, right, top + height))
    cv.rect((left + 32, top + 30, left + 72, top + 70), fill=p.accent, radius=10)
    cv.text((left + 52, top + 50), spec.name[:1].upper(), size=22, fill=p.on_accent, bold=True, anchor="mm")
    cv.text((left + 88, top + 40), "Welcome back", size=22, bold=True, anchor="lm", max_width=width - 120)
    cv.text((left + 88, top + 64), f"Sign in to {spec.name}", size=13, fill=p.muted, anchor="lm", max_width=width - 120)
    y = top + 100
    cv.text((left + 32, y + 8), "Email", size=13, bold=True, anchor="lm")
    field_box(cv, (left + 32, y + 22, right - 32, y + 62), "you@example.com", placeholder=True)
    y += 82
    cv.text((left + 32, y + 8), "Password", size=13, bold=True, anchor="lm")
    field_box(cv, (left + 32, y + 22, right - 32, y + 62), "")
    for dot in range(10):
        cv.circle((left + 50 + dot * 14, y + 42), 4, p.text)
    y += 86
    checkbox(cv, (left + 32, y + 8), True, "Remember me", 160)
    cv.text((right - 32, y + 8), "Forgot password?", size=13, fill=p.primary, anchor="rm")
    y += 34
    button(cv, (left + 32, y, right - 32, y + 44), "Sign in")
    if y + 84 <= top + height:
        cv.text((left + width / 2, y + 72), "New here? Create an account", size=13, fill=p.primary, anchor="mm")


def render_live(cv: Canvas, spec: AppSpec, entity: Entity, box: Box) -> None:
    p = cv.palette
    x0, y0, x1, y1 = box
    cv.rect((x0, y0 + 4, x0 + 64, y0 + 28), fill=p.accent, radius=12)
    cv.circle((x0 + 14, y0 + 16), 4, p.on_accent)
    cv.text((x0 + 24, y0 + 16), "LIVE", size=12, fill=p.on_accent, bold=True, anchor="lm")
    cv.text((x0 + 76, y0 + 16), "Connected to /ws/updates", size=13, fill=p.muted, anchor="lm", max_width=360)
    button(cv, (x1 - 100, y0, x1, y0 + 34), "Pause", style="outline")
    split = x1 - 300
    top = card(cv, (x0, y0 + 50, split - 16, y1), f"Latest {split_words(entity.name).lower()} events")
    rng = seeded(spec, "live", entity.name)
    records = sample_rows(spec, entity, 10)
    actions = [("created", p.tint, p.primary), ("updated", mix(p.background, p.accent, 0.25), p.text)]
    actions.append(("deleted", p.nav, p.muted))
    clock = 10 * 3600 + 42 * 60 + 7
    title_field = title_field_name(entity)
    others = [f for f in entity.fields if f.name != title_field]
    for index, record in enumerate(records):
        y = top + index * 58
        if y + 50 > y1 - 8:
            break
        cv.line([(x0 + 1, y), (split - 17, y)], p.border)
        stamp = f"{clock // 3600:02d}:{clock // 60 % 60:02d}:{clock % 60:02d}"
        clock -= rng.randint(4, 95)
        cv.text((x0 + 20, y + 29), stamp, size=13, fill=p.muted, anchor="lm")
        action, fill, ink = actions[0] if index % 3 == 0 else actions[1 if rng.random() < 0.75 else 2]
        pill(cv, (x0 + 100, y + 29), action, fill, ink)
        title = f'{split_words(entity.name)} "{record_title(entity, record)}" {action}'
        cv.text((x0 + 196, y + 19), title, size=14, anchor="lm", max_width=split - x0 - 230)
        field = rng.choice(others or entity.fields)
        detail = f"{humanize(field.name)}: {record[field.name]}"
        cv.text((x0 + 196, y + 39), detail, size=12, fill=p.muted, anchor="lm", max_width=split - x0 - 230)
    top = card(cv, (split, y0 + 50, x1, y1), "Events per minute")
    values = series(spec, entity.name + "/live", 10)
    labels = [f"-{9 - i}m" if i < 9 else "now" for i in range(10)]
    bar_chart(cv, (split + 12, top + 8, x1 - 12, top + 200), values, labels, p.accent)
    stats = [("Connected clients", str(rng.randint(3, 60))), ("Events today", f"{sum(values) * 7:,}")]
    for index, (label, value) in enumerate(stats):
        y = top + 236 + index * 56
        if y + 40 > y1:
            break
        cv.text((split + 20, y), label, size=13, fill=p.muted, anchor="lm")
        cv.text((split + 20, y + 24), value, size=22, bold=True, anchor="lm")


def render_settings(cv: Canvas, spec: AppSpec, box: Box) -> None:
    p = cv.palette
    x0, y0, x1, y1 = box
    split = x1 - 320
    entity = spec.entities[0]
    options = [
        ("Email notifications", f"Get a message when {plural_words(entity)} change"),
        ("Real-time updates", "Refresh lists as soon as something changes"),
        ("Compact tables", "Show more rows per page"),
        ("Weekly summary", f"A Monday digest of new {plural_words(entity)}"),
        ("Dark mode", "Use a dark theme after sunset"),
    ]
    if spec.auth.enabled:
        options.insert(1, ("Two-factor sign-in", "Ask for a code on new devices"))
    rng = seeded(spec, "settings")
    states = {
        "Real-time updates": spec.realtime,
        "Two-factor sign-in": True,
        "Dark mode": luminance(p.background) < 0.2,
    }
    top = card(cv, (x0, y0, split - 16, y1), "Preferences")
    for index, (label, hint) in enumerate(options):
        y = top + index * 66
        if y + 60 > y1 - 70:
            break
        cv.text((x0 + 24, y + 20), label, size=15, bold=True, anchor="lm", max_width=split - x0 - 140)
        cv.text((x0 + 24, y + 42), hint, size=13, fill=p.muted, anchor="lm", max_width=split - x0 - 140)
        toggle(cv, (split - 84, y + 30), states.get(label, rng.random() < 0.5))
        cv.line([(x0 + 24, y + 64), (split - 40, y + 64)], p.border)
    button(cv, (split - 176, y1 - 56, split - 40, y1 - 16), "Save changes")
    top = card(cv, (split, y0, x1, y1), "Theme")
    colors = spec.colors
    for index, (role, value) in enumerate(
        (
            ("Background", colors.background),
            ("Primary", colors.primary),
            ("Text", colors.text),
            ("Accent", colors.accent),
        )
    ):
        y = top + index * 60
        cv.rect((split + 24, y + 6, split + 68, y + 50), fill=hex_rgb(value), outline=p.border, radius=8)
        cv.text((split + 84, y + 18), role, size=14, bold=True, anchor="lm")
        word = colors.source.get(role.lower(), "")
        cv.text(
            (split + 84, y + 38),
            f"{value} {word}".strip(),
            size=12,
            fill=p.muted,
            anchor="lm",
            max_width=x1 - split - 100,
        )


def render_home(cv: Canvas, spec: AppSpec, box: Box) -> None:
    p = cv.palette
    x0, y0, x1, y1 = box
    hero_bottom = y0 + 196
    cv.rect((x0, y0, x1, hero_bottom), fill=p.primary, radius=16)
    cv.text((x0 + 40, y0 + 46), spec.name, size=34, fill=p.on_primary, bold=True, anchor="lm", max_width=x1 - x0 - 80)
    for index, line in enumerate(cv.wrap(spec.description, 16, x1 - x0 - 80, 2)):
        cv.text((x0 + 40, y0 + 88 + index * 23), line, size=16, fill=mix(p.on_primary, p.primary, 0.12), anchor="lm")
    button(cv, (x0 + 40, y0 + 134, x0 + 190, y0 + 176), "Get started", style="accent")
    cv.rect((x0 + 206, y0 + 134, x0 + 356, y0 + 176), outline=p.on_primary, radius=8)
    cv.text((x0 + 281, y0 + 155), "Learn more", size=14, fill=p.on_primary, bold=True, anchor="mm")
    cv.text((x0, hero_bottom + 26), "Features", size=18, bold=True, anchor="lm")
    features = spec.feature_names[:6]
    columns = 3
    rows = (len(features) + columns - 1) // columns
    gap = 12
    width = (x1 - x0 - 16 * (columns - 1)) / columns
    top = hero_bottom + 46
    height = min(78.0, (y1 - top - gap * (rows - 1)) / max(1, rows))
    for index, feature in enumerate(features):
        left = x0 + (index % columns) * (width + 16)
        y = top + (index // columns) * (height + gap)
        card(cv, (left, y, left + width, y + height))
        cv.circle((left + 36, y + height / 2), 18, mix(p.background, p.accent, 0.35))
        cv.text((left + 36, y + height / 2), str(index + 1), size=15, bold=True, anchor="mm")
        lines = cv.wrap(feature[:1].upper() + feature[1:], 15, width - 90, max(1, int((height - 20) / 21)))
        first = y + height / 2 - (len(lines) - 1) * 10.5
        for line_no, line in enumerate(lines):
            cv.text((left + 68, first + line_no * 21), line, size=15, anchor="lm")
    if len(spec.features) > len(features):
        more = f"+ {len(spec.features) - len(features)} more features"
        cv.text((x1, hero_bottom + 30), more, size=13, fill=p.muted, anchor="rm")
    _popular(cv, spec, (x0, top + rows * (height + gap) + 8, x1, y1))


def _popular(cv: Canvas, spec: AppSpec, box: Box) -> None:
    """Sample records of the first entity, as the landing page would feature them."""
    p = cv.palette
    x0, y0, x1, y1 = box
    if y1 - y0 < 130:
        return
    entity = spec.entities[0]
    cv.text((x0, y0 + 14), f"Popular {plural_words(entity)}", size=18, bold=True, anchor="lm")
    cv.text((x1, y0 + 14), "View all", size=13, fill=p.primary, bold=True, anchor="rm")
    width = (x1 - x0 - 32) / 3
    bottom = min(y1, y0 + 150)
    details = [f for f in entity.fields if f.name != title_field_name(entity) and f.type != "text"][:2]
    for index, record in enumerate(sample_rows(spec, entity, 3)):
        left = x0 + index * (width + 16)
        card(cv, (left, y0 + 36, left + width, bottom))
        cv.rect((left + 1, y0 + 37, left + 8, bottom - 1), fill=mix(p.background, p.primary, 0.5 - index * 0.15))
        cv.text(
            (left + 24, y0 + 64), record_title(entity, record), size=16, bold=True, anchor="lm", max_width=width - 40
        )
        for line_no, field in enumerate(details):
            line = f"{humanize(field.name)}: {record[field.name]}"
            if y0 + 92 + line_no * 22 < bottom - 8:
                cv.text(
                    (left + 24, y0 + 92 + line_no * 22), line, size=13, fill=p.muted, anchor="lm", max_width=width - 40
                )
