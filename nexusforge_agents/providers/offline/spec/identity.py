"""The app's name and one-sentence description, taken from how the prompt names the app.

"a website called "World of Imagination"" -> World of Imagination; "a website for The All-In Bourbon Bar" ->
All-In Bourbon Bar; "a modern diagram maker website" -> Diagram Maker; "a website for generating stock
reports" -> Stock Report Generator.
"""

from __future__ import annotations

import re

from .lexicon import ADJECTIVES, APP_NOUNS, DETERMINERS, NAME_FILLERS, STOP
from .naming import Token, base_word, is_gerund, singular, title_case, tokenize, verb_lemma

_OPENERS = re.compile(
    r"^\s*(?:please\s+)?(?:(?:can|could|would)\s+you\s+)?(?:help\s+me\s+)?(?:i\s+(?:want|need|would like)\s+"
    r"(?:you\s+)?to\s+)?(?:implement|develop|create|build|make|design|write|generate|code|set\s+up)\s+(?:me\s+)?",
    re.IGNORECASE,
)
_CALLED = re.compile(r"\b(?:called|named|titled)\s+[\"“']([^\"”']{2,60})[\"”']", re.IGNORECASE)
_QUOTED_NAME = re.compile(r"[\"“]([A-Z][^\"”]{2,50})[\"”]")
_AGENT_NOUNS = {"generate": "Generator", "manage": "Manager", "track": "Tracker", "plan": "Planner"}
_MAX_WORDS = 4


def describe(prompt: str, first_sentence: str) -> str:
    """The first sentence without its "Please implement", as a sentence of its own."""
    text = _OPENERS.sub("", first_sentence).strip()
    if not text:
        text = first_sentence.strip()
    text = text[0].upper() + text[1:]
    if len(text) > 240:
        cut = text[:240].rsplit(",", 1)[0] if "," in text[:240] else text[:240].rsplit(" ", 1)[0]
        text = cut.rstrip(" ,;")
    return text if text.endswith((".", "!", "?")) else text + "."


def _proper_phrase(tokens: list[Token]) -> list[str]:
    """A capitalised multiword name after "for" ("for The All-In Bourbon Bar", "for promoting Fundraiser Day")."""
    for i, token in enumerate(tokens):
        if token.low != "for":
            continue
        j = i + 1
        if j < len(tokens) and is_gerund(tokens[j].low):
            j += 1
        if j < len(tokens) and tokens[j].low == "the":
            j += 1
        k = j
        while k < len(tokens) and (tokens[k].text[:1].isupper() or tokens[k].low == "of" and k > j):
            k += 1
        words = [t.text for t in tokens[j:k]]
        while words and words[-1].lower() == "of":
            words.pop()
        if len(words) >= 2:
            if len(words) > _MAX_WORDS and "of" in words:  # Global Institute of Information Security
                at = words.index("of")
                words = [*words[at + 1 :], words[at - 1]]
            return words[:_MAX_WORDS]
    return []


def _app_phrase(tokens: list[Token]) -> tuple[list[str], str | None, int]:
    """(words naming the app, the app noun's title, index after it) from "a modern diagram maker website"."""
    for i, token in enumerate(tokens):
        if token.low not in APP_NOUNS or i == 0:
            continue
        end = i + 1
        while end < len(tokens) and tokens[end].low in APP_NOUNS:  # "portal website", "dashboard website"
            end += 1
        if end < len(tokens) and tokens[end].is_word and tokens[end].low not in STOP and not is_gerund(tokens[end].low):
            continue  # "barber shop management website": "shop" is not the app noun here
        j = i
        while j > 0 and (
            _name_word(tokens[j - 1]) or tokens[j - 1].low == "and" and j > 1 and _name_word(tokens[j - 2])
        ):
            j -= 1
        return [t.text for t in tokens[j : end - 1]], APP_NOUNS[tokens[end - 1].low], end
    return [], None, 0


def _joins_names(tokens: list[Token], k: int) -> bool:
    return tokens[k].low == "and" and k > 0 and _name_word(tokens[k - 1])


def _name_word(token: Token) -> bool:
    return token.is_word and token.low not in STOP and token.low not in DETERMINERS


def _purpose(tokens: list[Token], start: int) -> tuple[list[str], str | None]:
    """The object of "for generating stock reports" / "that displays ..." / "to showcase ..."."""
    j = start
    if j < len(tokens) and tokens[j].low in ("for", "that", "to", "which"):
        j += 1
    verb = None
    if j < len(tokens) and verb_lemma(tokens[j].low):
        verb = verb_lemma(tokens[j].low)
        j += 1
    while j < len(tokens) and (tokens[j].low in DETERMINERS or tokens[j].low in ADJECTIVES):
        j += 1
    k = j
    while k < len(tokens) and (_name_word(tokens[k]) or tokens[k].low == "and" and k + 1 < len(tokens)):
        if tokens[k].low == "and" and not _name_word(tokens[k + 1]):
            break
        k += 1
    words = [t.text for t in tokens[j:k] if t.low not in ("information", "data")]
    if words and "and" not in words and not words[-1][:1].isupper():
        words[-1] = singular(words[-1])
    return words[-4:], verb


def app_name(first_sentence: str, suffix: str) -> str:
    """2-4 Title Case words naming the app."""
    called = _CALLED.search(first_sentence) or _QUOTED_NAME.search(first_sentence)
    if called:
        return title_case(called.group(1).split()[:6])
    tokens = tokenize(_OPENERS.sub("", first_sentence))
    proper = _proper_phrase(tokens)
    if proper:
        return title_case(proper)
    core, title, end = _app_phrase(tokens)
    kept = [w for w in core if base_word(w) not in NAME_FILLERS]
    core = kept if len(kept) >= 2 or len(core) < 2 else core
    lowered = [w.lower() for w in core]
    if "and" in lowered and len(core) > 3:
        at = lowered.index("and")
        core = core[:at] if at >= 2 else core[at + 1 :]
    if not kept:
        core = []
    if len(core) >= 2:
        words = core[-_MAX_WORDS:]
        if title and words[-1].lower() != title.lower() and len(words) < _MAX_WORDS:
            words.append(title)
    elif len(core) == 1:
        if title:
            words = [*core, title]
        elif suffix.lower() != core[0].lower() and core[0].lower() not in APP_NOUNS:
            words = [*core, suffix]
        else:
            purpose, _ = _purpose(tokens, end)
            purpose = purpose[: purpose.index("and")] if "and" in purpose else purpose
            words = [*purpose[-2:], *core] if purpose else [*core, "Hub"]
    else:
        purpose, verb = _purpose(tokens, end)
        agent = _AGENT_NOUNS.get(verb or "")
        words = [*purpose, *([agent] if agent and len(purpose) < _MAX_WORDS else [])]
        if title and not agent and len(words) < _MAX_WORDS:
            words.append(title)
    if not words:
        words = _for_whom(tokens)  # "a website with ... for a photographer" -> Photographer
    if len(words) < 2:
        words.append(suffix if not words or suffix.lower() != words[-1].lower() else "Hub")
    return title_case(words[:_MAX_WORDS])


def _for_whom(tokens: list[Token]) -> list[str]:
    """The one or two words after the last "for (a|an|the)": who or what the app is for."""
    starts = [i for i, t in enumerate(tokens) if t.low == "for"]
    for i in reversed(starts):
        j = i + 1
        while j < len(tokens) and (tokens[j].low in DETERMINERS or tokens[j].low in ADJECTIVES):
            j += 1
        k = j
        while k < len(tokens) and k - j < 2 and _name_word(tokens[k]) and not is_gerund(tokens[k].low):
            k += 1
        if k > j:
            return [singular(t.text) if n == k - j - 1 else t.text for n, t in enumerate(tokens[j:k])]
    return []
