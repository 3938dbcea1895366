"""Colour requirements: "Use ivory for the background and forest green for components" -> a ColorScheme.

Prompts phrase these many ways ("Assign lavender to the background and indigo to the UI elements", "Define
background as papaya whip; define components with dark orange", "primary color #ff6600"), so the reader does not
parse grammar: it cuts a colour sentence into clauses, finds the colour names and hex codes in each clause and
gives each colour the role named in its clause (background, components, text, accent).
"""

from __future__ import annotations

import colorsys
import re

from ....schemas import ColorScheme
from .color_names import COLORS
from .lexicon import words
from .naming import Token, tokenize

_CONTEXT = words("color colour colors colours background backgrounds backdrop theme palette hex")
_STRONG_UI = words("component components ui interface buttons button")
_ROLE_WORDS: dict[str, frozenset[str]] = {
    "background": frozenset(["background", "backgrounds", "backdrop", "canvas"]),
    "text": words("text texts font fonts typography lettering"),
    "accent": frozenset(["accent", "accents", "highlight", "highlights", "secondary"]),
    "primary": words(
        """component components element elements ui interface control controls block blocks piece pieces visuals visual
    details buttons button primary brand cards card widgets widget header headers navbar theme main"""
    ),
}
_ROLE_ORDER = ("background", "text", "accent", "primary")
_LAYOUT_WORDS = words("layout page pages site body container containers")
_CLAUSE_BREAKS = frozenset({";", ",", "and", "then", "while", "plus", "."})
_DARK_MODE = re.compile(r"\bdark (?:mode|theme)\b", re.IGNORECASE)
_DARK_TEXT = "#0f172a"
_LIGHT_TEXT = "#ffffff"


def _hex6(value: str) -> str:
    value = value.lower()
    return "#" + "".join(c * 2 for c in value[1:]) if len(value) == 4 else value


def _colours_in(tokens: list[Token]) -> list[tuple[str, str]]:
    """(words as written, hex) for each colour in the tokens, longest name first."""
    return [(named, hex_) for named, hex_, _, _ in _located_colours(tokens)]


def _located_colours(tokens: list[Token]) -> list[tuple[str, str, int, int]]:
    """(words, hex, first token, last token) of each colour."""
    found, i = [], 0
    while i < len(tokens):
        if re.fullmatch(r"#[0-9a-f]{3}(?:[0-9a-f]{3})?", tokens[i].low):
            found.append((tokens[i].low, _hex6(tokens[i].low), i, i))
            i += 1
            continue
        for size in (4, 3, 2, 1):
            words = [t.low for t in tokens[i : i + size]]
            if len(words) < size or not all(w.replace("-", "").isalpha() for w in words):
                continue
            key = "".join(words).replace("-", "")
            if key in COLORS:
                found.append((" ".join(words), COLORS[key], i, i + size - 1))
                i += size
                break
        else:
            i += 1
    return found


def _role_of(tokens: list[Token]) -> str | None:
    words = {t.low for t in tokens}
    for role in _ROLE_ORDER:
        if words & _ROLE_WORDS[role]:
            return role
    return "background" if words & _LAYOUT_WORDS else None


def _clauses(tokens: list[Token]) -> list[list[Token]]:
    clauses: list[list[Token]] = [[]]
    for token in tokens:
        if token.low in _CLAUSE_BREAKS:
            if clauses[-1]:
                clauses.append([])
        else:
            clauses[-1].append(token)
    return [c for c in clauses if c]


def _assign_by_proximity(clause: list[Token], roles: dict[str, tuple[str, str]]) -> bool:
    """Several colours in one clause ("primary color #ff6600 on a white background"): each takes the role word
    nearest to it. False when the clause names fewer than two roles."""
    marks = [(i, role) for i, t in enumerate(clause) for role in _ROLE_ORDER if t.low in _ROLE_WORDS[role]]
    if len({role for _, role in marks}) < 2:
        return False
    for named, hex_, first, last in _located_colours(clause):
        role = min(marks, key=lambda mark: (mark[0] - last if mark[0] > last else first - mark[0], mark[0] > last))[1]
        roles.setdefault(role, (named, hex_))
    return True


def is_color_sentence(sentence: str) -> bool:
    tokens = tokenize(sentence)
    words = {t.low for t in tokens}
    return bool(_colours_in(tokens)) and bool(words & (_CONTEXT | _STRONG_UI))


def color_roles(text: str) -> dict[str, tuple[str, str]]:
    """role -> (colour words, hex) for every colour requirement in the text."""
    from .naming import sentences

    roles: dict[str, tuple[str, str]] = {}
    for sentence in sentences(text):
        if not is_color_sentence(sentence):
            continue
        pending_colours: list[tuple[str, str]] = []
        pending_role: str | None = None
        for clause in _clauses(tokenize(sentence)):
            colours, role = _colours_in(clause), _role_of(clause)
            if len(colours) > 1 and _assign_by_proximity(clause, roles):
                continue
            if colours and role is None and pending_role:
                role, pending_role = pending_role, None
            if colours and role:
                roles.setdefault(role, colours[0])
                pending_colours += colours[1:]
            elif colours:
                pending_colours += colours
            elif role and pending_colours:
                roles.setdefault(role, pending_colours.pop(0))
            elif role:
                pending_role = role
        for role in ("primary", "accent", "background"):
            if pending_colours and role not in roles:
                roles[role] = pending_colours.pop(0)
    return roles


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio between two #rrggbb colours (1 .. 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable_text(background: str) -> str:
    """Dark slate or white, whichever reads better; pure black or white when neither reaches WCAG AA."""
    best = max((_DARK_TEXT, _LIGHT_TEXT), key=lambda c: contrast(c, background))
    if contrast(best, background) < 4.5:
        best = max(("#000000", _LIGHT_TEXT), key=lambda c: contrast(c, background))
    return best


def _to_hex(r: float, g: float, b: float) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in (r, g, b))


def visible_on(colour: str, background: str, minimum: float = 3.0) -> str:
    """The colour, darkened or lightened in steps until it stands out against the background."""
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    h, lightness, s = colorsys.rgb_to_hls(r, g, b)
    step = -0.05 if _luminance(background) > 0.18 else 0.05
    candidate = colour
    for _ in range(20):
        if contrast(candidate, background) >= minimum:
            return candidate
        lightness = max(0.0, min(1.0, lightness + step))
        candidate = _to_hex(*colorsys.hls_to_rgb(h, lightness, s))
    return candidate


def _accent_for(primary: str) -> str:
    """An analogous hue (30 degrees on), saturated enough to mark highlights without clashing."""
    r, g, b = (int(primary[i : i + 2], 16) / 255 for i in (1, 3, 5))
    h, lightness, s = colorsys.rgb_to_hls(r, g, b)
    return _to_hex(*colorsys.hls_to_rgb((h + 1 / 12) % 1.0, min(max(lightness, 0.4), 0.6), max(s, 0.55)))


def extract_colors(text: str) -> ColorScheme:
    roles = color_roles(text)
    default = ColorScheme()
    source = {role: words for role, (words, _) in roles.items()}
    background = roles["background"][1] if "background" in roles else default.background
    dark_mode = _DARK_MODE.search(text)
    if "background" not in roles and dark_mode:
        background, source["background"] = "#0f172a", dark_mode.group(0).lower()
    text_colour = roles["text"][1] if "text" in roles else readable_text(background)
    primary = roles["primary"][1] if "primary" in roles else visible_on(default.primary, background)
    if "accent" in roles:
        accent = roles["accent"][1]
    else:
        accent = visible_on(_accent_for(primary) if "primary" in roles else default.accent, background, 2.0)
    return ColorScheme(background=background, primary=primary, text=text_colour, accent=accent, source=source)
