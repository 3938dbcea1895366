"""Features from the prompt's own requests, and the auth / real-time / dashboard flags.

Two sources, in the order the prompt gives them: lists introduced by "functionalities for|such as", "features",
"capabilities" ("functionalities for document management, project scheduling, ...") and verb phrases of what
users should be able to do ("search and book bus and railway tickets"). Each becomes a short Title Case
feature; near-duplicates (same content words) are kept once.
"""

from __future__ import annotations

import re

from .lexicon import ADJECTIVES, DETERMINERS, GENERIC_NOUNS, PREPOSITIONS, STOP, WEAK_VERBS, words
from .naming import Token, base_word, is_gerund, stem, title_case, verb_lemma
from .phrases import NounPhrase, VerbPhrase, nounish, parse_np_list, verb_phrases

_TRIGGERS = words("functionalities functionality functions function features feature capabilities capability")
_TRIGGER_LINKS = words("for such as like including of to : that")
_MAX_WORDS = 6
_LIST_GLUE = words(", and or as such like including :")
_DROP = DETERMINERS | words("their own its our your")
_LONE_FEATURES = words("search chat messaging reporting")
_CLAUSE_WORDS = words(
    "allowing allow allows enabling enable enables so that which where while when if because based according be is are"
)
_LIST_OPENERS = words("such as like including :")
_OPENING_VERBS = words("create build develop design make write implement")
_HAVE = words("have has include includes offer offers")
# "Write the whole application in Python", "build the site with React": the app itself or how it is made.
_WHOLE_APP = words("application app website site webapp project program codebase code solution")
MAX_FEATURES = 16
_AUTH = re.compile(
    r"\b(log ?in|sign ?in|sign ?up|signup|register|registration|accounts?|authenticat\w*|user profiles?|"
    r"profiles?|passwords?|user center|personal center|members? area|my account)\b",
    re.IGNORECASE,
)
_REALTIME = re.compile(
    r"\b(real[- ]?time|live|chat\w*|notifications?|notify|instant\w*|messaging|websockets?|push updates?|"
    r"collaborat\w*|multiplayer)\b",
    re.IGNORECASE,
)
_DASHBOARD = re.compile(
    r"\b(dashboards?|analytics|analy[sz]\w*|charts?|statistic\w*|stats|reports?|reporting|visuali[sz]\w*|"
    r"metrics?|kpis?|insights?|leaderboards?)\b",
    re.IGNORECASE,
)


def flags(text: str) -> tuple[bool, bool, bool]:
    """(auth, realtime, dashboard) as the prompt asks for them."""
    return bool(_AUTH.search(text)), bool(_REALTIME.search(text)), bool(_DASHBOARD.search(text))


def capability_names(text: str) -> tuple[str, str, str]:
    """What to call the (auth, realtime, dashboard) features, in the prompt's own words ("" when not asked):
    "login" -> "User Login", "live" -> "Live Updates", "chat" -> "Chat", "analysis" -> "Analysis Dashboard"."""
    found = [m.group(0) if m else "" for m in (p.search(text) for p in (_AUTH, _REALTIME, _DASHBOARD))]
    auth, live, board = (title_case(w.replace("-", " ").split()) if w else "" for w in found)
    if auth and not auth.lower().startswith("user"):
        auth = f"User {auth}"
    if live.lower() in ("real time", "realtime", "live", "instant", "instantly"):
        live = f"{live} Updates"
    if board and "dashboard" not in board.lower():
        board = f"{board} Dashboard"
    return auth, live, board


def _np_text(phrase: NounPhrase) -> list[str]:
    return [*(w for w in phrase.prefix if base_word(w) not in _DROP), *phrase.words]


def _join(parts: list[list[str]], conj: str = "and") -> list[str]:
    """A, B and C as words, keeping the whole under the feature word budget."""
    kept: list[list[str]] = []
    for part in parts:
        if kept and sum(map(len, kept)) + len(part) > _MAX_WORDS - 1:
            break
        kept.append(part)
    out: list[str] = []
    for n, part in enumerate(kept):
        if n and n == len(kept) - 1:
            out.append(conj)
        elif n:
            out[-1] += ","
        out += part
    return out


def _phrase_words(vp: VerbPhrase, tokens: list[Token]) -> list[str]:
    verbs = _join([[v] for v in vp.verbs])
    objects = [o for o in vp.objects if o.words]
    specific = [o for o in objects if o.head not in GENERIC_NOUNS or o.modifiers or o.prefix]
    objects = specific or objects[:1]  # "displaying offers, a section" -> "Display Offers"
    conj = "or" if len(objects) > 1 and tokens[objects[-1].start - 1].low == "or" else "and"
    particle = vp.particle.split()  # "sign up for concerts" keeps "up for"; "look up recipes" no "up"
    return [
        *verbs,
        *(particle if particle and particle[-1] in ("to", "for", "with", "about", "on", "in") else []),
        *_join([_np_text(o) for o in objects], conj),
    ]


def _from_verb_phrase(vp: VerbPhrase, tokens: list[Token]) -> str | None:
    if not vp.objects or all(v in WEAK_VERBS for v in vp.verbs):
        return None
    if all(o.head in GENERIC_NOUNS and not o.modifiers and not o.prefix for o in vp.objects):
        return None  # "view information", "perform operations"
    return title_case(_phrase_words(vp, tokens))


def _list_items(tokens: list[Token], start: int) -> list[str]:
    """Items of "functionalities for A, B and C", up to the end of the list.

    A run of bare gerunds shares the object that follows it ("searching, leasing, renewing, and transferring
    domain names"); a gerund run before a noun item stands alone ("real-time reporting, data collection").
    """
    items: list[str] = []
    pending: list[tuple[list[str], str]] = []  # (words as written, lemma) of gerunds still waiting for an object

    def flush() -> None:
        items.extend(title_case(w) for w, lemma in pending if lemma not in WEAK_VERBS)
        pending.clear()

    j = start
    while j < len(tokens):
        token = tokens[j]
        if token.low in _LIST_OPENERS and (items or pending):
            break  # a nested "such as" list belongs to the last item, not to this list
        if token.low in _LIST_GLUE:
            j += 1
            continue
        if token.low in _CLAUSE_WORDS or token.low in (".", ";", ")", "to"):
            break  # "..., allowing users to", "based on", "that": the list is over
        if token.low in STOP and token.low not in PREPOSITIONS:
            break
        if token.low in PREPOSITIONS:  # a prepositional tail ("works about the designer") is skipped
            while j < len(tokens) and tokens[j].low not in (",", "and", "or", ".", ";"):
                j += 1
            continue
        lemma = verb_lemma(token.low)
        prefix = [t.text for t in tokens[j - 1 : j] if base_word(t.low) in ADJECTIVES and t.low not in _DROP]
        if lemma and (is_gerund(token.low) or _takes_object(tokens, j)):
            objects, end = parse_np_list(tokens, j + 1)
            if not objects:
                pending.append(([*prefix, token.text], lemma))
                j += 1
                continue
            verbs = [lemma_ for _, lemma_ in pending] + [lemma]
            pending.clear()
            phrase = VerbPhrase(verbs, objects, None, j, end, [t.text for t in tokens[j + 1 : end]])
            text = _from_verb_phrase(phrase, tokens)
            if text:
                items.append(text)
            j = max(end, j + 1)
            continue
        objects, end = parse_np_list(tokens, j)
        if not objects:
            break
        flush()
        for obj in objects:
            words_ = _np_text(obj)
            if end < len(tokens) and obj is objects[-1] and is_gerund(tokens[end].low):
                words_.append(tokens[end].text)  # "automated message sending", "work hours tracking"
                end += 1
            if obj.head not in GENERIC_NOUNS or obj.modifiers or len(words_) > 1:
                items.append(title_case(words_))
        j = end
    flush()
    return items


def _takes_object(tokens: list[Token], j: int) -> bool:
    after = tokens[j + 1] if j + 1 < len(tokens) else None
    return after is not None and (after.low in DETERMINERS or nounish(after))


def _before_trigger(tokens: list[Token], i: int) -> str | None:
    """ "data visualization capabilities", "user registration and profile management features"."""
    k = i
    while k > 0 and (nounish(tokens[k - 1]) or tokens[k - 1].low == "and" and k - 1 > 0 and nounish(tokens[k - 2])):
        k -= 1
    while k < i and (tokens[k].low in GENERIC_NOUNS or tokens[k].low == "and"):
        k += 1
    words_ = [t.text for t in tokens[k:i]]
    if not words_ or len(words_) > _MAX_WORDS or (len(words_) == 1 and words_[0].lower() not in _LONE_FEATURES):
        return None
    return title_case(words_)


def _trigger_lists(tokens: list[Token]) -> list[tuple[int, str]]:
    found = []
    for i, token in enumerate(tokens):
        if token.low not in _TRIGGERS:
            continue
        link = i + 2 if i + 2 < len(tokens) and tokens[i + 1].low == "," else i + 1
        if link < len(tokens) and tokens[link].low in _TRIGGER_LINKS:
            skip = 1 if tokens[link].low in ("for", "of", "to", "that") else 0
            found += [(i, item) for item in _list_items(tokens, link + skip)]
        before = _before_trigger(tokens, i)
        if before:
            found.append((i - 1, before))
    for i, token in enumerate(tokens[1:-1], start=1):
        # "The website should have a student panel and a company panel"
        if (
            token.low in _HAVE
            and tokens[i - 1].low in ("should", "must", "will", "also", "to")
            and tokens[i + 1].low not in _TRIGGERS
        ):
            found += [(i, item) for item in _list_items(tokens, i + 1) if item.split()[-1].lower() not in _TRIGGERS]
    return found


def _key(feature: str) -> frozenset[str]:
    return frozenset(
        stem(w)
        for w in re.findall(r"[a-z0-9'-]+", feature.lower())
        if w not in STOP and w not in ADJECTIVES and w not in ("user", "users")
    )


def _covers(wide: frozenset[str], narrow: frozenset[str]) -> bool:
    """True when ``narrow`` says nothing ``wide`` does not: a subset that is a lone word or most of ``wide``."""
    return narrow <= wide and (len(narrow) <= 1 or len(narrow) / len(wide) >= 0.6)


def _dedupe(ordered: list[str]) -> list[str]:
    """Drop a feature another one already covers; a more specific one replaces a vaguer one in its place."""
    kept: list[tuple[str, frozenset[str]]] = []
    for text in ordered:
        key = _key(text)
        if not key or any(_covers(other, key) for _, other in kept):
            continue
        wider = [n for n, (_, other) in enumerate(kept) if _covers(key, other)]
        if wider:
            kept[wider[0]] = (text, key)
            kept = [item for n, item in enumerate(kept) if n not in wider[1:]]
            continue
        kept.append((text, key))
    return [text for text, _ in kept]


def extract_features(sentences: list[list[Token]]) -> list[str]:
    """The prompt's requests as features, in prompt order, near-duplicates dropped, at most ``MAX_FEATURES``."""
    ordered: list[tuple[int, int, str]] = []
    lone_verbs: list[str] = []
    for s, tokens in enumerate(sentences):
        for i, text in _trigger_lists(tokens):
            ordered.append((s, i, text))
        for vp in verb_phrases(tokens):
            if vp.verbs[0] in _OPENING_VERBS and (
                (s == 0 and vp.start <= 2) or (vp.objects and vp.objects[0].head in _WHOLE_APP)
            ):
                continue  # "Create an online store ...", "Write the whole application in Python": the app itself
            text = _from_verb_phrase(vp, tokens)
            if text:
                ordered.append((s, vp.start, text))
            elif not vp.objects and not set(vp.verbs) & WEAK_VERBS:
                lone_verbs.append(title_case(_join([[v] for v in vp.verbs])))
    ordered.sort(key=lambda item: (item[0], item[1]))
    features = _dedupe([text for _, _, text in ordered])
    if len(features) < 3:
        features = _dedupe(features + lone_verbs)
    if len(features) > MAX_FEATURES:
        multi = [f for f in features if len(f.split()) > 1]
        features = (multi + [f for f in features if len(f.split()) == 1])[:MAX_FEATURES]
        features = [f for f in _dedupe(features)]
    return features[:MAX_FEATURES]
