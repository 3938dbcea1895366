"""Colour requirements: the colours a prompt names (by CSS name or hex) and whether the generated styles use them.

WebGen-Bench prompts end with a palette sentence ("Set the background color to white and the component color to
navy"). The sentence is cut into clauses; a clause that says background/backdrop gives its colour the background
role, any other clause the component role. Colour names resolve through the CSS Color Module 4 table that Pillow
ships (``PIL.ImageColor.colormap``), independent of the engine under test. A name outside that table
("light goldenrod", an X11 name) cannot be checked and is reported as such, never guessed.

A requirement is honoured when the generated frontend declares the colour (exactly, up to rounding):
background colours in a page-background declaration (a property or variable named background/bg/surface, not one
scoped to a button, card, header or nav), component colours in any declaration.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from PIL import ImageColor

from .base import EvalContext, Score, not_built
from .text import wordset

Role = Literal["background", "component"]
TOLERANCE = 3.0  # RGB distance still read as the same colour: rounding only, since pale CSS colours lie close
# together (snow #fffafa is 7 from white, mint cream 11) and a looser match would pass an app that ignored them
STYLE_SUFFIXES = (".css", ".scss", ".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".json", ".html")
SKIP_DIRS = frozenset({"node_modules", "dist", "build", ".vite"})
_NOT_STYLES = frozenset({"package-lock.json", "tsconfig.json"})
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_CLAUSE = re.compile(r";|,|\band\b|\bthen\b|\bwhile\b|\bwith the\b", re.IGNORECASE)
_PALETTE_HINT = re.compile(
    r"\b(colou?rs?|backgrounds?|backdrops?|palette|theme|components?|layout|visuals|ui blocks)\b", re.IGNORECASE
)
_BACKGROUND_HINT = re.compile(r"\b(backgrounds?|backdrops?|layout)\b", re.IGNORECASE)
_TOKEN = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b|[A-Za-z]+")
_MODIFIERS = frozenset({"light", "dark", "medium", "pale", "deep"})
# Words that may follow a colour name in a palette sentence; any other word ("azure mist") makes the name one
# the CSS table does not define, so it is reported as not checkable instead of being read as "azure".
_AFTER_COLOUR = wordset(
    "for as to and with on in at the a an of is be color colour colors colours background backgrounds tone shade "
    "theme hue component components element elements ui visuals block blocks button buttons text accent accents "
    "card cards header headers"
)
_DECLARATION = re.compile(
    r"([A-Za-z_$][\w$-]*)[\"']?\s*[:=]\s*[\"'`]?\s*(#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b|[a-z]+\b)"
)
_PAGE_BG_NAME = re.compile(r"background|(^|[-_])bg($|[-_])|surface|canvas|backdrop", re.IGNORECASE)
_SCOPED_NAME = re.compile(r"button|btn|card|header|nav|primary|accent|badge|chip|input|hover|active", re.IGNORECASE)


@dataclass(frozen=True)
class ColourRequirement:
    words: str
    hex: str | None
    role: Role

    @property
    def checkable(self) -> bool:
        return self.hex is not None


@dataclass(frozen=True)
class Declaration:
    name: str
    hex: str
    file: str


def _hex6(value: str) -> str:
    value = value.lower()
    return "#" + "".join(c * 2 for c in value[1:]) if len(value) == 4 else value


def _css_hex(name: str) -> str:
    r, g, b = ImageColor.getrgb(name)[:3]
    return f"#{r:02x}{g:02x}{b:02x}"


def palette_sentences(text: str) -> list[str]:
    """The sentences of ``text`` that ask for colours."""
    return [s for s in _SENTENCE.split(text) if _PALETTE_HINT.search(s) and _colours_in(s)]


def _colours_in(clause: str) -> list[tuple[str, str | None]]:
    """(words as written, hex or None if unknown) for each colour named in ``clause``, longest names first."""
    tokens = _TOKEN.findall(clause)
    found: list[tuple[str, str | None]] = []
    i = 0
    while i < len(tokens):
        if tokens[i].startswith("#"):
            found.append((tokens[i], _hex6(tokens[i])))
            i += 1
            continue
        for size in (4, 3, 2, 1):
            group = tokens[i : i + size]
            key = "".join(group).lower()
            if len(group) == size and key in ImageColor.colormap:
                nxt = tokens[i + size] if i + size < len(tokens) else ""
                if nxt.isalpha() and nxt.lower() not in _AFTER_COLOUR:
                    found.append((f"{' '.join(group)} {nxt}", None))
                    i += size + 1
                else:
                    found.append((" ".join(group), _css_hex(key)))
                    i += size
                break
        else:
            # "light goldenrod": a modifier before a known name that together are no CSS colour
            nxt = tokens[i + 1].lower() if i + 1 < len(tokens) else ""
            if tokens[i].lower() in _MODIFIERS and nxt in ImageColor.colormap:
                found.append((f"{tokens[i]} {tokens[i + 1]}", None))
                i += 2
                continue
            i += 1
    return found


def parse_palette(text: str) -> list[ColourRequirement]:
    """The colour requirements stated in ``text`` (a prompt or a UI test), in order, without repeats."""
    out: dict[tuple[str, Role], ColourRequirement] = {}
    for sentence in palette_sentences(text):
        for clause in _CLAUSE.split(sentence):
            role: Role = "background" if _BACKGROUND_HINT.search(clause) else "component"
            for words, hex_value in _colours_in(clause):
                out.setdefault((words.lower(), role), ColourRequirement(words.lower(), hex_value, role))
    return list(out.values())


def _distance(a: str, b: str) -> float:
    ra, rb = ImageColor.getrgb(a), ImageColor.getrgb(b)
    return math.dist(ra[:3], rb[:3])


def style_files(frontend: Path) -> list[Path]:
    if not frontend.is_dir():
        return []
    files = []
    for path in sorted(frontend.rglob("*")):
        if not path.is_file() or path.suffix not in STYLE_SUFFIXES or path.name in _NOT_STYLES:
            continue
        if not SKIP_DIRS & set(path.relative_to(frontend).parts):
            files.append(path)
    return sorted(files, key=lambda p: (p.suffix not in (".css", ".scss"), str(p)))  # stylesheets first


def declarations(frontend: Path) -> list[Declaration]:
    """Every ``name: colour`` / ``name = colour`` in the frontend's sources (hex or CSS colour names)."""
    found = []
    for path in style_files(frontend):
        text = path.read_text(encoding="utf-8", errors="replace")
        for name, value in _DECLARATION.findall(text):
            low = value.lower()
            if low.startswith("#"):
                found.append(Declaration(name, _hex6(low), path.name))
            elif low in ImageColor.colormap and low not in ("none", "inherit", "transparent"):
                found.append(Declaration(name, _css_hex(low), path.name))
    return found


def honoured(req: ColourRequirement, decls: list[Declaration]) -> Declaration | None:
    """The declaration that honours ``req``, if any."""
    if req.hex is None:
        return None
    for decl in decls:
        if _distance(decl.hex, req.hex) > TOLERANCE:
            continue
        if req.role == "component" or (_PAGE_BG_NAME.search(decl.name) and not _SCOPED_NAME.search(decl.name)):
            return decl
    return None


def check_palette(reqs: list[ColourRequirement], frontend: Path) -> tuple[list[str], list[str], list[str]]:
    """(honoured, missing, not checkable) requirement descriptions."""
    decls = declarations(frontend)
    ok, missing, unknown = [], [], []
    for req in reqs:
        label = f"{req.role} {req.words}" + (f" ({req.hex})" if req.hex else "")
        if not req.checkable:
            unknown.append(label)
        elif (decl := honoured(req, decls)) is not None:
            ok.append(f"{label} in {decl.file}:{decl.name}")
        else:
            missing.append(label)
    return ok, missing, unknown


class ColourEvaluator:
    """Share of the prompt's checkable colour requirements the generated styles honour."""

    name = "colors"
    needs_server = False

    async def evaluate(self, ctx: EvalContext) -> Score:
        reqs = parse_palette(ctx.case.prompt)
        if not reqs:
            return Score(name=self.name, value=None, reason="the prompt asks for no colours")
        if not ctx.built or ctx.app_dir is None:
            return not_built(self.name, ctx)
        ok, missing, unknown = check_palette(reqs, ctx.app_dir / "frontend")
        details = {"honoured": ok, "missing": missing, "not_checkable": unknown}
        checkable = len(ok) + len(missing)
        if not checkable:
            return Score(name=self.name, value=None, reason=f"no CSS colour to check: {unknown}", details=details)
        value = len(ok) / checkable
        reason = f"{len(ok)}/{checkable} colours honoured" + (f"; missing {', '.join(missing)}" if missing else "")
        if unknown:
            reason += f"; not checkable: {', '.join(unknown)}"
        return Score(name=self.name, value=value, passed=not missing, reason=reason, details=details)
