"""The things a request names, scored by how strongly it asks to keep them: each a ``Candidate`` with the fields
the request gives it, gathered by a ``Collector`` while the sentences are read."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ....schemas import EntityField
from .fields import with_typical_choices
from .lexicon import ATTRIBUTE_WORDS, GENERIC_NOUNS, POINTER_WORDS, STOP, SYNONYMS, words
from .naming import base_word, is_gerund, looks_adjective, singular
from .phrases import NounPhrase

ABSTRACT = words(
    """analysis statistic statistics visualization integration communication collaboration security privacy
    experience requirement support advice practice attention understanding recognition motivation engagement
    interaction navigation optimization speed trend insight sense use usage reporting search result purpose
    imagination inspiration kind introduction generation filter business opportunity comparison variety lot
    example e.g apple chicken rice broccoli reward account login registration signup password authentication
    notification situation functionality opportunity decision criteria criterion way step need
    calendar kanban map timer countdown stopwatch feed cart basket checkout wheel column lane yes maybe"""
)


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


def clean_word(word: str) -> str:
    low = base_word(word)
    return SYNONYMS.get(low, low)


def can_be_entity(lemma: str) -> bool:
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


class Collector:
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
        words = [clean_word(w) for w in words if not looks_adjective(w) and not is_gerund(w)]
        words = [w for w in words if w.replace("-", "").isalnum()]
        if not words:
            return None
        head = singular(words[-1])
        if head in self.proper or not (can_be_entity(head) or attribute_ok and head in ATTRIBUTE_WORDS):
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
