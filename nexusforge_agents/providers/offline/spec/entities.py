"""Entities from the prompt: the things it asks to manage, and the fields it names for them.

Evidence, strongest first: objects of management verbs ("add new barbers and services"), "<thing> management"
("customer management, policy management and claims management"), "<thing> information|records|history", and
the people who act ("Sellers should be able to ..."). Fields come from attribute words ("stock codes or names"
gives Stock a code and a name), from lists ("tool name, description, function, price"), from what actors type
in ("students input personal details, qualifications"), and from listed options ("four races: Humans, ...").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ....schemas import Entity, EntityField
from .states import decision_states, status_path
from .fields import make_field, typical_fields, with_typical_choices
from .lexicon import (
    APP_NOUNS,
    ATTRIBUTE_WORDS,
    DETERMINERS,
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
    anchor_before,
    proper_nouns,
    NounPhrase,
    is_verb_at,
    kept_list,
    nounish,
    parse_attribute_list,
    parse_np,
    parse_np_list,
    verb_phrases,
)

ABSTRACT = words(
    """analysis statistic statistics visualization integration communication collaboration security privacy
    experience requirement support advice practice attention understanding recognition motivation engagement
    interaction navigation optimization speed trend insight sense use usage reporting search result purpose
    imagination inspiration kind introduction generation filter business opportunity comparison variety lot
    example e.g apple chicken rice broccoli reward account login registration signup password authentication
    notification situation functionality opportunity decision criteria criterion way step need
    calendar kanban map timer countdown stopwatch feed cart basket checkout wheel column lane"""
)
SYNONYMS = {"ad": "advertisement", "ads": "advertisement", "info": "information"}
_CRUD = words("""manage add create edit delete remove update track book post publish record log list store""")
_ANAPHORIC = words("each the that this")
_OPEN = words("open submit file raise register offer")
_CHOICE_HEADS = words("type category level status theme race role kind class genre difficulty mode")
_FIELD_DROP = DETERMINERS | words("basic detailed customized more simple current etc")
_SECTION_WORDS = words("showcase introduction page section form menu panel tab area carousel gallery")
_MODALS = words("should can could will would may must")
_PREP_POINTER = frozenset(["from", "of", "about", "for", "on"])
_PAGE_WORDS = frozenset({"page", "pages", "section", "sections", "tab", "tabs"})
MAX_ENTITIES = 5
MIN_SCORE = 2.0


@dataclass
class Candidate:
    head: str
    score: float = 0.0
    first: int = 10**9
    variants: Counter[tuple[str, ...]] = field(default_factory=Counter)
    fields: dict[str, EntityField] = field(default_factory=dict)
    evidence: str = ""

    def add_field(self, made: EntityField | None) -> None:
        if made is not None and made.name not in self.fields and made.name != self.head:
            self.fields[made.name] = with_typical_choices(self.head, made)


def _clean(word: str) -> str:
    low = base_word(word)
    return SYNONYMS.get(low, low)


def _can_be_entity(lemma: str) -> bool:
    return (
        len(lemma) > 2
        and lemma.replace("-", "").isalpha()
        and lemma not in GENERIC_NOUNS
        and lemma not in STOP
        and not looks_adjective(lemma)
        and lemma not in ATTRIBUTE_WORDS
        and lemma not in ABSTRACT
        and not is_gerund(lemma)
        and not lemma.endswith("ing")
    )


class _Collector:
    def __init__(self, proper: set[str]) -> None:
        self.candidates: dict[str, Candidate] = {}
        self.position = 0
        self.proper = proper  # capitalised mid-sentence words: names of things, not kinds of things
        self.last: Candidate | None = None  # the thing named last, which a bare "the status" belongs to

    def add(
        self,
        words: list[str],
        score: float,
        evidence: str,
        *,
        attribute_ok: bool = False,
        bare: bool = False,
        anaphora: bool = False,
    ) -> Candidate | None:
        words = [_clean(w) for w in words if not looks_adjective(w) and not is_gerund(w)]
        words = [w for w in words if w.replace("-", "").isalnum()]
        if not words:
            return None
        head = singular(words[-1])
        if head in self.proper or not (_can_be_entity(head) or attribute_ok and head in ATTRIBUTE_WORDS):
            return None
        modifiers = tuple(
            singular(w) for w in words[-2:-1] if w not in GENERIC_NOUNS and w not in STOP and w not in ABSTRACT
        )
        if bare:
            modifiers = ()
        cand = self.candidates.setdefault(head, Candidate(head))
        cand.score += score
        if modifiers or not anaphora or not cand.variants:  # "each request" after "borrow requests" names no new kind
            cand.variants[modifiers] += 1
        self.last = cand
        if self.position < cand.first:
            cand.first, cand.evidence = self.position, evidence
        return cand

    def owner_of(
        self, phrase: NounPhrase, score: float, evidence: str, bare: bool = False, anaphora: bool = False
    ) -> tuple[Candidate | None, bool]:
        """The candidate a phrase names, and whether its head word was an attribute of it ("stock codes")."""
        head = phrase.head
        if head in ATTRIBUTE_WORDS and phrase.modifiers:
            return self.add(phrase.modifiers, score, evidence), True
        if head in POINTER_WORDS or head in GENERIC_NOUNS:
            return (self.add(phrase.modifiers, score, evidence) if phrase.modifiers else None), False
        return self.add(phrase.lemmas, score, evidence, bare=bare, anaphora=anaphora), False


def _field_words(phrase: NounPhrase, owner: Candidate | None) -> list[str]:
    """ "personal details" -> personal_details, "tool name" (of Tool) -> name, "stock codes" -> code."""
    prefix = [base_word(w) for w in phrase.prefix if base_word(w) not in _FIELD_DROP and not w.endswith("'s")]
    words = [*prefix, *(base_word(w) for w in phrase.words if not is_gerund(w))]
    words = [_clean(w) for w in words if w not in _FIELD_DROP]
    if owner and len(words) > 1 and singular(words[0]) == owner.head:
        words = words[1:]
    if words and singular(words[-1]) in ATTRIBUTE_WORDS:
        words[-1] = singular(words[-1])
    return words[-3:]


def _read_verb_phrases(col: _Collector, tokens: list[Token], opening: bool = False) -> None:
    for vp in verb_phrases(tokens):
        col.position = vp.start
        if opening and vp.start <= 2 and vp.objects and vp.objects[0].head in APP_NOUNS:
            continue  # "Create an online store where ...": the store is the app, not a thing it stores
        evidence = " ".join([*vp.verbs[:1], *vp.object_text])[:60]
        actor = None
        if vp.actor and vp.actor.head not in GENERIC_NOUNS and vp.actor.head not in ("user", "people"):
            actor = col.add(vp.actor.lemmas, 1.0, " ".join(vp.actor.words))
        if vp.verbs[0] in INPUT_VERBS:
            _read_inputs(col, vp.objects, actor, evidence)
            continue
        if all(v in WEAK_VERBS for v in vp.verbs):
            continue  # "get in touch with", "learn about"
        weight = 3.0 if set(vp.verbs) & _CRUD else 2.0
        previous: Candidate | None = None
        bare_next = False
        for n, obj in enumerate(vp.objects):
            nxt = vp.objects[n + 1] if n + 1 < len(vp.objects) else None
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
        making = set(vp.verbs) & (_CRUD | _OPEN)  # "match students with providers" relates, it does not describe
        if making and previous is not None and vp.end < len(tokens) and tokens[vp.end].low == "with":
            _read_attributes(previous, parse_attribute_list(tokens, vp.end + 1)[0])


def _read_attributes(owner: Candidate, attributes: list[tuple[NounPhrase, list[str]]]) -> None:
    """ "create events with a start time and a recurrence (none, weekly)": the attributes are the owner's fields,
    unless several of a thing apps keep on its own are meant ("playlists with songs" stays a list of songs)."""
    for phrase, options in attributes:
        many = phrase.words[-1].lower() != phrase.head  # "with songs" lists them; "with a supplier" names its one
        if not phrase.modifiers and phrase.head in GENERIC_NOUNS | POINTER_WORDS:
            continue  # "with details" says nothing; "with a start time" does
        words = _field_words(phrase, owner)
        made = make_field(words, choices=options or None) if words else None
        if made is not None and not (many and phrase.head not in ATTRIBUTE_WORDS and made.type == "string"):
            owner.add_field(made)  # "free seats" (a count) and "photos" (links) are attributes; "songs" are not


def _read_inputs(col: _Collector, objects: list[NounPhrase], actor: Candidate | None, evidence: str) -> None:
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
        words = _field_words(obj, owner)
        if words and not (len(words) == 1 and words[0] in GENERIC_NOUNS):
            owner.add_field(make_field(words))


def _read_pointers(col: _Collector, tokens: list[Token]) -> None:
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


def _read_lists(col: _Collector, tokens: list[Token]) -> None:
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
        if not items or anchor is None:
            continue
        col.position = token.index
        things = kept_list(tokens, i)
        for thing, attributes in things:  # "Inventory tracker for a bakery: suppliers, ingredients with ..."
            owner = col.add(thing.lemmas, MIN_SCORE, " ".join(thing.words))
            if owner is not None:
                _read_attributes(owner, attributes)
        if things:
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
            words = _field_words(it, owner)
            if words and words[-1] not in ("etc", "more") and len(words) <= 3:
                owner.add_field(make_field(words))


def _subject(col: _Collector, tokens: list[Token]) -> Candidate | None:
    """The candidate a sentence opens with when it reads "<Players> can|should ...", else None."""
    phrase, end = parse_np(tokens, 0)
    if phrase is None or end >= len(tokens) or tokens[end].low not in _MODALS:
        return None
    return col.candidates.get(phrase.head)


def _add_choices(col: _Collector, anchor: NounPhrase, items: list[NounPhrase], subject: Candidate | None) -> None:
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
    col = _Collector(proper_nouns(sentences))
    for n, tokens in enumerate(sentences):
        _read_verb_phrases(col, tokens, opening=n == 0)
        _read_pointers(col, tokens)
        _read_lists(col, tokens)
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
