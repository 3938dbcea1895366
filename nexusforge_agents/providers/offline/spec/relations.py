"""Relations between the entities a request names: which one points at which (a ``reference`` field).

Three kinds of evidence, all general:
- a field that names another entity ("book_title" of a Loan when there are Books) becomes a reference to it;
- the request relates two of its things: "tasks in each project", "projects with their tasks", "add songs to
  playlists", "a student's enrollments" make the first-named part point at the whole;
- a request, booking, swap or loan is made for one of the other things the request keeps ("members list books and
  request swaps": a swap is of a book) when nothing else says what it is for;
- "<kinds of> data across <things>" ("demographic, economic and crime data across different areas") makes the
  things an entity of their own with one data entity per kind, each row belonging to one of the things.
"""

from __future__ import annotations

import re

from ....appspec import Entity, EntityField
from .entities import MAX_ENTITIES, build_entity
from .lexicon import APP_NOUNS, DETERMINERS, STOP, VERBS
from .naming import entity_names, singular, snake

_QUANTIFIERS = r"(?:(?:each|every|a|an|the|different|various|specific|individual|their|its|multiple|several|many)\s+)?"
_PART_OF = re.compile(
    r"\b(?P<part>[a-z-]+)\s+(?:of|for|in|within|under|per|across|inside|belonging to)\s+"
    + _QUANTIFIERS
    + r"(?P<whole>[a-z-]+)"
)
_WHOLE_WITH = re.compile(
    r"\b(?P<whole>[a-z-]+)\s+(?:with|containing|having|has|have|contains)\s+" + _QUANTIFIERS + r"(?P<part>[a-z-]+)"
)
_ADD_TO = re.compile(
    r"\b(?:add|assign|attach|link)\w*\s+"
    + _QUANTIFIERS
    + r"(?P<part>[a-z-]+)\s+to\s+"
    + _QUANTIFIERS
    + r"(?P<whole>[a-z-]+)"
)
_POSSESSIVE = re.compile(r"\b(?P<whole>[a-z-]+)'s?\s+(?P<part>[a-z-]+)")
_DATA_ACROSS = re.compile(
    r"\b(?P<kinds>(?:[a-z-]+,\s*)*[a-z-]+(?:,?\s+(?:and|or)\s+[a-z-]+)?)\s+"
    r"(?P<pointer>data|statistics|figures|metrics|indicators)\s+(?:across|for|of|in|per|on|about|by)\s+"
    + _QUANTIFIERS
    + r"(?P<whole>[a-z-]+)"
)
MAX_DATA_KINDS = MAX_ENTITIES - 1
# What data can be "across" without being a thing the app stores: spans of time, the users themselves.
_NOT_THINGS = frozenset({"time", "period", "year", "month", "week", "day", "user", "people", "person", "device"})


def _reference(target: Entity) -> EntityField:
    words = re.findall(r"[A-Z][a-z0-9]*", target.name)
    return EntityField(
        name=snake(words) + "_id", type="reference", references=target.name, required=False, label=" ".join(words)
    )


def _by_word(entities: list[Entity]) -> dict[str, Entity]:
    """Each entity under its singular head word and its full snake name."""
    out: dict[str, Entity] = {}
    for entity in entities:
        words = [w.lower() for w in re.findall(r"[A-Z][a-z0-9]*", entity.name)]
        out.setdefault(snake(words), entity)
        out.setdefault(words[-1], entity)
    return out


def _data_across(entities: list[Entity], text: str) -> list[Entity]:
    match = _DATA_ACROSS.search(text.lower())
    if match is None:
        return entities
    whole = singular(match.group("whole"))
    kinds = [k for k in re.split(r",\s*|\s+(?:and|or)\s+", match.group("kinds")) if k]
    kinds = [k for k in kinds if k not in STOP and k not in DETERMINERS][-MAX_DATA_KINDS:]
    if whole in APP_NOUNS or whole in STOP or whole in _NOT_THINGS or not kinds:
        return entities
    known = _by_word(entities)
    owner = known.get(whole) or build_entity([whole], [], match.group(0))
    pointer = match.group("pointer")
    made: list[Entity] = []
    for kind in kinds:
        name, plural = entity_names([kind, pointer])
        fields = [
            EntityField(name="name", type="string", required=True, label=f"{kind.capitalize()} measure"),
            EntityField(name="value", type="float", required=False),
            EntityField(name="recorded_on", type="date", required=False),
        ]
        description = f'{kind.capitalize()} {pointer} of one {whole}: from the request "{match.group(0)}"'
        made.append(Entity(name=name, plural=plural, description=description, fields=[_reference(owner), *fields]))
    replaced = {singular(k) for k in kinds} | {whole}
    rest = [e for e in entities if snake(re.findall(r"[A-Z][a-z0-9]*", e.name)).lower() not in replaced]
    return [owner, *made, *rest][:MAX_ENTITIES]


def _pairs(text: str, known: dict[str, Entity]) -> list[tuple[Entity, Entity]]:
    """(part, whole) pairs the request relates, in the order it says them."""
    found = []
    for pattern in (_PART_OF, _WHOLE_WITH, _ADD_TO, _POSSESSIVE):
        for match in pattern.finditer(text.lower()):
            part, whole = known.get(singular(match.group("part"))), known.get(singular(match.group("whole")))
            if part is not None and whole is not None and part.name != whole.name:
                found.append((match.start(), part, whole))
    return [(part, whole) for _, part, whole in sorted(found, key=lambda item: item[0])]


# Things that are made *for* another thing the app keeps: a transaction between people about it.
_TRANSACTIONS = frozenset(
    {
        *("request", "swap", "booking", "reservation", "loan", "rental"),
        *("bid", "trade", "exchange", "application", "enrollment", "adoption"),
    }
)


def _head(entity: Entity) -> str:
    return re.findall(r"[A-Z][a-z0-9]*", entity.name)[-1].lower()


def _subject_of(entity: Entity, entities: list[Entity], text: str) -> Entity | None:
    """What a transaction is about: the thing its name says, else the first other thing kept that is neither a
    transaction nor a person (a thing with an email)."""
    if _head(entity) not in _TRANSACTIONS:
        return None
    words = {w.lower() for w in re.findall(r"[A-Z][a-z0-9]*", entity.name)}
    named = [o for o in entities if o.name != entity.name and _head(o) in words]  # a PlotReservation's plot
    if named:
        return named[0]
    before = {m.group(1) for m in re.finditer(rf"\b([a-z-]+)\s+{_head(entity)}s?\b", text.lower())}
    said = [o for o in entities if o.name != entity.name and _head(o) in {singular(w) for w in before}]
    if said:
        return said[0]  # "a pet adoption site": an adoption is of a pet
    if before - VERBS - STOP - DETERMINERS:
        return None  # "table reservations" are for tables, whatever else the app keeps
    for other in entities:
        is_person = any(f.type == "email" for f in other.fields)
        if other.name != entity.name and _head(other) not in _TRANSACTIONS and not is_person:
            return other
    return None


def link_entities(entities: list[Entity], text: str) -> list[Entity]:
    """The entities with ``reference`` fields for the relations the request states or their fields imply."""
    entities = _data_across(entities, text)
    known = _by_word(entities)
    fields = {e.name: list(e.fields) for e in entities}
    linked: set[frozenset[str]] = set()

    def link(part: Entity, whole: Entity, at: int | None = None) -> None:
        pair = frozenset((part.name, whole.name))
        mutual = any(f.references == part.name for f in fields[whole.name])
        if pair in linked or mutual or any(f.references == whole.name for f in fields[part.name]):
            return
        linked.add(pair)
        made = _reference(whole)
        if any(f.name == made.name for f in fields[part.name]):
            return
        if at is None:
            fields[part.name].append(made)
        else:
            fields[part.name][at] = made

    for entity in entities:
        for at, field in enumerate(list(fields[entity.name])):
            if field.type == "reference" or field.choices:
                continue  # a field with listed options keeps them
            head = field.name.removesuffix("_name").removesuffix("_title").removesuffix("_id")
            target = known.get(head)
            if target is not None and target.name != entity.name:
                link(entity, target, at)
    for part, whole in _pairs(text, known):
        link(part, whole)
    for entity in entities:
        subject = _subject_of(entity, entities, text)
        if subject is not None and not any(f.type == "reference" for f in fields[entity.name]):
            link(entity, subject)
    for entity in entities:  # a recipe's "ingredients" text says no more once each ingredient points at its recipe
        parts = {p.plural for p in entities if any(f.references == entity.name for f in fields[p.name])}
        fields[entity.name] = [
            f for f in fields[entity.name] if f.name not in parts or f.type not in ("text", "string")
        ]
    return [e.model_copy(update={"fields": fields[e.name]}) for e in entities]
