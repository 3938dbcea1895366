"""Word shapes: tokens, singular and plural, PascalCase, snake_case, Title Case, verb lemmas, shared stems."""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass
from functools import lru_cache

from ....schemas import RESERVED_FIELDS
from .lexicon import (
    ADJECTIVE_LOOKING_NOUNS,
    ADJECTIVES,
    ING_NOUNS,
    INPUT_VERBS,
    IRREGULAR_PLURAL,
    IRREGULAR_SINGULAR,
    IRREGULAR_VERBS,
    PYTHON_UNSAFE_ENTITY,
    UNCOUNTABLE,
    VERBS,
    words,
)

_TOKEN = re.compile(
    r"#[0-9A-Fa-f]{6}\b|#[0-9A-Fa-f]{3}\b|[A-Za-z0-9][A-Za-z0-9&]*(?:['’\-][A-Za-z0-9&]+)*'?|[,;:()\"]|[.!?]"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")
MINOR_WORDS = words("a an the and or nor but of for to in on at by with from as vs via")


@dataclass(frozen=True)
class Token:
    text: str
    low: str
    index: int

    @property
    def is_word(self) -> bool:
        return self.low[0].isalnum() and self.low[0] != "#"


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]


def tokenize(text: str) -> list[Token]:
    words = _TOKEN.findall(text.replace("’", "'"))
    return [Token(w, w.lower(), i) for i, w in enumerate(words)]


def base_word(word: str) -> str:
    """Lower case, possessive dropped: "children's" -> "children", "others'" -> "others"."""
    word = word.lower()
    if word.endswith("'s"):
        return word[:-2]
    return word.rstrip("'")


@lru_cache(maxsize=16384)  # pure, and called for every word of every prompt many times
def singular(word: str) -> str:
    word = base_word(word)
    if "-" in word:
        head, _, last = word.rpartition("-")
        return f"{head}-{singular(last)}"
    if word in IRREGULAR_SINGULAR:
        return IRREGULAR_SINGULAR[word]
    if word in UNCOUNTABLE or len(word) <= 3 or word.endswith(("ss", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return word[:-2]
    if word.endswith("oes") and word not in ("shoes", "toes"):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def plural(word: str) -> str:
    if word in IRREGULAR_PLURAL:
        return IRREGULAR_PLURAL[word]
    if word.endswith("ss"):
        return word + "es"  # class, address, boss: singular nouns ending in s (listed as such in UNCOUNTABLE)
    if word in UNCOUNTABLE:
        return word
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def words_of(text: str) -> list[str]:
    return [w for w in re.split(r"[^a-z0-9]+", text.lower()) if w]


def pascal(words: list[str]) -> str:
    parts = [w for word in words for w in words_of(word)]
    name = "".join(p[:1].upper() + p[1:] for p in parts)
    if not name or not name[0].isalpha():
        name = "Item" + name
    if name in PYTHON_UNSAFE_ENTITY:
        name += "Record"
    return name


def snake(words: list[str]) -> str:
    return "_".join(w for word in words for w in words_of(word))


def safe_field_name(words: list[str]) -> str | None:
    """A valid, non-reserved snake_case field name from words, or None when nothing usable is left."""
    name = snake(words)[:40].strip("_")
    if not name:
        return None
    if not name[0].isalpha():
        name = "n_" + name
    if keyword.iskeyword(name) or name in RESERVED_FIELDS:
        name = {"id": "code", "class": "class_name", "from": "from_place", "metadata": "meta_info"}.get(
            name, name + "_value"
        )
    return name


def entity_names(words: list[str]) -> tuple[str, str]:
    """(PascalCase singular name, snake_case plural) for a noun phrase like ["game", "room"]."""
    head = singular(words[-1])
    name = pascal([*words[:-1], head])
    table = snake([*words[:-1], plural(head)])
    if name.endswith("Record") and not head.endswith("record"):
        table = snake([*words[:-1], head, "records"])
    if not table or not table[0].isalpha() or keyword.iskeyword(table):
        table = "items_" + table if table else "items"
    return name, table


def title_case(words: list[str]) -> str:
    out = []
    for i, word in enumerate(words):
        low = word.lower()
        if i and low in MINOR_WORDS:
            out.append(low)
        elif any(c.isupper() for c in word[1:]) or word.isupper():
            out.append(word)
        else:
            out.append("-".join(p[:1].upper() + p[1:] for p in low.split("-")))
    return " ".join(out)


def verb_lemma(word: str) -> str | None:
    """The base form when ``word`` is a form of a known app verb ("transferring" -> "transfer")."""
    low = word.lower()
    known = VERBS | INPUT_VERBS
    if low in known:
        return low
    if low in IRREGULAR_VERBS:
        return IRREGULAR_VERBS[low]
    candidates: list[str] = []
    if low.endswith("ing"):
        stem = low[:-3]
        candidates += [stem, stem + "e"]
        if len(stem) > 2 and stem[-1] == stem[-2]:
            candidates.append(stem[:-1])
    if low.endswith("ed"):
        stem = low[:-2]
        candidates += [stem, low[:-1]]
        if len(stem) > 2 and stem[-1] == stem[-2]:
            candidates.append(stem[:-1])
        if stem.endswith("i"):
            candidates.append(stem[:-1] + "y")
    if low.endswith("ies"):
        candidates.append(low[:-3] + "y")
    if low.endswith("es"):
        candidates.append(low[:-2])
    if low.endswith("s"):
        candidates.append(low[:-1])
    return next((c for c in candidates if c in known), None)


def looks_adjective(word: str) -> bool:
    """ "agricultural", "nutritional", "competitive": adjectives by their ending, unless known nouns."""
    low = base_word(word)
    if low in ADJECTIVES:
        return True
    if low in ADJECTIVE_LOOKING_NOUNS or len(low) < 6:
        return False
    return low.endswith(("al", "ive", "ous", "ful", "ic", "able", "ible", "less", "ish"))


def is_gerund(word: str) -> bool:
    low = base_word(word)
    return low.endswith("ing") and low not in ING_NOUNS and len(low) > 4


@lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """A crude shared stem, enough to tell that "reporting" and "reports" speak of the same thing."""
    word = singular(word)
    for _ in range(2):
        for suffix in ("ations", "ation", "ments", "ment", "ings", "ing", "ers", "er", "ed", "es", "s", "e", "y"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
    return word
