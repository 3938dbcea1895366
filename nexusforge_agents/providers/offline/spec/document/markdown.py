"""Markdown as a requirements document uses it: headed sections, bullet and numbered lists, tables,
"Key: value" lines and fenced code blocks.

Only structure is read here; what a section means (a page, the data files, the roles) is decided by the readers
that use these sections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_BOLD_LINE = re.compile(r"^\*\*([^*]+)\*\*:?\s*$")
_BULLET = re.compile(r"^(\s*)(?:[-*+•]|\d+[.)])\s+(.*)$")
_NUMBERING = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?|[A-Z]\.|(?:page|screen|section|step)\s+\d+\s*[:.\-–—]?)\s*", re.IGNORECASE
)
_KEY_VALUE = re.compile(r"^\s*(?:[-*+•]\s+)?\**([A-Za-z][A-Za-z /]{0,30}?)\**\s*:\s*\**\s*(.*?)\s*$")
_MARKUP = re.compile(r"\*\*|__|(?<!\w)\*(?!\s)|(?<!\s)\*(?!\w)")


@dataclass
class Section:
    level: int
    heading: str  # as written, markup removed
    lines: list[str] = field(default_factory=list)  # body lines up to the next heading
    parents: list[str] = field(default_factory=list)  # headings of the enclosing sections, outermost first

    @property
    def title(self) -> str:
        """The heading without its numbering: "1.1 Class Schedule" -> "Class Schedule"."""
        return _NUMBERING.sub("", self.heading).strip(" :-–—") or self.heading  # "Page 1" names itself

    def text(self) -> str:
        return "\n".join(self.lines)


def strip_markup(text: str) -> str:
    return _MARKUP.sub("", text).strip()


def sections(document: str) -> list[Section]:
    """Every headed section in document order; text before the first heading is a level-0 section."""
    out = [Section(0, "")]
    stack: list[Section] = []
    fenced = False
    # A bold line is a heading only in a document without "#" headings; under them it labels a part of a
    # section ("**Elements**:").
    bold_headings = not any(_HEADING.match(line) for line in document.splitlines())
    for raw in document.splitlines():
        line = raw.rstrip()
        if line.lstrip().startswith("```"):
            fenced = not fenced
            out[-1].lines.append(line)
            continue
        heading = (
            None if fenced else _HEADING.match(line) or (_BOLD_LINE.match(line.strip()) if bold_headings else None)
        )
        if heading is None:
            out[-1].lines.append(line)
            continue
        level = len(heading.group(1)) if heading.re is _HEADING else 7
        text = strip_markup(heading.group(2) if heading.re is _HEADING else heading.group(1))
        while stack and stack[-1].level >= level:
            stack.pop()
        section = Section(level, text, parents=[s.heading for s in stack])
        stack.append(section)
        out.append(section)
    return [s for s in out if s.heading or any(line.strip() for line in s.lines)]


def key_values(lines: list[str]) -> dict[str, str]:
    """ "Page Title: X", "**Route:** /book", "- Title: ClassVote" as {"page title": "X", ...}; first one wins."""
    found: dict[str, str] = {}
    for line in lines:
        match = _KEY_VALUE.match(strip_markup(line) if "**" in line else line)
        if match and match.group(2):
            found.setdefault(match.group(1).strip().lower(), match.group(2).strip())
    return found


def bullet(line: str) -> tuple[int, str] | None:
    """(indent, text) of a list item, else None."""
    match = _BULLET.match(line)
    return (len(match.group(1).expandtabs(4)), match.group(2).strip()) if match else None


def table_rows(lines: list[str]) -> list[dict[str, str]]:
    """The rows of the first Markdown table in ``lines`` as {lower-case header: cell}."""
    rows = [line.strip() for line in lines if line.strip().startswith("|")]
    if len(rows) < 2:
        return []
    cells = [[c.strip() for c in row.strip("|").split("|")] for row in rows]
    header = [h.lower() for h in cells[0]]
    body = [r for r in cells[1:] if not all(re.fullmatch(r":?-{2,}:?", c) or not c for c in r)]
    return [dict(zip(header, row, strict=False)) for row in body]


def fenced_blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] | None = None
    for line in lines:
        if line.lstrip().startswith("```"):
            if current is None:
                current = []
            else:
                blocks.append(current)
                current = None
            continue
        if current is not None:
            current.append(line)
    return blocks


def unquote(text: str) -> str:
    return text.strip().strip("`\"'“”‘’").strip()
