"""The document's pages as the spec's page model: PascalCase names, routes (the document's, else the first page
at ``/`` and the rest derived from their names), titles verbatim, kinds, the entity each page works on, and every
element with its binding and its navigation target resolved to a route.
"""

from __future__ import annotations

import re

from .....appspec import Element, Entity, Page, PageKind
from ..naming import singular, words_of
from .entities import _INPUT_KINDS, _QUERY, bind, page_noun
from .pages import DocPage


def _kind(page: DocPage, taken: set[str], first: bool) -> PageKind:
    name = page.name.lower()
    kinds = {e.kind for e in page.elements}
    if "password" in kinds and re.search(r"\blog ?in\b|\bsign ?in\b|\blogin\b", name):
        return "login"
    if "dashboard" in name or ("chart" in kinds and "dashboard" not in taken):
        return "dashboard"
    if len([e for e in page.elements if e.kind in _INPUT_KINDS and not _QUERY.search(e.id)]) >= 2:
        return "form"
    if kinds & {"table", "list"}:
        return "list"
    return "home" if first else "panel"


def clean_route(route: str) -> str:
    """A route as the document writes it, made URL-safe: "/books/:id" -> "/books/{id}", no query or fragment."""
    path = re.split(r"[?#]", route.strip(), maxsplit=1)[0]
    path = re.sub(r":([A-Za-z_]\w*)", r"{\1}", path)
    path = re.sub(r"[^A-Za-z0-9_\-/{}.]+", "-", path).strip("-")
    return "/" + path.lstrip("/") if path.strip("/") else "/"


def _route_for(name: str) -> str:
    return "/" + "-".join(words_of(name)) if words_of(name) else "/page"


def page_entity(page: DocPage, entities: list[Entity]) -> Entity | None:
    """The entity whose fields the page's inputs edit most, else the one its lists or its name mention."""
    best: tuple[int, int, Entity] | None = None
    for n, entity in enumerate(entities):
        bound = sum(bind(e, entity) is not None for e in page.elements if e.kind in _INPUT_KINDS)
        if bound and (best is None or bound > best[0]):
            best = (bound, -n, entity)
    if best is not None and best[0] >= 1:
        return best[2]
    lists = [e for e in page.elements if e.kind in ("table", "list")]
    for mentions in (" ".join([page.name, *(e.id for e in lists)]), " ".join(e.label for e in lists)):
        words = {singular(w) for w in words_of(mentions)}
        for entity in entities:
            if singular(words_of(re.sub(r"(?<!^)(?=[A-Z])", " ", entity.name))[-1]) in words:
                return entity
    noun = page_noun(page)
    return next((e for e in entities if noun and e.name.lower() == "".join(noun)), None)


def _names(pages: list[DocPage], kinds: list[PageKind]) -> list[str]:
    """PascalCase page names; the sign-in and dashboard pages take the conventional names when free."""
    names: list[str] = []
    for page, kind in zip(pages, kinds, strict=True):
        words = words_of(page.name) or ["page"]
        base = {"login": "Login", "dashboard": "Dashboard"}.get(kind) or "".join(w.capitalize() for w in words)
        base = base if base[0].isalpha() else "Page" + base
        name, n = base, 2
        while name in names:
            name, n = f"{base}{n}", n + 1
        names.append(name)
    return names


def _normal(text: str) -> str:
    words = [w for w in words_of(text) if w not in ("the", "page", "screen", "view", "back", "to")]
    return " ".join(words)


def build_pages(doc_pages: list[DocPage], entities: list[Entity]) -> list[Page]:
    kinds: list[PageKind] = []
    for page in doc_pages:
        kinds.append(_kind(page, set(kinds), not kinds))
    names = _names(doc_pages, kinds)
    routes: list[str] = []
    given = {clean_route(p.route) for p in doc_pages if p.route}
    for n, page in enumerate(doc_pages):
        route = (
            clean_route(page.route) if page.route else ("/" if n == 0 and "/" not in given else _route_for(page.name))
        )
        base, k = route, 2
        while route in routes or (not page.route and route in given and route != "/"):
            route, k = f"{base}-{k}", k + 1
        routes.append(route)
    lookup: dict[str, str] = {}
    for page, name, route in zip(doc_pages, names, routes, strict=True):
        for key in (page.name, page.heading, page.title, name):
            lookup.setdefault(_normal(key), route)
    if routes:
        lookup.setdefault("home", routes[0])
    built = []
    for page, name, route, kind in zip(doc_pages, names, routes, kinds, strict=True):
        entity = page_entity(page, entities)
        elements = []
        for element in page.elements:
            field = bind(element, entity) if entity is not None else None
            target = (
                clean_route(element.target) if element.target.startswith("/") else lookup.get(_normal(element.target))
            )
            elements.append(
                Element(
                    id=element.id,
                    kind=element.kind,
                    label=element.label,
                    binds=f"{entity.name}.{field}" if entity is not None and field else None,
                    action=element.action if element.action != "navigate" or target else None,
                    target=target if element.target else None,
                    options=element.options,
                )
            )
        purpose = page.purpose or f"The {page.heading} the document describes"
        built.append(
            Page(
                name=name,
                route=route,
                title=page.title,
                purpose=purpose[:300],
                kind=kind,
                entity=entity.name if entity is not None else None,
                elements=elements,
            )
        )
    return built
