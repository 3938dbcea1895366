"""Entities from the prompt: the things it asks to manage, and the fields it names for them.

Evidence, strongest first: objects of management verbs ("add new barbers and services"), "<thing> management"
("customer management, policy management and claims management"), "<thing> information|records|history", and
the people who act ("Sellers should be able to ..."). Fields come from attribute words ("stock codes or names"
gives Stock a code and a name), from lists ("tool name, description, function, price"), from what actors type
in ("students input personal details, qualifications"), and from listed options ("four races: Humans, ...").
"""

from __future__ import annotations

from ....schemas import Entity, EntityField
from .attributes import (
    RELATING_VERBS,
    contents,
    describes,
    field_words,
    kept_list,
    read_answers,
    read_attributes,
    read_has_clauses,
)
from .candidates import Candidate, Collector
from .fields import make_field, typical_fields
from .lexicon import (
    APP_NOUNS,
    ATTRIBUTE_WORDS,
    GENERIC_NOUNS,
    INPUT_VERBS,
    POINTER_WORDS,
    STOP,
    WEAK_VERBS,
    words,
)
from .naming import Token, base_word, entity_names, is_gerund, looks_adjective, singular, title_case
from .phrases import (
    LIST_INTROS,
    NounPhrase,
    anchor_before,
    is_verb_at,
    nounish,
    parse_attribute_list,
    parse_np,
    parse_np_list,
    proper_nouns,
    verb_phrases,
)
from .states import decision_states, status_path

_CRUD = words("""manage add create edit delete remove update track book post publish record log list store""")
_ANAPHORIC = words("each the that this")
_OPEN = words("open submit file raise register offer")
_CHOICE_HEADS = words("type category level status theme race role kind class genre difficulty mode")
_SECTION_WORDS = words("showcase introduction page section form menu panel tab area carousel gallery")
_MODALS = words("should can could will would may must")
_PREP_POINTER = frozenset(["from", "of", "about", "for", "on"])
_PAGE_WORDS = frozenset({"page", "pages", "section", "sections", "tab", "tabs"})
MAX_ENTITIES = 5
MIN_SCORE = 2.0


def _read_verb_phrases(col: Collector, tokens: list[Token], opening: bool = False) -> None:
    for vp in verb_phrases(tokens):
        col.position = vp.start
        said_by = any(nounish(t) for t in tokens[: vp.start])  # "Car owners log services" is no "Build a service"
        if opening and vp.start <= 2 and vp.objects and vp.objects[0].head in APP_NOUNS and not said_by:
            continue  # "Create an online store where ...": the store is the app, not a thing it stores
        evidence = " ".join([*vp.verbs[:1], *vp.object_text])[:60]
        actor = None
        if vp.actor and vp.actor.head not in GENERIC_NOUNS and vp.actor.head not in ("user", "people"):
            actor = col.add(vp.actor.lemmas, 1.0, " ".join(vp.actor.words))
        if vp.verbs[0] in INPUT_VERBS:
            _read_inputs(col, vp.objects, actor, evidence)
            continue
        objects, end = list(vp.objects), vp.end
        for n, obj in enumerate(objects):
            if (held := contents(tokens, obj)) is not None:  # "keep a setlist of songs": the songs are kept
                objects[n], end = held, held.end if n == len(objects) - 1 else end
        with_list = parse_attribute_list(tokens, end + 1)[0] if end < len(tokens) and tokens[end].low == "with" else []
        if end < len(tokens) and tokens[end].low == "(":  # "create shifts (date, start time, role)"
            listed = parse_attribute_list(tokens, end + 1, bracketed=True)[0]
            with_list = listed if describes(listed) else []  # not "classes (yoga, pilates)"
        if all(v in WEAK_VERBS for v in vp.verbs) and not (objects != vp.objects or describes(with_list)):
            continue  # "get in touch with", "learn about"; but "keep a list of plants", "keep songs with a key"
        weight = 3.0 if set(vp.verbs) & _CRUD else 2.0
        previous: Candidate | None = None
        bare_next = False
        for n, obj in enumerate(objects):
            nxt = objects[n + 1] if n + 1 < len(objects) else None
            word = base_word(obj.words[0])
            if len(obj.lemmas) == 1 and nxt and len(nxt.lemmas) > 1 and nxt.start - obj.end == 1 and obj.head == word:
                bare_next = True  # "bus and railway tickets": "bus" modifies "tickets"
                continue
            if obj.head in ATTRIBUTE_WORDS and not obj.modifiers:
                path, owner = status_path(tokens, obj.end), previous or col.last
                if path and owner is not None:  # "change the status from open to pending to resolved"
                    owner.add_field(make_field([obj.head], choices=path))
                elif previous is not None:
                    previous.add_field(make_field([obj.head]))
                elif weight > 2:  # "add, edit and delete links": the links are the things managed
                    previous = col.add(obj.lemmas, weight, evidence, attribute_ok=True)
                continue
            for possessor in (w for w in obj.prefix if w.lower().endswith(("'s", "s'"))):
                col.add([possessor.rstrip("'").removesuffix("'s")], 1.0, evidence)  # "the designer's portfolio"
            back = obj.start > 0 and tokens[obj.start - 1].low in _ANAPHORIC
            owner, is_attribute = col.owner_of(obj, weight, evidence, bare=bare_next, anaphora=back)
            bare_next = False
            if owner is not None and is_attribute:
                owner.add_field(make_field([obj.head]))
            pointer = obj.head in POINTER_WORDS or obj.head in GENERIC_NOUNS
            if pointer and obj.end + 1 < len(tokens) and tokens[obj.end].low in _PREP_POINTER:
                target, _ = parse_np(tokens, obj.end + 1)  # "financial data from multiple companies"
                if target is not None:
                    owner = col.add(target.lemmas, weight, evidence) or owner
            previous = owner or previous
        relative = not vp.objects and {"that", "which"} & {t.low for t in tokens[max(0, vp.start - 4) : vp.start]}
        decided = previous or (col.last if relative else None)  # "applications that shelters approve or reject"
        if decided is not None and (states := decision_states(vp.verbs)):
            decided.add_field(make_field(["status"], choices=states))
        # "propose slots with a date" describes them (any verb, when the list names attributes); "match students
        # with providers" relates them
        making = set(vp.verbs) & (_CRUD | _OPEN) or describes(with_list)
        if making and previous is not None and with_list and not set(vp.verbs) & RELATING_VERBS:
            read_attributes(previous, with_list)


def _read_inputs(col: Collector, objects: list[NounPhrase], actor: Candidate | None, evidence: str) -> None:
    """What someone types in is a field of the thing it names ("stock codes") or of the one typing it."""
    for obj in objects:
        owner = None
        known = obj.modifiers and singular(obj.modifiers[-1]) in col.candidates
        if obj.modifiers and obj.head in ATTRIBUTE_WORDS | POINTER_WORDS and (actor is None or known):
            owner, _ = col.owner_of(obj, 1.0, evidence)
        owner = owner or actor
        if owner is None:
            continue
        if (obj.head in POINTER_WORDS or obj.head in GENERIC_NOUNS) and not obj.prefix and owner is not actor:
            continue
        words = field_words(obj, owner)
        if words and not (len(words) == 1 and words[0] in GENERIC_NOUNS):
            owner.add_field(make_field(words))


def _read_pointers(col: Collector, tokens: list[Token]) -> None:
    """ "<thing> management" (strong) and "<thing> information|records|history|catalog" (weak)."""
    for i in range(len(tokens) - 1):
        follower = tokens[i + 1].low
        if follower not in POINTER_WORDS or not tokens[i].is_word:
            continue
        col.position = tokens[i].index
        word = base_word(tokens[i].low)
        if word in STOP or looks_adjective(word) or is_gerund(word) or is_verb_at(tokens, i):
            continue
        if follower == "management":
            if i and nounish(tokens[i - 1]):
                continue  # "customer relationship management", "detective agency case management"
            if i + 2 < len(tokens) and tokens[i + 2].low in APP_NOUNS:
                continue  # "a construction management website" names the app
        col.add([word], 3.0 if follower == "management" else 1.0, f"{tokens[i].text} {follower}")


def _read_lists(col: Collector, tokens: list[Token]) -> None:
    """Fields from "X, including A, B and C" / "X such as A, B" / "X should include A, B"; options after ":"."""
    for i, token in enumerate(tokens):
        is_such_as = token.low == "as" and i and tokens[i - 1].low == "such"
        if token.low not in LIST_INTROS and not is_such_as:
            continue
        if i and tokens[i - 1].low == "(" or (i > 1 and tokens[i - 2].low == "("):
            continue  # "(such as apple)" gives examples of values, not fields
        anchor = anchor_before(tokens, i - (1 if is_such_as else 0))
        items, _ = parse_np_list(tokens, i + 1)
        items = [it for it in items if it.lemmas]
        col.position = token.index
        things = kept_list(tokens, i)
        if anchor is None and len(things) > 1:
            things = []  # only one described thing is read after a colon with nothing named before it
        for thing, attributes in things:  # "Inventory tracker for a bakery: suppliers, ingredients with ..."
            owner = col.add(thing.lemmas, MIN_SCORE, " ".join(thing.words))
            if owner is not None:
                read_attributes(owner, attributes)
        if things or not items or anchor is None:
            continue
        if anchor.head in _CHOICE_HEADS or anchor.lemmas[-1] in _CHOICE_HEADS or token.low == ":":
            _add_choices(col, anchor, items, _subject(col, tokens))
            continue
        if any(it.head in _SECTION_WORDS for it in items):
            continue  # "team introduction, project showcase, ...": sections of a page, not fields
        if anchor.head in _PAGE_WORDS:
            for it in items:
                col.add(it.lemmas, 1.0, " ".join(it.words))
            continue
        owner = None
        if anchor.head not in GENERIC_NOUNS and anchor.head not in POINTER_WORDS:
            owner = col.add(anchor.lemmas, 1.0, " ".join(anchor.words))
        elif anchor.modifiers:
            owner = col.add(anchor.modifiers, 1.0, " ".join(anchor.words))
        if owner is None and singular(items[0].lemmas[0]) in col.candidates and len(items[0].lemmas) > 1:
            owner = col.candidates[singular(items[0].lemmas[0])]
        if owner is None:
            continue
        for it in items:
            words = field_words(it, owner)
            if words and words[-1] not in ("etc", "more") and len(words) <= 3:
                owner.add_field(make_field(words))


def _subject(col: Collector, tokens: list[Token]) -> Candidate | None:
    """The candidate a sentence opens with when it reads "<Players> can|should ...", else None."""
    phrase, end = parse_np(tokens, 0)
    if phrase is None or end >= len(tokens) or tokens[end].low not in _MODALS:
        return None
    return col.candidates.get(phrase.head)


def _add_choices(col: Collector, anchor: NounPhrase, items: list[NounPhrase], subject: Candidate | None) -> None:
    options = [" ".join(it.words) for it in items if it.words][:8]
    if len(options) < 2:
        return
    owner = col.add(anchor.modifiers, 1.0, " ".join(anchor.words)) if anchor.modifiers else subject
    if owner is None:
        actors = [c for c in col.candidates.values() if c.score > 0]
        owner = max(actors, key=lambda c: (c.score, -c.first)) if actors else None
    if owner is not None:
        owner.add_field(make_field([anchor.head], choices=options))


def collect(sentences: list[list[Token]]) -> dict[str, Candidate]:
    col = Collector(proper_nouns(sentences))
    for n, tokens in enumerate(sentences):
        _read_verb_phrases(col, tokens, opening=n == 0)
        _read_pointers(col, tokens)
        _read_lists(col, tokens)
        read_has_clauses(col, tokens, MIN_SCORE)
        read_answers(col, tokens, MIN_SCORE)
    return col.candidates


def _display_words(cand: Candidate) -> list[str]:
    bare = cand.variants.get((), 0)
    best, count = max(cand.variants.items(), key=lambda kv: (kv[1], len(kv[0])))
    if bare or not best:
        return [cand.head]
    return [*best[-2:], cand.head] if count >= 1 else [cand.head]


def build_entity(
    words: list[str], prompt_fields: list[EntityField], evidence: str, context: frozenset[str] = frozenset()
) -> Entity:
    """An entity named by ``words`` with the request's fields, filled in with what such a thing typically has
    (in the sense the request's ``context`` words give it)."""
    name, table = entity_names(words)
    fields = list(prompt_fields)[:8]
    typical = typical_fields(" ".join(words), context)
    taken = {f.name for f in fields}
    has_label = any(f.name in ("name", "title") or f.name.endswith(("_name", "_title")) for f in fields)
    label = typical[0] if typical and typical[0].name in ("name", "title") else None
    if not has_label and label and label.name not in taken:
        fields.insert(0, label.model_copy(update={"required": True}))
        taken.add(label.name)
    for extra in typical:
        if len(fields) >= max(4, min(len(prompt_fields), 8)) or len(fields) >= 8:
            break
        if extra.name not in taken and extra.name.split("_")[-1] not in {n.split("_")[-1] for n in taken}:
            fields.append(extra)
            taken.add(extra.name)
    description = f'From the request: "{evidence}"' if evidence else f"{title_case(words)} records"
    return Entity(name=name, plural=table, description=description, fields=fields[:8])


def extract_entities(sentences: list[list[Token]]) -> list[Entity]:
    """Up to five entities the prompt asks to manage, most mentioned first; [] when it names none."""
    found = collect(sentences).values()
    context = frozenset(token.low for tokens in sentences for token in tokens)
    candidates = [c for c in found if c.score >= MIN_SCORE] or [c for c in found if c.score >= 1.0][:2]
    candidates.sort(key=lambda c: (-c.score, c.first))
    entities: list[Entity] = []
    names: set[str] = set()
    for cand in candidates:
        entity = build_entity(_display_words(cand), list(cand.fields.values()), cand.evidence, context)
        if entity.name not in names and entity.plural not in {e.plural for e in entities}:
            entities.append(entity)
            names.add(entity.name)
        if len(entities) == MAX_ENTITIES:
            break
    return entities
