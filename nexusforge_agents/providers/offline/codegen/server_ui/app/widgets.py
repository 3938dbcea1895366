"""What the visual elements show, computed from the rows: chart bars, map markers, calendar weeks and board
columns.

Everything is drawn on the server as HTML and inline SVG, so the pages need no chart or map library and no
tiles from the internet: a map is a plain-background plot of the rows' coordinates.
"""

from __future__ import annotations

import calendar as cal
import datetime as dt
import re
from collections import Counter
from typing import Any

from pydantic import BaseModel

from .site_model import SiteEntity

Row = dict[str, Any]
CHART_WIDTH, CHART_HEIGHT, BAR_AREA = 640, 260, 200
MAP_WIDTH, MAP_HEIGHT, MAP_PAD = 640, 380, 30
MAX_BARS = 12
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def display(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, str) and _ISO_DATETIME.match(value):
        return value[:16].replace("T", " ")  # to the minute, as people read times
    return str(value)


class Bar(BaseModel):
    label: str
    value: float
    x: float
    y: float
    width: float
    height: float


class Chart(BaseModel):
    caption: str
    bars: list[Bar]
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT


def bar_chart(caption: str, series: list[tuple[str, float]]) -> Chart:
    series = series[:MAX_BARS]
    top = max((value for _, value in series), default=0) or 1
    slot = CHART_WIDTH / max(len(series), 1)
    bars = []
    for index, (label, value) in enumerate(series):
        height = BAR_AREA * max(value, 0) / top
        bars.append(
            Bar(
                label=label,
                value=value,
                x=index * slot + slot * 0.15,
                y=20 + BAR_AREA - height,
                width=slot * 0.7,
                height=height,
            )
        )
    return Chart(caption=caption, bars=bars)


def entity_chart(entity: SiteEntity, rows: list[Row], field_name: str | None) -> Chart:
    """Bars for one entity: a numeric field summed per row (or per status), other fields counted per value."""
    field = entity.field(field_name) if field_name else None
    if field is None and entity.status_field:
        field = entity.field(entity.status_field)
    if field is not None and field.type in ("integer", "float"):
        group = entity.field(entity.status_field) if entity.status_field else None
        totals: Counter[str] = Counter()
        for row in rows:
            key = display(row.get(group.name)) if group else display(row.get(entity.title_field))
            totals[key] += float(row.get(field.name) or 0)
        by = f" by {group.label.lower()}" if group else ""
        return bar_chart(f"{field.label}{by}", list(totals.items()))
    if field is not None:
        counts = Counter(display(row.get(field.name)) for row in rows)
        order = field.choices or sorted(counts)
        return bar_chart(
            f"{entity.label_plural} by {field.label.lower()}", [(c, counts.get(c, 0)) for c in order]
        )
    per_day = Counter(str(row.get("created_at", ""))[:10] for row in rows)
    return bar_chart(f"{entity.label_plural} added per day", sorted(per_day.items()))


class Marker(BaseModel):
    label: str
    x: float
    y: float
    href: str | None = None

    @property
    def label_left(self) -> bool:
        """Markers on the right half are labelled on their left, so the label stays inside the plot."""
        return self.x > MAP_WIDTH / 2


class MapView(BaseModel):
    markers: list[Marker]
    missing: str = ""
    width: int = MAP_WIDTH
    height: int = MAP_HEIGHT


def map_view(entity: SiteEntity, rows: list[Row]) -> MapView:
    """The rows with coordinates, placed by longitude (x) and latitude (y) inside the plot."""
    if not (entity.lat_field and entity.lng_field):
        return MapView(
            markers=[], missing=f"{entity.label_plural} have no latitude and longitude fields to plot."
        )
    points = [
        (row, float(row[entity.lat_field]), float(row[entity.lng_field]))
        for row in rows
        if row.get(entity.lat_field) is not None and row.get(entity.lng_field) is not None
    ]
    if not points:
        return MapView(markers=[], missing=f"No {entity.label_plural.lower()} with coordinates yet.")
    lats, lngs = [p[1] for p in points], [p[2] for p in points]
    span_lat, span_lng = (max(lats) - min(lats)) or 1.0, (max(lngs) - min(lngs)) or 1.0
    inner_w, inner_h = MAP_WIDTH - 2 * MAP_PAD, MAP_HEIGHT - 2 * MAP_PAD
    detail = entity.detail_route
    return MapView(
        markers=[
            Marker(
                label=display(row.get(entity.title_field)),
                x=MAP_PAD + inner_w * (lng - min(lngs)) / span_lng,
                y=MAP_PAD + inner_h * (max(lats) - lat) / span_lat,
                href=f"{detail}?id={row['id']}" if detail else None,
            )
            for row, lat, lng in points
        ]
    )


class Day(BaseModel):
    day: int | None
    iso: str = ""
    rows: list[Row] = []


class Month(BaseModel):
    title: str
    weeks: list[list[Day]]
    previous: str
    next: str
    missing: str = ""


def _month_of(rows: list[Row], field: str, today: dt.date) -> tuple[int, int]:
    """The month shown first: the one of the row dated nearest to today (today's month without rows)."""
    dates = [dt.date.fromisoformat(str(row[field])[:10]) for row in rows if row.get(field)]
    if not dates:
        return today.year, today.month
    nearest = min(dates, key=lambda d: abs((d - today).days))
    return nearest.year, nearest.month


def month_view(entity: SiteEntity, rows: list[Row], month: str | None, today: dt.date) -> Month:
    field = entity.date_field
    if (
        month
        and len(month) == 7
        and month[:4].isdigit()
        and month[5:].isdigit()
        and 1 <= int(month[5:]) <= 12
    ):
        year, number = int(month[:4]), int(month[5:])
    else:
        year, number = _month_of(rows, field, today) if field else (today.year, today.month)
    by_day: dict[str, list[Row]] = {}
    for row in rows:
        if field and row.get(field):
            by_day.setdefault(str(row[field])[:10], []).append(row)
    weeks = [
        [
            Day(
                day=d,
                iso=f"{year:04d}-{number:02d}-{d:02d}",
                rows=by_day.get(f"{year:04d}-{number:02d}-{d:02d}", []),
            )
            if d
            else Day(day=None)
            for d in week
        ]
        for week in cal.Calendar(firstweekday=0).monthdayscalendar(year, number)
    ]
    before = dt.date(year, number, 1) - dt.timedelta(days=1)
    after = dt.date(year, number, 28) + dt.timedelta(days=7)
    return Month(
        title=f"{cal.month_name[number]} {year}",
        weeks=weeks,
        previous=f"{before.year:04d}-{before.month:02d}",
        next=f"{after.year:04d}-{after.month:02d}",
        missing="" if field else f"{entity.label_plural} have no date field to place on a calendar.",
    )


class Column(BaseModel):
    value: Any
    title: str
    rows: list[Row]


def board(entity: SiteEntity, rows: list[Row]) -> list[Column]:
    """A column per status choice (or open / done for a yes-no field), each with its rows."""
    if entity.status_field:
        field = entity.field(entity.status_field)
        assert field is not None
        values: list[Any] = list(field.choices) + sorted(
            {str(r[field.name]) for r in rows if r.get(field.name) not in (None, *field.choices)}
        )
        return [Column(value=v, title=v, rows=[r for r in rows if r.get(field.name) == v]) for v in values]
    if entity.toggle_field:
        name = entity.toggle_field
        return [
            Column(value=False, title="Open", rows=[r for r in rows if not r.get(name)]),
            Column(value=True, title="Done", rows=[r for r in rows if r.get(name)]),
        ]
    return [Column(value=None, title=entity.label_plural, rows=rows)]
