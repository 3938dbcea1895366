"""Feature requests the phrase reader cannot see whole: "by <field>" tails, "mark ... as done", and feature
kinds a prompt names in passing ("a neighborhood mapping app", "with a prize wheel").

"Filter tasks by status" and "sort products by price or rating" name the field a feature works on; the verb
phrase reader stops at "by", so these are read here straight from the text, as ``Request``s with the words of
the objects and fields. ``named_kinds`` lists the specific kinds the text mentions anywhere, so that a kind the
request asks for is a feature even when no feature list spells it out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ....appspec import FeatureKind
from .kinds import KIND_RULES
from .lexicon import DETERMINERS, GENERIC_NOUNS, STOP
from .naming import looks_adjective, plural, title_case, verb_lemma

_BY = re.compile(
    r"\b(?P<verb>filter|sort|order|rank|browse|search|group|organi[sz]e|categori[sz]e|arrange|find)(?:s|es|ed|ing)?\b"
    r"(?P<obj>(?:[ ,]+(?!by\b)[\w'-]+){0,5}?)[ ,]+by (?P<fields>[\w'/-]+(?:(?:,|,? and|,? or|/)? ?[\w'/-]+){0,8})",
    re.IGNORECASE,
)
_BY_VERBS = frozenset({"filter", "sort", "order", "rank", "browse", "search", "group", "organize", "arrange", "find"})
_BY_KIND: dict[str, FeatureKind] = {
    "sort": "sort",
    "order": "sort",
    "rank": "sort",
    "arrange": "sort",
    "search": "search",
}
_MARK = re.compile(
    r"\bmark(?:s|ed|ing)?\s+(?P<obj>(?:[\w'-]+\s+){0,3}?)(?:as\s+)?"
    r"(?P<state>complete|completed|done|finished|read|unread|paid|resolved|attended|watched|visited|sold|important)\b",
    re.IGNORECASE,
)
_STATE_FIELDS = {"complete": "completed", "done": "completed", "finished": "completed", "unread": "read"}
_FIELD_STOP = STOP - {"and", "or"}
# Kinds worth a feature of their own when a request merely names them; broad kinds (crud, search, dashboard,
# auth, live updates) come from the feature reader and the capability flags instead.
_NAMED: frozenset[FeatureKind] = frozenset(
    {
        "kanban",
        "calendar",
        "map",
        "cart",
        "orders",
        "quiz",
        "poll",
        "timer",
        "random_draw",
        "reviews",
        "comments",
        "favorites",
        "upload",
        "csv_export",
        "csv_import",
        "notifications",
        "status_toggle",
    }
)


@dataclass
class Request:
    kind: FeatureKind
    name: str
    objects: list[str] = field(default_factory=list)  # words naming what it acts on
    fields: list[list[str]] = field(default_factory=list)  # one word list per field named after "by"
    state: str = ""  # the state a toggle sets ("completed", "read")
    words: str = ""  # the words of the request as written


def _clean(words: list[str]) -> list[str]:
    return [w for w in words if w.lower() not in DETERMINERS and w.lower() not in ("their", "its", "your", "the")]


def _field_items(text: str) -> list[list[str]]:
    """ "status, priority or due date and then ..." -> [[status], [priority], [due, date]]."""
    items: list[list[str]] = [[]]
    for raw in re.findall(r"[\w'-]+|[,/]", text):
        low = raw.lower()
        if low in (",", "/", "and", "or"):
            items.append([])
            continue
        if low in _FIELD_STOP or (verb_lemma(low) and low not in ("date", "name", "type", "rating", "price")):
            break
        items[-1].append(low)
    return [_clean(item)[-2:] for item in items if _clean(item)][:4]


def by_requests(text: str) -> list[Request]:
    """ "filter tasks by status", "sort products by price or rating", "browse recipes by cuisine"."""
    out = []
    position = 0
    while (match := _BY.search(text, position)) is not None:
        position = match.start("fields")  # the next request may start inside this one's field list
        verb = match.group("verb").lower()
        fields = _field_items(match.group("fields"))
        if not fields:
            continue
        objects = _clean(re.findall(r"[\w'-]+", match.group("obj")))
        verbs = [n for n, w in enumerate(objects) if verb_lemma(w.lower()) in _BY_VERBS]
        if verbs:  # "search songs, filter songs by genre": the last verb before "by" is the one it belongs to
            verb, objects = verb_lemma(objects[verbs[-1]].lower()) or verb, objects[verbs[-1] + 1 :]
        objects = objects[-3:]
        kind = _BY_KIND.get(verb, "filter")
        verb_word = {"filter": "Filter", "sort": "Sort", "search": "Search"}[kind]
        field_words = " or ".join(" ".join(f) for f in fields)
        name = title_case([verb_word, *objects, "by", *field_words.split()])
        out.append(Request(kind, name, objects, fields, words=f"{verb} {' '.join(objects)} by {field_words}"))
    return out


def mark_requests(text: str) -> list[Request]:
    """ "mark tasks as completed", "mark a message as read"."""
    out = []
    for match in _MARK.finditer(text):
        objects = _clean(match.group("obj").split())
        state = match.group("state").lower()
        name = title_case(["Mark", *objects, state])
        out.append(Request("status_toggle", name, objects, state=_STATE_FIELDS.get(state, state), words=match.group(0)))
    return out


_QUANT = r"(?:(?:a|an|the|all|your|their|each|every|upcoming|nearby|local|my)\s+)?"
_OF_WHAT = re.compile(r"\s+(?:of|for|with|on)\s+" + _QUANT + r"([a-z-]+)")
_VERB_OBJECT = re.compile(r"\s+" + _QUANT + r"([a-z-]+)")  # "upload a resume", "export expenses"
_TIME_WORDS = frozenset(
    [
        "day",
        "days",
        "date",
        "dates",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "time",
        "times",
        "hour",
        "hours",
    ]
)
_VERB_KINDS = frozenset({"upload", "csv_export", "csv_import"})


def named_kinds(text: str) -> list[tuple[FeatureKind, str, str]]:
    """(kind, the words that named it, the thing it is "of" or "") for each specific kind the text mentions, in
    rule order: "a calendar of concerts" -> ("calendar", "calendar", "concerts")."""
    out = []
    for kind, pattern in KIND_RULES:
        if kind in _NAMED:
            found = pattern.search(text)
            if found:
                of = _OF_WHAT.match(text, found.end())
                if of is None and kind in _VERB_KINDS:
                    of = _VERB_OBJECT.match(text, found.end())
                thing = of.group(1).lower() if of else ""
                if thing in STOP or thing in GENERIC_NOUNS or thing in _TIME_WORDS or pattern.search(thing):
                    thing = ""
                elif thing.endswith(("ed", "ing")) or looks_adjective(thing):
                    thing = ""  # "a calendar of completed days": a description, not the thing shown
                out.append((kind, found.group(0), thing))
    return out


def names_a_kept_thing(words: str, entity_names: list[str], text: str) -> bool:
    """Are the words that named a kind part of the name of a thing the app keeps, written so in the request
    ("purchase orders" the app keeps are no request to purchase)?"""
    low = text.lower()
    for name in entity_names:
        parts = [p.lower() for p in re.findall(r"[A-Z][a-z0-9]*", name)]
        phrase = " ".join(parts[:-1] + [plural(parts[-1])]) if parts else ""
        if len(parts) > 1 and words.lower() in parts and phrase in low:
            return True
    return False


_COLUMNS = re.compile(
    r"\b(?:columns?|lanes?|stages?|statuses|states)\s*(?:called|named|like|such as|:)?\s+"
    r"((?:[A-Z][\w'-]*(?: [A-Z]?[\w'-]+)?)(?:\s*,\s*[A-Z][\w'-]*(?: [A-Z]?[\w'-]+)?)*,?\s+(?:and|or)\s+"
    r"[A-Z][\w'-]*(?: [A-Z]?[\w'-]+)?)"
)


def named_columns(text: str) -> list[str]:
    """The board columns a request names, verbatim: "columns To Do, Doing and Done" -> To Do, Doing, Done."""
    match = _COLUMNS.search(text)
    if match is None:
        return []
    return [c.strip() for c in re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", match.group(1)) if c.strip()]
