"""The app's palette as CSS custom properties (backend/static/theme.css), with readable text on each colour."""

from __future__ import annotations

from .....schemas import ColorScheme


def _luminance(hex_colour: str) -> float:
    """WCAG relative luminance of '#rrggbb'."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _readable_on(hex_colour: str) -> str:
    """White or near-black, whichever contrasts more with ``hex_colour``."""
    light = _luminance(hex_colour)
    return "#ffffff" if (1.05 / (light + 0.05)) >= ((light + 0.05) / 0.05) else "#0f172a"


def theme_css(colors: ColorScheme) -> str:
    dark = _luminance(colors.background) < 0.2
    surface = "color-mix(in srgb, var(--bg) 88%, #ffffff)" if dark else "#ffffff"
    line = "color-mix(in srgb, var(--text) 16%, transparent)"
    return (
        "/* The app's colours (from its specification); app.css uses only these variables. */\n"
        ":root {\n"
        f"  --bg: {colors.background};\n"
        f"  --primary: {colors.primary};\n"
        f"  --on-primary: {_readable_on(colors.primary)};\n"
        f"  --text: {colors.text};\n"
        f"  --accent: {colors.accent};\n"
        f"  --surface: {surface};\n"
        f"  --line: {line};\n"
        f"  color-scheme: {'dark' if dark else 'light'};\n"
        "}\n"
    )


def favicon_svg(colors: ColorScheme) -> str:
    """A small icon in the app's primary colour (a browser asks for one on every first visit)."""
    ink = _readable_on(colors.primary)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
        f'<rect width="32" height="32" rx="8" fill="{colors.primary}"/>'
        f'<path d="M9 10h14M9 16h14M9 22h9" stroke="{ink}" stroke-width="3" stroke-linecap="round"/></svg>\n'
    )
