"""The pages of a requirements document: which sections describe a page, and what each says about it (its
name, route, document title and elements), in document order.

A section is a page when its heading says so ("## 1. Login Page", "### Page: Dashboard (route /dashboard)",
"#### Screen 2 — Create Ticket"), when it gives a page title, or when it sits under a "Pages" / "Screens"
section; sections about data, roles, flows or acceptance criteria never are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .elements import DocElement, parse_elements, split_options, table_elements
from .markdown import Section, bullet, key_values, strip_markup, table_rows, unquote

_PAGE_WORD = re.compile(r"\b(page|screen|view|form)\b", re.IGNORECASE)
_CONTAINER = re.compile(
    r"^(?:pages?|screens?|views?|ui|user interface|page (?:design|layout|structure|descriptions?)|"
    r"pages? and elements|screens? and elements|site map|sitemap|navigation)$",
    re.IGNORECASE,
)
NOT_A_PAGE = re.compile(
    r"\b(data|storage|files?|persistence|database|roles?|users? roles?|actors?|flows?|acceptance|criteria|"
    r"overview|introduction|summary|requirements?|features?|functional|non-functional|technical|tech|stack|"
    r"deployment|security|glossary|assumptions|scope|goals?|notes?|appendix|user stories|scenarios?)\b",
    re.IGNORECASE,
)
_ROUTE_IN_HEADING = re.compile(r"\(\s*(?:route|url|path)?\s*:?\s*`?(/[^)`\s]*)`?\s*\)|`(/[^`\s]*)`", re.IGNORECASE)
_ROUTE_KEYS = ("route", "url", "path", "page route", "page url", "endpoint", "address")
_TITLE_KEYS = ("page title", "title", "document title", "html title", "browser title", "tab title")
_PURPOSE_KEYS = ("purpose", "description", "goal", "summary")
_HEADING_PREFIX = re.compile(r"^(?:page|screen|view)\s*[:\-–—]\s*", re.IGNORECASE)
_HEADING_SUFFIX = re.compile(r"\s+(?:page|screen|view)$", re.IGNORECASE)
_OPTION_LEAD = re.compile(r"^(?:options?|choices|values)\s*:?\s*$", re.IGNORECASE)


@dataclass
class DocPage:
    heading: str  # the name the document gives the page ("Add Expense Page")
    name: str  # without "Page" ("Add Expense")
    title: str
    route: str  # "" when the document gives none
    purpose: str = ""
    elements: list[DocElement] = field(default_factory=list)
    text: str = ""


def is_page_section(section: Section) -> bool:
    title = section.title
    if not title or _CONTAINER.match(title) or NOT_A_PAGE.search(title) and not _PAGE_WORD.search(title):
        return False
    keys = key_values(section.lines)
    if any(k in keys for k in _TITLE_KEYS) or _PAGE_WORD.search(title):
        return True
    return any(_CONTAINER.match(re.sub(r"^[\d.\s]+", "", p)) for p in section.parents[-1:])


def _elements(lines: list[str]) -> list[DocElement]:
    """Elements from list lines and tables; indented option bullets attach to the select above them."""
    found: list[DocElement] = list(table_elements(table_rows(lines)))
    owner: tuple[int, DocElement] | None = None
    for line in lines:
        item = bullet(line)
        elements = parse_elements(line) if not line.strip().startswith("|") else []
        if elements:
            found += [e for e in elements if all(f.id != e.id for f in found)]
            owner = (item[0] if item else 0, elements[0])
            continue
        if owner is None or item is None:
            continue
        indent, text = item
        if indent > owner[0] and owner[1].kind in ("select", "radio", "list"):
            if _OPTION_LEAD.match(text):
                continue
            if text.lower().startswith(("options", "choices", "values")):
                owner[1].options += split_options(text.split(":", 1)[-1])
            else:
                owner[1].options.append(unquote(strip_markup(text)))
    return found


def read_page(section: Section) -> DocPage:
    keys = key_values(section.lines)
    heading = section.title
    route_match = _ROUTE_IN_HEADING.search(heading)
    route = next((unquote(keys[k]) for k in _ROUTE_KEYS if k in keys and unquote(keys[k]).startswith("/")), "")
    if route_match:
        route = route or route_match.group(1) or route_match.group(2)
        heading = _ROUTE_IN_HEADING.sub("", heading).strip(" :-–—")
    name = _HEADING_SUFFIX.sub("", _HEADING_PREFIX.sub("", heading)).strip() or heading
    title = next((unquote(strip_markup(keys[k])) for k in _TITLE_KEYS if k in keys), "") or name
    purpose = next((keys[k] for k in _PURPOSE_KEYS if k in keys), "")
    if not purpose:
        prose = [
            strip_markup(line)
            for line in section.lines
            if line.strip() and bullet(line) is None and ":" not in line[:40] and not line.lstrip().startswith("|")
        ]
        purpose = prose[0] if prose else ""
    return DocPage(heading, name, title[:200], route, purpose, _elements(section.lines), section.text())


def read_pages(all_sections: list[Section]) -> list[DocPage]:
    return [read_page(s) for s in all_sections if is_page_section(s)]
