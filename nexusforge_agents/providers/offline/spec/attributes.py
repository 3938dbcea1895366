"""What a request writes out about one thing: the attributes after "with" ("propose slots with a date, a room and a
status (proposed, confirmed, cancelled)"), after "has" ("each loan has a due date and a returned flag"), the things
a singular container holds ("keep a setlist of songs"), and the answers someone gives ("guests RSVP yes, no or
maybe")."""

from __future__ import annotations

from .candidates import Candidate, Collector, clean_word
from .fields import infer_type, make_field
from .lexicon import APP_NOUNS, ATTRIBUTE_WORDS, COLLECTIVE, DETERMINERS, GENERIC_NOUNS, POINTER_WORDS, UNITS, words
from .naming import Token, base_word, is_gerund, singular, verb_lemma
from .phrases import NounPhrase, bracketed_options, nounish, parse_attribute_list, parse_np

# "match students with providers", "share recipes with friends": the things after "with" take part, they do not
# describe.
RELATING_VERBS = words(
    """match pair connect link share compare chat communicate collaborate meet help play compete trade swap exchange
    sync integrate contact message replace interact coordinate partner split"""
)
_FIELD_DROP = DETERMINERS | words("basic detailed customized more simple current etc")
_HAS = words("has have contains contain holds hold")
_ANSWERS = words("yes no maybe")
_CONJ = frozenset({",", "and", "or"})
_MODALS = words("can could should will would may must")
# Parts of the app's screens: "the task form has a custom title" describes a page, not a thing kept.
_SCREEN_WORDS = words("form page screen section tab panel view button menu card modal dialog header footer sidebar")


def field_words(phrase: NounPhrase, owner: Candidate | None) -> list[str]:
    """ "personal details" -> personal_details, "tool name" (of Tool) -> name, "stock codes" -> code, "a returned
    flag" -> returned."""
    prefix = [base_word(w) for w in phrase.prefix if base_word(w) not in _FIELD_DROP and not w.endswith("'s")]
    last = len(phrase.words) - 1  # "a watering interval": a gerund before a noun names a kind of it
    found = [*prefix, *(base_word(w) for n, w in enumerate(phrase.words) if n < last or not is_gerund(w))]
    found = [clean_word(w) for w in found if w not in _FIELD_DROP]
    if owner and len(found) > 1 and singular(found[0]) == owner.head:
        found = found[1:]
    if len(found) > 1 and found[-1] == "flag":  # "a returned flag" is a yes/no field
        found = found[:-1] if infer_type("_".join(found[:-1])) == "boolean" else ["is", *found[:-1]]
    if found and singular(found[-1]) in ATTRIBUTE_WORDS:
        found[-1] = singular(found[-1])
    return found[-3:]


def describes(attributes: list[tuple[NounPhrase, list[str]]]) -> bool:
    """Does a "with" list read as a description: options in brackets, or a word that is some thing's attribute
    ("a date", "a capacity", "a length in minutes")?"""
    for phrase, options in attributes:
        if options or phrase.head in ATTRIBUTE_WORDS or phrase.head in UNITS:
            return True
        if infer_type("_".join(phrase.lemmas)) != "string":
            return True
    return False


def read_attributes(owner: Candidate, attributes: list[tuple[NounPhrase, list[str]]]) -> None:
    """ "create events with a start time and a recurrence (none, weekly)": the attributes are the owner's fields,
    unless several of a thing apps keep on its own are meant ("playlists with songs" stays a list of songs)."""
    for phrase, options in attributes:
        many = phrase.words[-1].lower() != phrase.head  # "with songs" lists them; "with a supplier" names its one
        said = (phrase.head, phrase.words[-1].lower())  # "with a date and a time", "pages"
        typed = any(infer_type(w) in ("date", "datetime", "integer", "float") for w in said)
        if not phrase.modifiers and phrase.head in GENERIC_NOUNS | POINTER_WORDS and not (typed or options):
            continue  # "with details" says nothing; "with a start time" does
        found = field_words(phrase, owner)
        made = make_field(found, choices=options or None) if found else None
        if made is not None and not (many and phrase.head not in ATTRIBUTE_WORDS and made.type == "string"):
            owner.add_field(made)  # "free seats" (a count) and "photos" (links) are attributes; "songs" are not


def contents(tokens: list[Token], phrase: NounPhrase) -> NounPhrase | None:
    """The things a container written in the singular holds: "a setlist of songs", "a reading list of books"."""
    end = phrase.end
    if phrase.words[-1].lower().endswith("s") or end + 1 >= len(tokens) or tokens[end].low != "of":
        return None
    if phrase.head not in COLLECTIVE and phrase.head in ATTRIBUTE_WORDS | POINTER_WORDS | GENERIC_NOUNS:
        return None  # "the price of tickets with ...", "the history of orders with ..."
    held, _ = parse_np(tokens, end + 1)
    if held is None or not held.words[-1].lower().endswith("s") or held.head in GENERIC_NOUNS:
        return None
    described = held.end < len(tokens) and tokens[held.end].low == "with"  # "a repertoire of pieces with a composer"
    return held if phrase.head in COLLECTIVE or described else None


def read_has_clauses(col: Collector, tokens: list[Token], weight: float) -> None:
    """ "each loan has a due date and a returned flag": fields of the loan; "each recipe has ingredients with a
    quantity and a unit": ingredients are a thing of their own, with those fields."""
    for i, token in enumerate(tokens):
        if token.low not in _HAS or i == 0 or i + 1 >= len(tokens) or not nounish(tokens[i - 1]):
            continue
        k = i - 1
        while k > 0 and nounish(tokens[k - 1]) and tokens[k - 1].low not in DETERMINERS:
            k -= 1
        subject, _ = parse_np(tokens, k)
        if subject is None or subject.head in GENERIC_NOUNS | _SCREEN_WORDS:
            continue
        attributes, j = parse_attribute_list(tokens, i + 1)
        if not attributes:
            continue
        last = attributes[-1][0]
        if j + 1 < len(tokens) and tokens[j].low == "(":  # "ingredients (each with a quantity)"
            j = next(k for k in range(j, len(tokens)) if tokens[k].low == "with")
        parts = j < len(tokens) and tokens[j].low == "with" and last.words[-1].lower() != last.head
        if not describes(attributes) and not parts:
            continue  # "the app has a dashboard"
        col.position = token.index
        owner = col.add(subject.lemmas, weight, " ".join(t.text for t in tokens[k:j]))
        if owner is None:
            continue
        read_attributes(owner, attributes)
        if parts:
            part = col.add(last.lemmas, weight, " ".join(last.words))
            if part is not None:
                read_attributes(part, parse_attribute_list(tokens, j + 1)[0])
                part.add_field(make_field([owner.head]))  # each belongs to one: a reference once both are kept


def read_answers(col: Collector, tokens: list[Token], weight: float) -> None:
    """ "guests RSVP yes, no or maybe", "guests can respond yes, no or maybe to invitations": the answers are the
    choices of a field (named for the word before them when that is no verb, else "response"), kept on what is
    answered, else on whoever answers."""
    i = 0
    while i < len(tokens):
        if tokens[i].low not in _ANSWERS or i < 2:
            i += 1
            continue
        start = i - 1 if tokens[i - 1].low == "(" else i
        end = start
        while end < len(tokens) and (tokens[end].low in _ANSWERS or tokens[end].low in _CONJ | {"(", ")", "/"}):
            end += 1
        options = [o for o in bracketed_options([t for t in tokens[start:end] if t.low not in ("(", ")")]) if o]
        said = any(f.choices == options for c in col.candidates.values() for f in c.fields.values())
        if len(options) >= 2 and tokens[start - 1].is_word and tokens[start - 1].low not in DETERMINERS and not said:
            _answer_field(col, tokens, start, end, options, weight)
        i = max(end, i + 1)


def _answer_field(col: Collector, tokens: list[Token], start: int, end: int, options: list[str], weight: float) -> None:
    word, k = tokens[start - 1].low, start - 2
    while k >= 0 and tokens[k].low in _MODALS:
        k -= 1
    verb = k < start - 2 or verb_lemma(word) is not None  # "can respond", "vote": the act of answering
    answered = None
    if end + 1 < len(tokens) and tokens[end].low in ("to", "on", "for"):
        phrase, _ = parse_np(tokens, end + 1)  # "... to invitations"
        answered = col.add(phrase.lemmas, weight, " ".join(phrase.words)) if phrase is not None else None
    giver = col.candidates.get(singular(tokens[k].low)) if k >= 0 else None
    if answered is None and giver is None and k >= 0 and nounish(tokens[k]):
        giver = col.add([tokens[k].low], weight, tokens[k].text)  # nobody named them before
    owner = answered or giver or col.last
    if owner is not None:
        owner.add_field(make_field(["response" if verb else word], choices=options))


def kept_list(tokens: list[Token], i: int) -> list[tuple[NounPhrase, list[tuple[NounPhrase, list[str]]]]]:
    """After a colon that follows the app's own name, the things it keeps, each with the attributes written after
    "with": "Inventory tracker for a bakery: suppliers, ingredients with a stock level and a reorder threshold,
    and purchase orders placed with a supplier". Every item must be a plural noun; [] otherwise. One item is
    enough, after any colon, when its attributes describe it ("Track my reading: books with a title, pages")."""
    if tokens[i].low != ":":
        return []
    named = any(t.low in APP_NOUNS for t in tokens[:i])
    out: list[tuple[NounPhrase, list[tuple[NounPhrase, list[str]]]]] = []
    j = i + 1
    while j < len(tokens):
        phrase, j = parse_np(tokens, j)
        while phrase is not None and len(phrase.words) > 1 and phrase.words[-1].lower().endswith("ed"):
            words, lemmas = phrase.words[:-1], phrase.lemmas[:-1]  # "purchase orders placed with ...": a participle
            phrase = NounPhrase(
                words, [*lemmas[:-1], singular(lemmas[-1])], phrase.start, phrase.end - 1, phrase.prefix
            )
        if phrase is None or not phrase.words[-1].lower().endswith("s"):
            return []
        attributes: list[tuple[NounPhrase, list[str]]] = []
        if j < len(tokens) and tokens[j].low == "with":
            attributes, j = parse_attribute_list(tokens, j + 1)
        while j < len(tokens) and tokens[j].low not in _CONJ | {";", "."}:
            j += 1  # "placed with a supplier that list quantities" says how, not what
        out.append((phrase, attributes))
        if j >= len(tokens) or tokens[j].low in (";", "."):
            break
        while j < len(tokens) and tokens[j].low in _CONJ:
            j += 1
    if len(out) >= 2 and named:
        return out
    return out if len(out) == 1 and describes(out[0][1]) else []
