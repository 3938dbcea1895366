"""The offline specification engine: a deterministic reader that turns one prompt into an ``AppSpec``.

No model, no network: closed word lists and a shallow phrase reader (see ``phrases``) find what the prompt asks
to manage (``entities``), what users should be able to do (``features``), the colours it names (``colors``),
the kind of app it is (``archetypes``) and what to call it (``identity``). Archetype defaults fill in only what
the prompt leaves unsaid.
"""

from __future__ import annotations

import re

from ....errors import InvalidInputError
from ....schemas import AppSpec, AuthSpec, Entity, TechStack
from ....spec_conventions import derive_endpoints
from .archetypes import BY_KEY, Archetype, detect_archetype
from .colors import extract_colors, is_color_sentence
from .document import looks_like_document, read_document
from .entities import build_entity, extract_entities
from .feature_model import finish_features, type_features
from .features import MAX_FEATURES, capability_names, extract_features, flags
from .identity import app_name, describe
from .kinds import classify
from .named_pages import with_named_pages
from .naming import sentences, title_case, tokenize
from .relations import link_entities
from .runtime import requested_frontend_style, requested_port, with_frontend_style

__all__ = ["extract_spec"]

MAX_COMPONENTS = 9
_POSTGRES = re.compile(r"\bpostgres(?:ql)?\b", re.IGNORECASE)
_FALLBACK_ENTITY = Entity.model_validate(
    {
        "name": "Item",
        "plural": "items",
        "description": "A generic record: the prompt names nothing more specific to store",
        "fields": [{"name": "name", "type": "string"}, {"name": "description", "type": "text", "required": False}],
    }
)


def _entities(found: list[Entity], archetype: Archetype | None) -> list[Entity]:
    if found:
        return found
    if archetype is not None:
        return [build_entity(phrase.split(), [], "") for phrase in archetype.entities]
    return [_FALLBACK_ENTITY]


def _features(
    found: list[str], entities: list[Entity], archetype: Archetype | None, flags_: tuple[bool, bool, bool], text: str
) -> list[str]:
    """The prompt's own requests; when it asks for fewer than three, its entities and the capabilities it
    names (accounts, live updates, charts) fill in, and, only for a request that names no feature at all
    ("Build a todo app"), its archetype's usual features."""
    auth, realtime, dashboard = flags_
    manage = [f"Manage {title_case(e.plural.split('_'))}" for e in entities]
    named = [n for n, on in zip(capability_names(text), flags_, strict=True) if on and n]
    # An archetype's usual features stand in only where the feature library knows their kind: the request did
    # not spell them out, so nothing is listed that no code would implement.
    unasked = {"custom", *(["auth"] if not auth else []), *(["live_feed"] if not realtime else [])}
    unasked |= set() if dashboard else {"dashboard"}
    # ... and only while the request names at most one thing of its own: features written for an inventory's
    # items do not fit the suppliers, ingredients and orders a request lists ("Low Stock Alerts" on suppliers).
    usual = {g.name for g in _entities([], archetype)} if archetype else set()
    few = archetype is not None and sum(e.name not in usual for e in entities) <= 1
    defaults = [f for f in archetype.features if classify(f) not in unasked] if few and not found else []
    fill = [*manage, *named, *defaults] if found else [*named, *defaults, *manage]
    features = list(found)
    for extra in fill:
        if len(features) >= 3:
            break
        if extra.lower() not in {f.lower() for f in features}:
            features.append(extra)
    return features[:MAX_FEATURES]


def _named(name: str, entities: list[Entity]) -> str:
    """A name that is only an app-type word ("Kitchen", "Hub") says what the app keeps: "Cafes Hub"."""
    if len(name.split()) > 1:
        return name
    return f"{title_case(entities[0].plural.split('_'))} {name if name != 'App' else 'Hub'}"


def _components(entities: list[Entity], *, dashboard: bool, auth: bool, realtime: bool) -> list[str]:
    """Home first, then Dashboard, a list page for every entity and forms while room remains, Login, LiveFeed."""
    fixed = ["Home", *(["Dashboard"] if dashboard else [])]
    tail = [*(["LiveFeed"] if realtime else []), *(["Login"] if auth else [])]
    room = MAX_COMPONENTS - len(fixed) - len(tail)
    chosen: dict[str, list[str]] = {e.name: [] for e in entities}
    for suffix in ("List", "Form"):
        for entity in entities:
            if room > 0:
                chosen[entity.name].append(entity.name + suffix)
                room -= 1
    return [*fixed, *(c for entity in entities for c in chosen[entity.name]), *tail]


_DASH = re.compile(r"\s+[-\u2013\u2014]+\s+")  # "a gym app - members book classes" reads like a colon
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")


def _as_prose(prompt: str) -> str:
    """A request written as lines reads as sentences: a list's items joined with commas after the line that
    introduces them ("An app with:\n- tasks\n- a calendar" -> "An app with: tasks, a calendar.")."""
    out: list[str] = []
    items: list[str] = []

    def close_list() -> None:
        if not items:
            return
        joined = ", ".join(items) + "."
        if out and out[-1].endswith(":"):
            out[-1] = out[-1][:-1] + " " + joined  # "with: a, b" reads "with a, b."
        else:
            out.append(joined[:1].upper() + joined[1:])
        items.clear()

    for raw in prompt.splitlines():
        line = raw.strip().lstrip("#").strip()
        if _LIST_ITEM.match(raw):
            items.append(_LIST_ITEM.sub("", raw).strip().rstrip(".;,"))
            continue
        close_list()
        if line:
            out.append(line if line.endswith((".", "!", "?", ":")) else line + ".")
    close_list()
    return " ".join(out)


def extract_spec(prompt: str) -> AppSpec:
    """Read an app request into a validated ``AppSpec``: a requirements document (by its Markdown shape) exactly,
    a one-sentence or one-paragraph request by its nouns and verbs."""
    if not isinstance(prompt, str) or not prompt.strip():
        raise InvalidInputError("The prompt is empty: describe the app to build in a sentence.")
    document = read_document(prompt) if looks_like_document(prompt) else None
    if document is not None:
        return document
    text = _DASH.sub(": ", " ".join(_as_prose(prompt).split()))
    if not re.search(r"\w", text):  # only headings' marks, list bullets or punctuation
        raise InvalidInputError("The prompt has no words: describe the app to build in a sentence.")
    parts = sentences(text)
    content = [s for s in parts if not is_color_sentence(s)] or parts
    tokens = [tokenize(s) for s in content]
    archetype = detect_archetype(tokens[0], [t for sentence in tokens[1:] for t in sentence])
    auth, realtime, dashboard = flags(" ".join(content))
    if archetype is not None:
        realtime = realtime or archetype.realtime
        dashboard = dashboard or archetype.dashboard
    found = extract_entities(tokens)
    entities = link_entities(_entities(found, archetype), " ".join(content))
    asked = extract_features(tokens)
    names = _features(asked, entities, archetype, (auth, realtime, dashboard), " ".join(content))
    drafts, entities, targets = type_features(names, content, entities, (auth, realtime, dashboard))
    guessed = [] if found else _entities([], archetype)
    named_things = [e for e in entities if e.name not in {g.name for g in guessed}]
    if guessed and named_things:
        # A feature named what the app stores ("a map of cafes") when nothing else did: the entities guessed
        # for the request (the catch-all Item, an app type's usual ones) and the features filled in for them
        # give way, and the request's own features are typed again over the things it named.
        filled = {
            *(archetype.features if archetype else ()),
            *(f"Manage {title_case(g.plural.split('_'))}" for g in guessed),
        }
        names = [n for n in names if n not in filled or n in asked]
        drafts, entities, targets = type_features(names, content, named_things, (auth, realtime, dashboard))
    kinds = {d.kind for d in drafts}  # a feature of these kinds needs its page and backend switched on
    auth, realtime, dashboard = (
        auth or "auth" in kinds,
        realtime or "live_feed" in kinds,
        dashboard or "dashboard" in kinds,
    )
    components = _components(entities, dashboard=dashboard, auth=auth, realtime=realtime)
    spec = AppSpec(
        name=_named(app_name(content[0], archetype.suffix if archetype else "Hub"), entities),
        description=describe(text, content[0]),
        archetype=archetype.key if archetype else "custom",
        features=finish_features(drafts, targets, entities, components, content),
        tech_stack=TechStack(database="PostgreSQL" if _POSTGRES.search(text) else "SQLite"),
        port=requested_port(text) or 8000,
        ui_components=components,
        entities=entities,
        auth=AuthSpec(enabled=auth),
        realtime=realtime,
        dashboard=dashboard,
        colors=extract_colors(text),
    )
    spec = with_named_pages(with_frontend_style(spec, requested_frontend_style(text)), " ".join(content))
    return spec.model_copy(update={"api_endpoints": derive_endpoints(spec)})


def archetype_keys() -> list[str]:
    """Every archetype the engine knows, for docs and tests."""
    return list(BY_KEY)
