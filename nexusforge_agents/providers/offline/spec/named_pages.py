"""Pages a free prompt names ("a home page, an about page and a contact page"; "multiple pages, including the
base page, ranking page, store, ..."): the spec then carries them as explicit pages, in the order named.

A named page that is one of the app's entities ("a gallery page" when the app stores galleries) is that
entity's list page under the name the request uses; "home", "login", "dashboard" are the conventional pages; any
other becomes a page of its own with its name as heading. The entities' other pages (forms, the sign-in page,
the live feed) follow, as the default page model has them.
"""

from __future__ import annotations

import re

from ....appspec import AppSpec, Element, Page
from ....spec_conventions import ensure_pages
from .lexicon import ADJECTIVES, DETERMINERS, STOP
from .naming import singular, title_case, words_of

_NAMED_PAGE = re.compile(r"\b((?:[a-z][a-z'-]*\s+){0,1}[a-z][a-z'-]*)\s+(?:page|screen)s?\b", re.IGNORECASE)
_PAGE_LIST = re.compile(
    r"\b(?:pages?|screens?|sections?|tabs?)\s*,?\s*(?:including|such as|like|namely|:)\s+([^.;!?]+)", re.IGNORECASE
)
_NOT_NAMES = frozenset(
    [
        "multiple",
        "different",
        "separate",
        "several",
        "single",
        "web",
        "one",
        "two",
        "three",
        "each",
        "every",
        "main",
        "this",
        "that",
        "which",
        "new",
        "own",
        "dedicated",
        "individual",
        "specific",
        "detail",
        "details",
    ]
)
_PAGE_WORDS = frozenset({"about", "contact", "home"})  # page names that are also common function words
_CONVENTIONAL = {
    "home": "Home",
    "homepage": "Home",
    "landing": "Home",
    "main": "Home",
    "index": "Home",
    "login": "Login",
    "sign-in": "Login",
    "signin": "Login",
    "dashboard": "Dashboard",
}


def _clean(words: list[str]) -> list[str]:
    kept = [w.lower() for w in words if w.lower() in _PAGE_WORDS or w.lower() not in STOP | DETERMINERS]
    kept = [w for w in kept if w not in _NOT_NAMES and w not in ADJECTIVES and w not in ("page", "pages", "screen")]
    return kept[-2:]


def page_names(text: str) -> list[list[str]]:
    """The pages the text names, as word lists, in the order it names them (each once)."""
    found: list[tuple[int, list[str]]] = []
    for match in _PAGE_LIST.finditer(text):
        start = match.start(1)
        for item in re.split(r",\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+", match.group(1)):
            words = _clean(item.split())
            if words:
                found.append((start + match.group(1).find(item), words))
    for match in _NAMED_PAGE.finditer(text):
        words = _clean(match.group(1).split())
        if words:
            found.append((match.start(), words))
    out: list[list[str]] = []
    for _, words in sorted(found, key=lambda item: item[0]):
        if words not in out and not any(words[-1:] == o[-1:] and len(o) > len(words) for o in out):
            out.append(words)
    return out


def with_named_pages(spec: AppSpec, text: str) -> AppSpec:
    """The spec with explicit pages when the request names two or more pages; unchanged otherwise."""
    names = page_names(text)
    if len(names) < 2:
        return spec
    derived = ensure_pages(spec).pages
    by_name = {p.name: p for p in derived}
    entities = {singular(w.lower()): e for e in spec.entities for w in re.findall(r"[A-Z][a-z0-9]*", e.name)[-1:]}
    pages: list[Page] = []
    for words in names:
        label = title_case(words)
        conventional = _CONVENTIONAL.get(words[-1]) if len(words) == 1 else None
        entity = entities.get(singular(words[-1]))
        if conventional and conventional in by_name:
            page = by_name[conventional]
        elif entity is not None and f"{entity.name}List" in by_name:
            page = by_name[f"{entity.name}List"].model_copy(update={"title": f"{label} | {spec.name}"})
        elif conventional:
            continue  # a sign-in or dashboard page the request names but the app does not have switched on
        else:
            page = _own_page(label, spec.name)
        if page.name not in {p.name for p in pages} and page.route not in {p.route for p in pages}:
            pages.append(page)
    if "Home" in by_name and "Home" not in {p.name for p in pages}:
        pages.insert(0, by_name["Home"])
    pages += [p for p in derived if p.name not in {q.name for q in pages} and p.route not in {q.route for q in pages}]
    return spec.model_copy(update={"pages": pages, "ui_components": [p.name for p in pages]})


def _own_page(label: str, app: str) -> Page:
    slug = "-".join(words_of(label)) or "page"
    name = "".join(w.capitalize() for w in words_of(label)) + "Page"
    return Page(
        name=name,
        route=f"/{slug}",
        title=f"{label} | {app}",
        purpose=f"The {label.lower()} page the request names",
        kind="panel",
        elements=[
            Element(id=f"{slug}-heading", kind="heading", label=label),
            Element(id=f"{slug}-content", kind="text", label=f"{label} content"),
        ],
    )


def with_login_page(spec: AppSpec) -> AppSpec:
    """The spec with the conventional sign-in page added (auth switched on by the build config)."""
    if not spec.pages:
        return spec.model_copy(update={"ui_components": [*spec.ui_components, "Login"]})
    login = ensure_pages(spec.model_copy(update={"pages": [], "ui_components": ["Login"]})).pages[0]
    if login.route in {p.route for p in spec.pages}:
        login = login.model_copy(update={"route": "/sign-in"})
    pages = [*spec.pages, login]
    return spec.model_copy(update={"pages": pages, "ui_components": [p.name for p in pages]})
