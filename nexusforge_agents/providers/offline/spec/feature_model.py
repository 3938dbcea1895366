"""Typed features: each requested feature gets its kind, the entity and field it works on, acceptance criteria
and the pages that carry it; the entities get the fields those features need.

"Filter by status" needs a ``status`` field with choices, "Mark tasks complete" a ``completed`` flag, a map needs
``latitude`` and ``longitude``, a calendar a date: when the entity lacks the field, it is added here, so a feature
never points at a field the app does not store. Features come only from the request: its own feature phrases,
its "by <field>" and "mark ... as" requests, the specific kinds it names, and the capabilities it asks for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ....appspec import Entity, EntityField, Feature, FeatureKind
from .acceptance import acceptance_for, pages_for
from .candidates import can_be_entity
from .entities import MAX_ENTITIES, build_entity
from .features import MAX_FEATURES, capability_names
from .fields import _CHOICES, make_field
from .kinds import classify
from .lexicon import ING_NOUNS
from .naming import plural, singular, snake, stem, title_case, verb_lemma
from .requests import Request, by_requests, mark_requests, named_columns, named_kinds, names_a_kept_thing

_GENERIC_STATUS = ["open", "in_progress", "done"]
_NAMED_TITLES: dict[FeatureKind, str] = {
    "map": "Map of {Many}",
    "calendar": "{One} Calendar",
    "kanban": "{Match} Board of {Many}",
    "cart": "{Match}",
    "orders": "{Match} of {Many}",
    "csv_export": "Export {Many} to CSV",
    "csv_import": "Import {Many} from CSV",
    "upload": "{Match} {Many}",
    "favorites": "{Match} {Many}",
    "status_toggle": "Mark {Many} Complete",
}
_SHOWN_VIEWS = frozenset({"map", "calendar", "kanban"})  # views whose things may be named nowhere else
_FLAG_FEATURES: tuple[tuple[int, FeatureKind, str], ...] = (
    (0, "auth", "User Authentication"),
    (1, "live_feed", "Real-Time Updates"),
    (2, "dashboard", "Charts and Statistics"),
)
_LABELS = ("name", "title")
_FINISHED = {"done", "completed", "complete", "finished", "closed", "resolved"}


@dataclass
class _Draft:
    name: str
    kind: FeatureKind
    fields: list[list[str]] = field(default_factory=list)
    objects: list[str] = field(default_factory=list)
    state: str = ""
    text: str = ""  # the whole request, for what a feature's kind reads from it (a board's columns)


def _stems(text: str) -> set[str]:
    return {stem(w) for w in re.findall(r"[a-z0-9]+", text.lower())}


def _said_in(phrase: str, words: str) -> bool:
    """Is every word of ``phrase`` one of ``words``, up to its ending ("Rate" in "sort by rating")?"""
    said = _stems(words)
    loose = {w[:-1] if len(w) > 3 and w.endswith("e") else w for w in _stems(phrase)}
    return bool(loose) and all(any(s.startswith(w) for s in said) for w in loose)


def _pascal_words(name: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[A-Z][a-z0-9]*", name)]


class _Entities:
    """A working copy of the entities whose fields the features may extend."""

    def __init__(self, entities: list[Entity]) -> None:
        self.entities = entities
        self.fields = {e.name: list(e.fields) for e in entities}

    def mentioned(self, text: str) -> Entity | None:
        words = {singular(w) for w in re.findall(r"[a-z0-9]+", text.lower())}
        best: tuple[int, Entity] | None = None
        for entity in self.entities:
            parts = _pascal_words(entity.name)
            if singular(parts[-1]) not in words:
                continue
            score = sum(singular(p) in words for p in parts)
            if best is None or score > best[0]:
                best = (score, entity)
        return best[1] if best else None

    def add(self, word: str) -> Entity | None:
        """A new entity for a thing a feature names, while room remains."""
        lemma = singular(word)
        if len(self.entities) >= MAX_ENTITIES or not (can_be_entity(lemma) or lemma in ING_NOUNS):
            return None
        entity = build_entity([singular(word)], [], "")
        if any(e.name == entity.name or e.plural == entity.plural for e in self.entities):
            return None
        self.entities.append(entity)
        self.fields[entity.name] = list(entity.fields)
        return entity

    def with_field(self, test: re.Pattern[str]) -> Entity | None:
        return next((e for e in self.entities if any(test.search(f.name) for f in self.fields[e.name])), None)

    def find_field(self, entity: Entity, words: list[str]) -> str | None:
        name = snake(words)
        last = singular(words[-1]) if words else ""
        for f in self.fields[entity.name]:
            if f.name in (name, last) or f.name.endswith("_" + last) or f.name.startswith(last + "_"):
                return f.name
        return None

    def ensure(self, entity: Entity, made: EntityField | None, replace_choices: bool = False) -> str | None:
        if made is None:
            return None
        existing = next((f for f in self.fields[entity.name] if f.name == made.name), None)
        if existing is None:
            self.fields[entity.name].append(made)
        elif made.choices and (replace_choices or not existing.choices) and existing.type in ("string", "text"):
            at = self.fields[entity.name].index(existing)
            self.fields[entity.name][at] = existing.model_copy(update={"choices": made.choices, "type": "string"})
        return made.name

    def reference(self, entity: Entity, target: Entity) -> str:
        name = snake(_pascal_words(target.name)) + "_id"
        if not any(f.name == name for f in self.fields[entity.name]):
            self.fields[entity.name].append(
                EntityField(name=name, type="reference", references=target.name, required=False, label=target.name)
            )
        return name

    def of_type(self, entity: Entity, *types: str) -> str | None:
        return next((f.name for f in self.fields[entity.name] if f.type in types), None)

    def label(self, entity: Entity) -> str:
        fields = self.fields[entity.name]
        named = next((f.name for f in fields if f.name in _LABELS or f.name.endswith(("_name", "_title"))), None)
        return named or next((f.name for f in fields if f.type == "string"), fields[0].name)

    def result(self) -> list[Entity]:
        return [e.model_copy(update={"fields": self.fields[e.name]}) for e in self.entities]


def _split_compound(name: str) -> list[str]:
    """ "Checkout and Leave Reviews" asks for two features of different kinds; "Search and Book Tickets" too."""
    left, sep, right = name.partition(" and ")
    if not sep or not right or verb_lemma(right.split()[0].lower()) is None:
        return [name]
    kinds = (classify(left), classify(right))
    if kinds[0] == kinds[1] or "custom" in kinds:
        return [name]
    if len(left.split()) == 1 and kinds[0] in ("search", "filter", "sort", "crud"):
        left = " ".join([left, *right.split()[1:]])  # "Search" shares the object of "Book Tickets"
    return [left, right]


_ASSIGNED_TO = re.compile(r"\bassign\w*\s+(?:[\w-]+\s+){1,3}?to\s+(?:an?|the|each|one|their|its)\s+(?P<who>[a-z-]+)\b")
_CHOOSE = re.compile(r"^(choose|chooses|choosing|select|selects|selecting|pick|picks|picking)\s", re.IGNORECASE)


def _as_choice(draft: _Draft, entities: list[Entity]) -> _Draft:
    """ "Choose Groomer" when the app stores groomers: picking one for another record is a relation."""
    last = singular(draft.name.split()[-1].lower())
    heads = {_pascal_words(e.name)[-1] for e in entities}
    if draft.kind == "custom" and _CHOOSE.match(draft.name) and last in heads:
        return _Draft(draft.name, "relation", objects=[last])
    return draft


def _merge(drafts: list[_Draft], request: Request) -> None:
    """A "by <field>" or "mark as" request sharpens the feature of its kind that names no field yet."""
    for draft in drafts:
        if draft.kind == request.kind and not draft.fields and not draft.state:
            draft.fields, draft.state = request.fields, request.state
            if len(request.name) >= len(draft.name) or not (_stems(draft.name) - _stems(request.name)):
                draft.name, draft.objects = request.name, request.objects
            return
    for n, draft in enumerate(drafts):
        if draft.kind in ("custom", "crud") and _stems(draft.name) <= _stems(request.name):
            # "Mark Habits" read as a phrase is the "mark habits as done" request, said whole here
            drafts[n] = _Draft(request.name, request.kind, request.fields, request.objects, request.state)
            return
    drafts.append(_Draft(request.name, request.kind, request.fields, request.objects, request.state))


def _drafts(names: list[str], text: str, flags: tuple[bool, bool, bool], entities: list[Entity]) -> list[_Draft]:
    drafts = [_as_choice(_Draft(part, classify(part)), entities) for name in names for part in _split_compound(name)]
    # A lone "Add" or "Edit" says nothing the entities' own pages do not already do.
    drafts = [d for d in drafts if len(d.name.split()) > 1 or d.kind not in ("crud", "custom")]
    requests = [*by_requests(text), *mark_requests(text)]
    # "sort books by rating, mark books as read" misread as "Rate and Mark Books": a phrase made only of a
    # request's words, of another kind, is that request misread
    drafts = [d for d in drafts if not any(d.kind != r.kind and _said_in(d.name, r.words) for r in requests)]
    for request in requests:
        if request.kind in ("filter", "sort") and len(request.fields) > 1:
            verb = "Filter" if request.kind == "filter" else "Sort"
            for n, words in enumerate(request.fields):  # one control per field
                name = request.name.split(" by ")[0] + " by " + title_case(words) if n == 0 else f"{verb} by "
                name = name if n == 0 else name + title_case(words)
                _merge(drafts, Request(request.kind, name, request.objects, [words]))
        else:
            _merge(drafts, request)
    present = {d.kind for d in drafts}
    for index, kind, title in _FLAG_FEATURES:
        if flags[index] and kind not in present and not (kind == "live_feed" and "notifications" in present):
            name = capability_names(text)[index] or title
            drafts.append(_Draft(name, "notifications" if classify(name) == "notifications" else kind))
    first = entities[0]
    for kind, words, thing in named_kinds(text):
        if names_a_kept_thing(words, [e.name for e in entities], text):
            continue  # "purchase orders" the app keeps are no request to purchase
        for draft in drafts:
            if draft.kind == kind and thing and not draft.objects and singular(thing) not in draft.name.lower():
                draft.objects = [thing]  # "open the calendar" + "a calendar of concerts": the concerts' calendar
        if kind not in {d.kind for d in drafts}:
            title = _NAMED_TITLES.get(kind, "{Match}")
            if kind == "upload" and not thing:
                title = "{Match} Files"
            many, one = title_case(first.plural.split("_")), title_case(_pascal_words(first.name))
            if thing:
                many, one = title_case([plural(singular(thing))]), title_case([singular(thing)])
            title = title.format(Many=many, One=one, Match=title_case(words.split()))
            drafts.append(_Draft(title, kind, objects=[thing] if thing else []))
    return drafts


def _resolve(draft: _Draft, work: _Entities) -> tuple[Entity | None, str | None]:
    """The entity and field a feature works on, adding the field when the entity lacks it."""
    kind = draft.kind
    if kind in ("auth", "dashboard"):
        return None, None  # sign-in and the dashboard are about the whole app
    who = _ASSIGNED_TO.search(draft.text) if kind == "relation" else None
    if who is not None:  # "assign tickets to a teammate": the one assigned to is a thing the app keeps
        chosen = work.mentioned(" ".join(draft.objects) or draft.name)
        target = work.mentioned(who["who"]) or work.add(who["who"])
        if chosen is not None and target is not None and target.name != chosen.name:
            return chosen, work.reference(chosen, target)
    if kind == "relation" and draft.objects:
        chosen = work.mentioned(draft.objects[-1])
        owners = [e for e in work.entities if chosen is not None and e.name != chosen.name and not _is_feedback(e)]
        head = singular(draft.objects[-1])
        if chosen is not None and owners and not any(f.name == head for f in work.fields[owners[0].name]):
            return owners[0], work.reference(owners[0], chosen)  # the main record gets the one chosen
    entity = work.mentioned(" ".join(draft.objects))
    if entity is None and draft.objects and kind in _SHOWN_VIEWS:
        entity = work.add(draft.objects[-1])  # "a map of venues": the venues are a thing the app stores
    entity = entity or work.mentioned(draft.name)
    if entity is not None and kind in ("reviews", "comments") and _is_feedback(entity):
        # "leave reviews": the reviews are of something else the app stores, the thing they point at
        target = next((f.references for f in work.fields[entity.name] if f.references), None)
        others = [e for e in work.entities if e.name != entity.name and not _is_feedback(e)]
        entity = next((e for e in work.entities if e.name == target), None) or (others[0] if others else entity)
    if entity is None:
        preferred = {
            "cart": r"price|cost",
            "orders": r"price|cost",
            "calendar": r"date|_at$|_on$|deadline|time",
            "map": r"location|address|city|latitude",
            "upload": r"image|photo|file|picture",
            "timer": r"minutes|seconds|duration",
        }.get(kind)
        entity = (work.with_field(re.compile(preferred)) if preferred else None) or work.entities[0]
    return entity, _field_for(draft, entity, work)


def _is_feedback(entity: Entity) -> bool:
    return _pascal_words(entity.name)[-1] in ("review", "comment", "rating", "feedback", "reply", "testimonial")


def _field_for(draft: _Draft, entity: Entity, work: _Entities) -> str | None:
    kind = draft.kind
    if kind in ("filter", "sort", "search") and draft.fields:
        words = draft.fields[0]
        target = work.mentioned(" ".join(words))
        if target is not None and target.name != entity.name:
            return work.reference(entity, target)
        found = work.find_field(entity, words)
        choices = (
            (_CHOICES.get(singular(entity.plural.split("_")[-1]), {}).get("status") or _GENERIC_STATUS)
            if (kind == "filter" and words[-1] == "status")
            else None
        )
        return work.ensure(entity, make_field(words, choices=choices)) if found is None or choices else found
    fields = work.fields[entity.name]
    if kind == "filter":
        chosen = next((f.name for f in fields if f.choices), None)
        return chosen or next((f.name for f in fields if f.type == "string" and f.name not in _LABELS), None)
    if kind == "sort":
        return work.of_type(entity, "float", "integer", "date", "datetime") or work.label(entity)
    if kind == "search":
        return work.label(entity)
    if kind == "status_toggle":
        state = draft.state or "completed"
        flag = next((f.name for f in fields if f.type == "boolean" and state in f.name.split("_")), None)
        flag = flag or next((f.name for f in fields if f.type == "boolean" and f.name in ("completed", "done")), None)
        finished = next((f.name for f in fields if f.choices and _FINISHED & {c.lower() for c in f.choices}), None)
        if state == "completed" and not flag and finished:
            return finished  # a status with a "done" choice is what marking complete sets
        return flag or work.ensure(entity, EntityField(name=state, type="boolean", required=False))
    if kind == "calendar":
        return work.of_type(entity, "date", "datetime") or work.ensure(entity, make_field(["date"]))
    if kind == "kanban":
        columns = named_columns(draft.text)
        if columns:  # the request names the columns: they are the choices of the field the board groups by
            chosen = next((f.name for f in fields if f.name in ("status", "stage")), "status")
            return work.ensure(entity, make_field([chosen], choices=columns), replace_choices=True)
        chosen = next((f.name for f in fields if f.choices), None)
        return chosen or work.ensure(entity, make_field(["status"], choices=_GENERIC_STATUS))
    if kind == "map":
        for axis in ("latitude", "longitude"):
            work.ensure(entity, EntityField(name=axis, type="float", required=False))
        return None
    if kind == "upload":
        found = next(
            (f.name for f in fields if f.type == "url" and re.search(r"image|photo|file|picture", f.name)), None
        )
        picture = re.search(r"image|photo|picture|avatar", draft.name, re.IGNORECASE)
        return found or work.ensure(entity, make_field(["image_url" if picture else "file_url"]))
    if kind == "timer":
        return next((f.name for f in fields if re.search(r"minutes|seconds|duration", f.name)), None)
    if kind == "relation":
        return next((f.name for f in fields if f.type == "reference"), None)
    return None


def _clause(name: str, sentences: list[str]) -> str:
    """The part of the request that asked for a feature: the clause sharing most words with its name."""
    wanted = _stems(name)
    clauses = [c.strip() for s in sentences for c in re.split(r"[,;:]\s+|\s+-\s+", s) if c.strip()]
    best = max(clauses, key=lambda c: (len(wanted & _stems(c)), -len(c)), default="")
    return best if wanted & _stems(best) else ""


def type_features(
    names: list[str], sentences: list[str], entities: list[Entity], flags: tuple[bool, bool, bool]
) -> tuple[list[_Draft], list[Entity], list[tuple[Entity | None, str | None]]]:
    """The request's features as drafts with their kinds, the entities extended with the fields they need, and
    the (entity, field) each draft works on."""
    work = _Entities(entities)
    drafts = _drafts(names, " ".join(sentences), flags, entities)
    for draft in drafts:
        draft.text = " ".join(sentences)
    targets = [_resolve(d, work) for d in drafts]
    kept: list[tuple[_Draft, tuple[Entity | None, str | None]]] = []
    seen: set[tuple[str, str | None, str | None]] = set()
    for draft, (entity, field_name) in zip(drafts, targets, strict=True):
        key = (draft.kind, entity.name if entity else None, field_name)
        if draft.kind not in ("crud", "custom") and key in seen:
            continue
        seen.add(key)
        kept.append((draft, (entity, field_name)))
    kept = kept[:MAX_FEATURES]
    return [d for d, _ in kept], work.result(), [t for _, t in kept]


def _state_shown(entity: Entity | None, field_name: str | None) -> str | None:
    """What a toggle's acceptance calls the state: a flag's name, or the "done" choice of a status."""
    field = entity.field(field_name) if entity and field_name else None
    if field is None or not field.choices:
        return field_name
    return next((c for c in field.choices if c.lower() in _FINISHED), field.choices[-1])


def finish_features(
    drafts: list[_Draft],
    targets: list[tuple[Entity | None, str | None]],
    entities: list[Entity],
    components: list[str],
    sentences: list[str],
) -> list[Feature]:
    """Features with acceptance criteria and pages, over the final entities and components."""
    by_name = {e.name: e for e in entities}
    features = []
    for draft, (entity, field_name) in zip(drafts, targets, strict=True):
        final = by_name.get(entity.name) if entity else None
        shown = _state_shown(final, field_name) if draft.kind == "status_toggle" else field_name
        features.append(
            Feature(
                name=draft.name[:120],
                kind=draft.kind,
                entity=final.name if final else None,
                field=field_name,
                acceptance=acceptance_for(draft.kind, final, shown, _clause(draft.name, sentences)),
                pages=pages_for(draft.kind, final, components),
            )
        )
    return features
