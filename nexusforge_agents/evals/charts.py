"""Small inline SVG charts for the HTML report and notebooks: no plotting library, no external files."""

from __future__ import annotations

from html import escape

PALETTE = {"YES": "#16a34a", "PARTIAL": "#f59e0b", "NO": "#dc2626", "NOT_CHECKABLE": "#94a3b8"}
BAR = "#2563eb"


def bar_chart(
    labels: list[str],
    values: list[float | None],
    *,
    title: str,
    fmt: str = "{:.0%}",
    max_value: float | None = None,
    colors: list[str] | None = None,
    width: int = 560,
) -> str:
    """Horizontal bars, one per label; a missing value is drawn as 'n/a'."""
    row, left, right = 26, 190, 70
    height = 34 + row * len(labels)
    top = max([v for v in values if v is not None] + [max_value or 0, 1e-9])
    scale = (width - left - right) / top
    parts = [_head(width, height, title)]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 28 + i * row
        parts.append(f'<text x="{left - 8}" y="{y + 14}" text-anchor="end">{escape(label)}</text>')
        if value is None:
            parts.append(f'<text x="{left + 4}" y="{y + 14}" fill="#64748b">n/a</text>')
            continue
        color = colors[i] if colors else BAR
        w = max(value * scale, 1)
        parts.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{row - 8}" fill="{color}" rx="3"/>')
        parts.append(f'<text x="{left + w + 6:.1f}" y="{y + 14}">{escape(fmt.format(value))}</text>')
    return "".join(parts) + "</svg>"


def stacked_bar(counts: dict[str, int], *, title: str, width: int = 560) -> str:
    """One bar split by category (e.g. UI-test verdicts), with a legend."""
    total = sum(counts.values()) or 1
    left, bar_w, x = 10, width - 20, 10.0
    parts = [_head(width, 96, title)]
    for name, count in counts.items():
        w = bar_w * count / total
        if w > 0:
            fill = PALETTE.get(name, BAR)
            parts.append(f'<rect x="{x:.1f}" y="30" width="{w:.1f}" height="26" fill="{fill}"/>')
            if w > 28:
                parts.append(f'<text x="{x + w / 2:.1f}" y="48" text-anchor="middle" fill="#fff">{count}</text>')
        x += w
    lx = left
    for name, count in counts.items():
        parts.append(f'<rect x="{lx}" y="70" width="12" height="12" fill="{PALETTE.get(name, BAR)}"/>')
        label = f"{name.replace('_', ' ').lower()} ({count})"
        parts.append(f'<text x="{lx + 16}" y="80">{escape(label)}</text>')
        lx += 22 + 7 * len(label)
    return "".join(parts) + "</svg>"


def histogram(values: list[float], *, title: str, bins: int = 10, width: int = 560) -> str:
    """Counts of values in [0, 1] per equal-width bin."""
    counts = [0] * bins
    for v in values:
        counts[min(int(v * bins), bins - 1)] += 1
    height, base, left = 170, 140, 30
    top = max(counts + [1])
    bw = (width - left - 10) / bins
    parts = [_head(width, height, title)]
    for i, count in enumerate(counts):
        h = 100 * count / top
        x = left + i * bw
        parts.append(f'<rect x="{x + 2:.1f}" y="{base - h:.1f}" width="{bw - 4:.1f}" height="{h:.1f}" fill="{BAR}"/>')
        if count:
            parts.append(f'<text x="{x + bw / 2:.1f}" y="{base - h - 4:.1f}" text-anchor="middle">{count}</text>')
        parts.append(f'<text x="{x + bw / 2:.1f}" y="{base + 16}" text-anchor="middle">{i / bins:.1f}</text>')
    return "".join(parts) + "</svg>"


def _head(width: int, height: int, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="system-ui, sans-serif" font-size="12" role="img">'
        f'<title>{escape(title)}</title><text x="10" y="16" font-weight="600">{escape(title)}</text>'
    )
