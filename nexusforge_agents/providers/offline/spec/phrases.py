"""A shallow reader for request sentences: verb phrases ("search and book bus and railway tickets"), the noun
phrases they act on, and who acts ("students", "band members").

Requests are written in a narrow register ("Users should be able to V X, V Y, and V Z"; "functionalities for
V-ing X"), so a closed verb list, cue words before a verb and head-final noun phrases cover them well enough.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .lexicon import (
    ADJECTIVES,
    DETERMINERS,
    ING_NOUNS,
    ING_ONLY_NOUNS,
    PARTICLES,
    POINTER_WORDS,
    PREPOSITIONS,
    STOP,
    UNITS,
    VERBS,
    words,
)
from .naming import Token, base_word, is_gerund, singular, verb_lemma

VERB_CUES = words(
    """to can could should will would may must and or , ; ( for also then by of including like as while easily that
    which who
    quickly directly automatically anonymously securely simply"""
)
# Who acts, when a request says "admins add prizes" without a modal: a verb may follow these.
ACTORS = words(
    """users admins administrators customers visitors members players students teachers staff employees managers
    buyers sellers guests people i we you they owners organizers organisers editors authors readers shoppers"""
)
_MODALS = words("should can could will would may must shall")
_HAVE = words("has have is are")
_COUNTED = words("number count amount")
_MODAL_WALK = _MODALS | {"to", "able", "be", "also", "easily", "then"}
_ACTOR_INTRO = words("""allowing allows allow enable enables enabling for help helps helping let lets permit""")
# A verb-looking word followed by one of these is a noun: "order management", "login functionality".
_NOUN_FOLLOWERS = POINTER_WORDS | words(
    """form forms page system functionality functionalities function functions feature features option options
    button buttons section process interface module modules center"""
)
_LIST_BREAK = frozenset({"etc", "more", "so", "other", "others"})
_CONJ = frozenset({",", "and", "or"})
_INFINITIVE_VERBS = words("choose want need like try decide continue learn help start plan")
LIST_INTROS = frozenset({"including", "include", "includes", ":", "e.g", "like"})


@dataclass
class NounPhrase:
    words: list[str]  # as written (determiners dropped), for display
    lemmas: list[str]  # lower case; the head singular
    start: int
    end: int  # exclusive
    prefix: list[str] = field(default_factory=list)  # dropped adjectives, kept for feature text

    @property
    def head(self) -> str:
        return self.lemmas[-1]

    @property
    def modifiers(self) -> list[str]:
        return self.lemmas[:-1]


@dataclass
class VerbPhrase:
    verbs: list[str]
    objects: list[NounPhrase]
    actor: NounPhrase | None
    start: int
    end: int
    object_text: list[str] = field(default_factory=list)  # the object words as written, conjunctions included
    particle: str = ""  # "reply to", "apply for", "sign up for"


def nounish(token: Token) -> bool:
    low = base_word(token.low)
    if not token.is_word or low in STOP or low in PREPOSITIONS or low in _CONJ:
        return False
    if low.endswith("ly") and len(low) > 4 and low not in ("family", "supply", "assembly", "reply", "italy"):
        return False
    return not (is_gerund(low) and low not in ING_NOUNS)


def is_verb_at(tokens: list[Token], i: int) -> bool:
    token = tokens[i]
    if not token.is_word or verb_lemma(token.low) is None or token.low in ING_ONLY_NOUNS:
        return False
    if token.low.endswith("ed") and token.low not in VERBS:
        return False  # "finished products", "estimated expense sheets": participles describe
    prev = tokens[i - 1].low if i else ""
    if prev == "of" and not is_gerund(token.low):
        return False  # "a list of books": "of managing" may name an act, "of <word>" otherwise a thing
    if i + 1 < len(tokens) and tokens[i + 1].low in _NOUN_FOLLOWERS and prev not in _MODALS | {"to"}:
        return False
    if token.low in ING_NOUNS:  # "for posting, replying" is a verb; "job posting" a noun
        after = tokens[i + 1].low if i + 1 < len(tokens) else "."
        return prev in ("for", "of", "including") or (prev in _CONJ and after in (",", "and", "or", "."))
    if is_gerund(token.low):
        return i == 0 or prev in VERB_CUES or not nounish(tokens[i - 1]) and prev not in DETERMINERS
    if prev == ":":
        return _opens_clause(tokens, i - 1) and not _after_subject(tokens, i + 1)
    return i == 0 or prev in VERB_CUES or prev in ACTORS and _bare_verb(token.low) or _after_subject(tokens, i)


_ONE = words("the each every")
_CLAUSE_OPENERS = words("where when that who while so , ; : and")


def _after_subject(tokens: list[Token], i: int) -> bool:
    """A bare verb after a plural noun that opens a clause, with an object after it: "where neighbors post tools",
    ", other neighbors send requests", "agents assign tickets" (whoever the people are called); or a verb in -s
    after "the|each <one>": "the coordinator approves reservations"."""
    subject, low = tokens[i - 1], tokens[i].low
    if i + 1 >= len(tokens) or not nounish(subject):
        return False
    before = tokens[i - 2].low if i > 1 else ""
    if before in _ONE and low.endswith("s") and verb_lemma(low) in VERBS and not subject.low.endswith("s"):
        pass  # "the coordinator approves plot reservations"
    elif not _bare_verb(low) or low not in VERBS or not subject.low.endswith("s") or subject.low.endswith("ss"):
        return False
    elif before and before not in _CLAUSE_OPENERS | DETERMINERS | _ACTOR_INTRO and not _opens_sentence(tokens, i - 2):
        return False  # "Volunteer coordinators create shifts" opens with its subject
    after = tokens[i + 1]
    if after.low in _CONJ and i + 3 < len(tokens) and tokens[i + 2].low in VERBS:
        return tokens[i + 3].low in DETERMINERS or nounish(tokens[i + 3])  # "walkers accept or decline requests"
    if after.low in (".", ";") or after.low in ("to", "for", "on") and i + 2 < len(tokens) and nounish(tokens[i + 2]):
        return True  # "companies post openings and candidates apply", "... and members vote on books"
    return after.low in DETERMINERS or nounish(after)


def _opens_sentence(tokens: list[Token], k: int) -> bool:
    """Is ``k`` inside a noun phrase that opens the sentence: "Volunteer coordinators create shifts"?"""
    while k >= 0 and nounish(tokens[k]) and tokens[k].low not in DETERMINERS:
        k -= 1
    return k < 0 or tokens[k].low in DETERMINERS and k == 0


def verb_in_list(tokens: list[Token], k: int, depth: int = 0) -> bool:
    """After a comma or "and": a verb only when something follows it ("rate the answers", "search for"), so that
    "posts, comments, and reviews" stays a list of nouns."""
    if not is_verb_at(tokens, k):
        return False
    if is_gerund(tokens[k].low):
        return True
    if k + 1 >= len(tokens):
        return False
    after = tokens[k + 1]
    if after.low in DETERMINERS or after.low in PARTICLES or nounish(after):
        return True
    if tokens[k].low == verb_lemma(tokens[k].low):
        return True  # a bare "upgrade," or "learn how" in a list reads as a verb; plurals read as nouns
    if after.low in _CONJ and depth < 3:
        m = k + 1
        while m < len(tokens) and tokens[m].low in _CONJ:
            m += 1
        return m < len(tokens) and verb_in_list(tokens, m, depth + 1)
    return False


def parse_np(tokens: list[Token], j: int) -> tuple[NounPhrase | None, int]:
    prefix: list[str] = []
    while j < len(tokens):
        token = tokens[j]
        possessive = token.is_word and token.low.endswith(("'", "'s")) and token.low not in ("let's", "it's")
        if token.low in DETERMINERS or base_word(token.low) in ADJECTIVES:
            if base_word(token.low) in ADJECTIVES:
                prefix.append(token.text)
        elif possessive and j + 1 < len(tokens) and nounish(tokens[j + 1]):
            prefix.append(token.text)  # "the designer's portfolio", "sellers' products"
        else:
            break
        j += 1
    start = j
    if (
        j < len(tokens)
        and is_gerund(tokens[j].low)
        and j + 1 < len(tokens)
        and _plain_noun(tokens[j + 1])
        and j > 0
        and (tokens[j - 1].low in DETERMINERS or prefix or is_verb_at(tokens, j - 1))
    ):
        j += 1  # "browse trading opportunities", "configure sending policies"
    while j < len(tokens):
        token = tokens[j]
        if j > start and _after_subject(tokens, j):
            break  # "classes, instructors manage schedules": the verb of the next clause
        if nounish(token) and not token.low.endswith(("'", "'s")):
            j += 1
        elif j > start and is_gerund(token.low) and j + 1 < len(tokens) and _plain_noun(tokens[j + 1]):
            j += 1  # "short message sending situations", "ticket printing options"
        else:
            break
    if j == start:
        return None, start
    chosen = tokens[max(start, j - 4) : j]
    words = [t.text for t in chosen]
    lemmas = [base_word(t.low) for t in chosen]
    lemmas[-1] = singular(lemmas[-1])
    return NounPhrase(words, lemmas, start, j, prefix), j


def _plain_noun(token: Token) -> bool:
    return nounish(token) and not is_gerund(token.low) and not token.low.endswith(("'", "'s"))


def parse_np_list(tokens: list[Token], j: int) -> tuple[list[NounPhrase], int]:
    phrases: list[NounPhrase] = []
    while j < len(tokens):
        phrase, after = parse_np(tokens, j)
        if phrase is None:
            break
        if after < len(tokens) and tokens[after].low in _MODALS:
            break  # ", and the website will ..." starts a new clause
        if phrases and after < len(tokens) and tokens[after].low in _HAVE and tokens[phrase.start - 1].low in _ONE:
            break  # ", and each book has ..." too
        first = phrase.start
        if phrases and tokens[first].low in ACTORS and first + 1 < len(tokens) and _bare_verb(tokens[first + 1].low):
            break  # ", users spin the wheel" starts a new clause
        if phrases and after < len(tokens) and _after_subject(tokens, after):
            break  # ", instructors manage class schedules" too, whoever acts
        phrases.append(phrase)
        j = after
        k = j
        while k < len(tokens) and tokens[k].low in _CONJ:
            k += 1
        if k == j or k >= len(tokens) or tokens[k].low in _LIST_BREAK or verb_in_list(tokens, k):
            break
        if tokens[k].low in PREPOSITIONS or tokens[k].low in STOP - DETERMINERS:
            break
        j = k
    return phrases, j


def _bare_verb(word: str) -> bool:
    return verb_lemma(word) == word


def _actor_before(tokens: list[Token], i: int) -> NounPhrase | None:
    """Who acts: "Buyers should be able to V", "allowing band members to V", "where users can V"."""
    k = i - 1
    walked = set()
    while k >= 0 and tokens[k].low in _MODAL_WALK:
        walked.add(tokens[k].low)
        k -= 1
    end = k + 1
    while k >= 0 and nounish(tokens[k]):
        k -= 1
    if end == k + 1 or not walked:
        return None
    if not walked & _MODALS and (k < 0 or tokens[k].low not in _ACTOR_INTRO):
        return None
    phrase, _ = parse_np(tokens, k + 1)
    return phrase


def _opens_clause(tokens: list[Token], i: int) -> bool:
    """A colon followed by a bare verb introduces what to do, not a list of things: "for our club: create events
    ..., invite attendees"."""
    if tokens[i].low != ":" or i + 2 >= len(tokens):
        return False
    verb, after = tokens[i + 1], tokens[i + 2]
    if verb.low in VERBS and _bare_verb(verb.low) and (after.low in DETERMINERS or nounish(after)):
        return True
    return i + 3 < len(tokens) and _after_subject(tokens, i + 2)  # "shift signup: coordinators post shifts"


def verb_phrases(tokens: list[Token]) -> list[VerbPhrase]:
    """Every verb phrase of one sentence, left to right."""
    out: list[VerbPhrase] = []
    actor: NounPhrase | None = None
    in_list: bool | str = False  # after "including" / "such as" / ":" only gerunds start verb phrases
    i = 0
    while i < len(tokens):
        low = tokens[i].low
        if low in LIST_INTROS or (low == "as" and i and tokens[i - 1].low == "such"):
            in_list = not _opens_clause(tokens, i)
        elif low == "(" and i and nounish(tokens[i - 1]):
            in_list = "options"  # "shifts (date, start time)", "a role (sorting, packing)": not what to do
        elif low in (")", ";") or low in _MODALS or low in ACTORS:
            in_list = False  # "app: admins add prizes" is a clause, not a list
        if not is_verb_at(tokens, i) or (in_list and not is_gerund(low)):
            i += 1
            continue
        actor = _actor_before(tokens, i) or actor
        verbs = [verb_lemma(tokens[i].low) or tokens[i].low]
        j = i + 1
        particle = ""
        while j < len(tokens):
            while (  # "sign up for concerts": up to two particles
                tokens[j].low in PARTICLES
                and j + 1 < len(tokens)
                and not is_gerund(tokens[j + 1].low)
                and not (tokens[j].low == "to" and verbs[-1] in _INFINITIVE_VERBS)
                and (not particle or tokens[j].low in ("for", "with"))
            ):
                particle = f"{particle} {tokens[j].low}".strip()
                j += 1
            k = j
            while k < len(tokens) and tokens[k].low in _CONJ:
                k += 1
            if k > j and k < len(tokens) and verb_in_list(tokens, k):
                verbs.append(verb_lemma(tokens[k].low) or tokens[k].low)
                particle = ""
                j = k + 1
                continue
            break
        objects, end = parse_np_list(tokens, j)
        text = [t.text for t in tokens[j:end]] if objects else []
        if objects or in_list != "options":  # a lone gerund in a thing's brackets is one of its values
            out.append(VerbPhrase(verbs, objects, actor, i, end, text, particle if objects else ""))
        i = max(end, i + 1)
    return out


def parse_attribute_list(
    tokens: list[Token], j: int, bracketed: bool = False
) -> tuple[list[tuple[NounPhrase, list[str]]], int]:
    """The attributes after "with" — "events with a start time, location and a recurrence (none, weekly,
    monthly)" — each with the options written in brackets after it."""
    out: list[tuple[NounPhrase, list[str]]] = []
    while j < len(tokens):
        phrase, j = parse_np(tokens, j)
        done = tokens[j + 1] if phrase is None and j + 1 < len(tokens) and tokens[j].low == "who" else None
        if done is not None and (done.low.endswith("ed") or verb_lemma(done.low) not in (None, done.low)):
            phrase, j = NounPhrase([done.text, "by"], [done.low, "by"], j, j + 2), j + 2  # "who paid": paid_by
            j += 1 if j < len(tokens) and tokens[j].low in ("it", "them") else 0  # "who fixed it"
        if phrase is None or out and (j < len(tokens) and _after_subject(tokens, j) or phrase.words[0] in ACTORS):
            break  # ", and the coordinator approves ...", "and students take them": the next clause's subject
        if phrase.head in _COUNTED and j + 1 < len(tokens) and tokens[j].low == "of" and nounish(tokens[j + 1]):
            counted = tokens[j + 1]  # "a number of guests" is number_of_guests
            words, lemmas = [*phrase.words, "of", counted.text], [*phrase.lemmas, "of", counted.low]
            phrase = NounPhrase(words, lemmas, phrase.start, j + 2, phrase.prefix)
            j += 2
        unit = tokens[j + 1] if j + 1 < len(tokens) and tokens[j].low in ("in", "per") else None
        if unit is not None and (unit.low in UNITS or tokens[j].low == "per" and nounish(unit)):
            said = [] if tokens[j].low == "in" else ["per"]  # "length in minutes", "a price per hour"
            words, lemmas = [*phrase.words, *said, unit.text], [*phrase.lemmas, *said, unit.low]
            phrase = NounPhrase(words, lemmas, phrase.start, j + 2, phrase.prefix)
            j += 2
        options: list[str] = []
        if j < len(tokens) and tokens[j].low == "(" and "with" in {t.low for t in tokens[j + 1 : j + 3]}:
            out.append((phrase, []))  # "ingredients (each with a quantity and a unit)": a part, described
            break
        if j < len(tokens) and tokens[j].low == "(":
            close = next((k for k in range(j + 1, len(tokens)) if tokens[k].low == ")"), len(tokens))
            options = bracketed_options(tokens[j + 1 : close])
            j = close + 1
        out.append((phrase, options if len(options) >= 2 else []))
        k = j
        while k < len(tokens) and tokens[k].low in _CONJ:
            k += 1
        if k == j or k >= len(tokens) or tokens[k].low in _LIST_BREAK or not bracketed and verb_in_list(tokens, k):
            break  # inside brackets "start time" is an attribute, not "start" something
        j = k
    return out, j


def bracketed_options(tokens: list[Token]) -> list[str]:
    """ "open, in progress, fixed" -> ["open", "in progress", "fixed"]: commas, "and" and "or" part the options."""
    groups: list[list[str]] = [[]]
    for token in tokens:
        if token.low in _CONJ or token.low in ("/", ";"):
            groups.append([])
        elif token.is_word:
            groups[-1].append(token.text)
    return [" ".join(g) for g in groups if g]


def anchor_before(tokens: list[Token], i: int) -> NounPhrase | None:
    """The noun phrase a list introduced at ``i`` belongs to: "a site to manage gadgets, including ..."."""
    k = i - 1
    while k >= 0 and tokens[k].low in {",", "should", "must", "will", "can", "also", "to", "from"} | set("0123456789"):
        k -= 1
    while k >= 0 and tokens[k].low in {"four", "three", "two", "five", "six", "several", "many"}:
        k -= 1
    end = k + 1
    while k >= 0 and tokens[k].is_word and base_word(tokens[k].low) not in STOP and not is_verb_at(tokens, k):
        k -= 1
    if end == k + 1:
        return None
    phrase, _ = parse_np(tokens, k + 1)
    return phrase


def proper_nouns(sentences: list[list[Token]]) -> set[str]:
    """Lemmas written capitalised inside a sentence ("Texas", "Fundraiser Day", "HTML")."""
    out = set()
    for tokens in sentences:
        for i, token in enumerate(tokens[1:], start=1):
            if token.is_word and token.text[:1].isupper() and tokens[i - 1].low not in (".", ":", '"'):
                out.add(singular(token.low))
    return out
