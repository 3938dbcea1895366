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
        j = i
        while j > 0 and tokens[j - 1].is_word and tokens[j - 1].low not in STOP | DETERMINERS:
            j -= 1
        return [t.text for t in tokens[j : end - 1]], APP_NOUNS[tokens[end - 1].low], end
    return [], None, 0


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
    while k < len(tokens) and tokens[k].is_word and tokens[k].low not in STOP:
        k += 1
    words = [t.text for t in tokens[j:k] if t.low not in ("information", "data")]
    if words:
        words[-1] = words[-1] if words[-1][:1].isupper() else singular(words[-1])
    return words[-3:], verb


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
    core = kept if kept else core
    if "and" in [w.lower() for w in core] and len(core) > 3:
        at = [w.lower() for w in core].index("and")
        core = core[:at] if at >= 2 else core[at + 1 :]
    if len(core) <= 1:
        purpose, verb = _purpose(tokens, end)
        if purpose and not core:
            core = purpose
            title = _AGENT_NOUNS.get(verb or "", title or suffix)
        elif purpose and core:
            core = [*purpose[-1:], *core]
    words = core[-_MAX_WORDS:]
    if title and (not words or words[-1].lower() != title.lower()) and len(words) < _MAX_WORDS and len(words) < 3:
        words.append(title)
    if len(words) < 2:
        words.append(suffix)
    return title_case(words[:_MAX_WORDS])
