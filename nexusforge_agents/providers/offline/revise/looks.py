"""Clauses about how the app looks and what it is called, and its two switches: colours and theme, the app's
name, a page's title, an element's label, sign-in and real-time updates on or off."""

from __future__ import annotations

import re

from ....appspec import AppSpec, ColorScheme
from ....spec_conventions import ensure_pages
from ....spec_delta import (
    ColorRole,
    NotBuiltChange,
    RenameApp,
    SetColors,
    SetElementLabel,
    SetPageTitle,
    SetRealtime,
    SetSignIn,
    SpecChange,
)
from ..spec.colors import color_roles, readable_text, visible_on
from .clauses import quoted, unquote
from .targets import elements_named, page_named

Outcome = list[SpecChange] | NotBuiltChange | None

_OFF = re.compile(
    r"\b(?:turn|switch)(?:\s+\w+){0,3}\s+off\b|\boff$|\b(?:disable|remove|drop|delete|without|no longer|get rid of)\b|"
    r"\bno\s+(?:more\s+)?(?:sign|log|login|auth|account|real|live)",
    re.IGNORECASE,
)
_ON = re.compile(
    r"\b(?:turn|switch)(?:\s+\w+){0,3}\s+on\b|\bon$|\b(?:enable|add|require|use|support|include|let|allow)\b", re.I
)
_SIGN_IN = re.compile(
    r"\b(?:sign[- ]?ins?|sign[- ]?ups?|log[- ]?ins?|logins?|authentication|auth|user accounts?|accounts)\b", re.I
)
_REALTIME = re.compile(r"\b(?:real[- ]?time(?: updates?)?|live (?:updates?|feed)|websockets?)\b", re.IGNORECASE)
_APP = r"(?:the\s+)?(?:app|application|site|website|project)"
_APP_NAME = (
    re.compile(rf"^(?:re)?name\s+{_APP}\s+(?:to\s+|as\s+)?(?P<name>.+)$", re.IGNORECASE),
    re.compile(rf"^call\s+{_APP}\s+(?P<name>.+)$", re.IGNORECASE),
    re.compile(rf"^(?:change|set|make)\s+{_APP}(?:'s)?\s+(?:name|title)\s+(?:to\s+|be\s+)?(?P<name>.+)$", re.I),
    re.compile(rf"^{_APP}\s+(?:should\s+be|is|will\s+be)\s+(?:called|named)\s+(?P<name>.+)$", re.IGNORECASE),
)
_DARK_LIGHT = re.compile(
    r"\b(dark|light)\s+(?:mode|theme|look)\b|\b(?:make|turn)\s+(?:the\s+)?(?:app|it|site|website)\s+(dark|light)(?:er)?$",
    re.IGNORECASE,
)
_PAGE_TITLE = (
    re.compile(r"\btitle\s+of\s+(?:the\s+)?(?P<page>.+?)(?:\s+page)?\s+(?:to|as|into)\s+(?P<new>.+)$", re.I),
    re.compile(r"\b(?:the\s+)?(?P<page>.+?)\s+page(?:'s)?\s+title\s+(?:to|as|into)\s+(?P<new>.+)$", re.IGNORECASE),
    re.compile(r"^(?:re)?title\s+(?:the\s+)?(?P<page>.+?)\s+page\s+(?:to\s+|as\s+)?(?P<new>.+)$", re.IGNORECASE),
)
_ELEMENT_WORDS = re.compile(r"\b(?:button|link|heading|header|label|search box|box|tab)\b", re.IGNORECASE)
_ON_PAGE = re.compile(r"\s+on\s+(?:the\s+)?(?P<page>[\w' -]+?)\s+page\b", re.IGNORECASE)


def read_switch(spec: AppSpec, clause: str) -> Outcome:
    """Sign-in or real-time updates turned on or off."""
    for pattern, make in ((_SIGN_IN, SetSignIn), (_REALTIME, SetRealtime)):
        if pattern.search(clause):
            off, on = bool(_OFF.search(clause)), bool(_ON.search(clause))
            if off == on:
                return NotBuiltChange(request=clause, reason="It does not say whether to turn it on or off.")
            current = spec.auth.enabled if make is SetSignIn else spec.realtime
            if current == on:
                state = "on" if on else "off"
                return NotBuiltChange(request=clause, reason=f"It is already {state}: nothing to change.")
            return [make(enabled=on)]
    return None


def read_app_name(clause: str) -> Outcome:
    for pattern in _APP_NAME:
        match = pattern.match(clause)
        if match:
            name = unquote(match.group("name"))
            if not name or len(name) > 80:
                return NotBuiltChange(request=clause, reason="An app name is 1 to 80 characters long.")
            return [RenameApp(name=name)]
    return None


def read_colors(spec: AppSpec, clause: str) -> Outcome:
    """ "Make the primary colour teal", "use a dark theme": the roles named, with the text kept readable."""
    theme = _DARK_LIGHT.search(clause)
    roles = {role: found for role, found in color_roles(clause).items()}
    if not roles and theme is None:
        return None
    current = spec.colors
    new: dict[ColorRole, str] = {r: hex_ for r, (_, hex_) in roles.items()}  # type: ignore[misc]
    words: dict[ColorRole, str] = {r: w for r, (w, _) in roles.items()}  # type: ignore[misc]
    mode = (theme.group(1) or theme.group(2)).lower() if theme else None
    if mode and "background" not in new:
        new["background"] = "#0f172a" if mode == "dark" else ColorScheme().background
        words["background"] = f"{mode} theme"
    background = new.get("background", current.background)
    if "background" in new:
        new.setdefault("text", readable_text(background))
        new.setdefault("primary", visible_on(current.primary, background))
        new.setdefault("accent", visible_on(current.accent, background, 2.0))
    changed = {role: hex_ for role, hex_ in new.items() if getattr(current, role) != hex_}
    if not changed:
        return NotBuiltChange(request=clause, reason="The app already has these colours: nothing to change.")
    return [SetColors(colors=changed, words={r: w for r, w in words.items() if r in changed}, theme=mode)]  # type: ignore[arg-type]


def read_page_title(spec: AppSpec, clause: str) -> Outcome:
    for pattern in _PAGE_TITLE:
        match = pattern.search(clause)
        if match:
            page = page_named(ensure_pages(spec), match.group("page"))
            if page is None:
                names = ", ".join(p.name for p in ensure_pages(spec).pages)
                return NotBuiltChange(request=clause, reason=f"No page is called that; the pages are {names}.")
            return [SetPageTitle(page=page.name, title=unquote(match.group("new")))]
    return None


def read_element_label(spec: AppSpec, clause: str) -> Outcome:
    """ "Rename the 'Save' button to 'Store'", "label the search box 'Find a task'"."""
    if not _ELEMENT_WORDS.search(clause) or not re.match(r"^(?:rename|relabel|change|label|call|set)\b", clause, re.I):
        return None
    texts = quoted(clause)
    new = texts[-1] if texts else unquote(clause.rsplit(" to ", 1)[-1]) if " to " in clause else ""
    if not new:
        return NotBuiltChange(request=clause, reason="It does not say the new label (put it in quotes).")
    old = texts[0] if len(texts) > 1 else None
    pages = ensure_pages(spec).pages
    on_page = _ON_PAGE.search(clause)
    if on_page:
        page = page_named(ensure_pages(spec), on_page.group("page"))
        pages = [page] if page is not None else []
    described = clause.split(" to ")[0] if old is None else ""
    found = elements_named(pages, old, described)
    if not found:
        return NotBuiltChange(request=clause, reason="No element of the app has that label or description.")
    return [SetElementLabel(page=page.name, element=element.id, label=new) for page, element in found]
