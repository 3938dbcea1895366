"""The app's name from a requirements document: the name it gives the app, without the document's own words.

"Requirements Document for 'ExpenseTracker' Web Application" -> ExpenseTracker; "FitSlot — Gym Class Booking
Specification" -> FitSlot; "ClassVote Web App Requirements" -> ClassVote; "HelpDesk Lite" stays as it is.
"""

from __future__ import annotations

import re

from .markdown import Section, unquote

_QUOTED = re.compile(r"[\"'“‘`]([^\"'”’`]{2,60})[\"'”’`]")
_CALLED = re.compile(
    r"\b(?:called|named)\s+[\"'“‘`]?([A-Z][\w&' -]{1,40}?)[\"'”’`]?(?:[,.;:]|\s+(?:is|that|which|lets|for)\b)"
)
_DOC_WORDS = re.compile(
    r"\b(?:product\s+)?requirements?(?:\s+(?:document|specification|spec))?\b|\bprd\b|\bspecifications?\b|"
    r"\bspec\b|\bdocument(?:ation)?\b|\bbrief\b|\bdesign doc\b",
    re.IGNORECASE,
)
_APP_WORDS = re.compile(r"\b(?:web\s+)?(?:application|app|website|site)\b", re.IGNORECASE)
_LEAD = re.compile(r"^(?:for|of|the|a|an|:|-)\s+", re.IGNORECASE)


def _clean(heading: str) -> str:
    quoted = _QUOTED.search(heading)
    if quoted:
        return quoted.group(1).strip()
    parts = [p.strip() for p in re.split(r"\s+[—–-]\s+|:\s+", heading) if p.strip()]
    kept = [p for p in parts if not _DOC_WORDS.search(p)] or parts
    name = _DOC_WORDS.sub(" ", kept[0])
    stripped = _APP_WORDS.sub(" ", name)
    name = stripped if stripped.strip() else name
    name = " ".join(name.split())
    while _LEAD.match(name):
        name = _LEAD.sub("", name)
    return name.strip(" -–—:,.")


def document_name(all_sections: list[Section], prose: str) -> str:
    """The first heading's app name; else the one the prose calls it; else a name from the first page."""
    for section in all_sections:
        if section.heading:
            name = _clean(section.heading)
            if name and len(name) <= 60:
                return unquote(name)[:80]
            break
    called = _CALLED.search(prose)
    return called.group(1).strip()[:80] if called else "Requirements App"
