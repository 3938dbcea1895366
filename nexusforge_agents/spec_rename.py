"""Renaming an entity everywhere its name is written: PascalCase page names, routes, element ids, titles, labels.

"Task" renamed "Chore" turns ``TaskList`` into ``ChoreList``, ``/tasks/new`` into ``/chores/new``,
``task-title`` into ``chore-title`` and "All tasks" into "All chores": every spelling of the singular and the
plural (PascalCase, Title Case, lower case joined by nothing, spaces, hyphens or underscores), as a whole word
inside the text (a camel-case boundary counts; "subtasks" is left alone).
"""

from __future__ import annotations

import re

from .appspec import Element


def _pascal_words(name: str) -> list[str]:
    return re.findall(r"[A-Z][a-z0-9]*|[a-z0-9]+", name)


def _spellings(words: list[str]) -> list[tuple[str, bool]]:
    """(spelling, is capitalised) of a word sequence in the shapes names and texts use, always in the same order
    (so the old and the new name's spellings pair up shape by shape)."""
    low = [w.lower() for w in words]
    cap = [w[:1].upper() + w[1:] for w in low]
    return [
        ("".join(cap), True),
        (" ".join(cap), True),
        (" ".join([cap[0], *low[1:]]), True),
        *((sep.join(low), False) for sep in ("", " ", "-", "_")),
    ]


class EntityRenamer:
    """Rewrites text that spells an entity's old name (singular or plural) with its new name."""

    def __init__(self, old_name: str, old_plural: str, new_name: str, new_plural: str) -> None:
        pairs: dict[str, str] = {}
        for old_words, new_words in (
            (old_plural.split("_"), new_plural.split("_")),
            (_pascal_words(old_name), _pascal_words(new_name)),
        ):
            for (old, capital), (new, _) in zip(_spellings(old_words), _spellings(new_words), strict=True):
                pairs.setdefault(old, new)
                if not capital and old[:1].isalpha():
                    pairs.setdefault(old[:1].upper() + old[1:], new[:1].upper() + new[1:])
        self.pairs = pairs
        alternatives = "|".join(re.escape(old) for old in sorted(pairs, key=len, reverse=True))
        # not inside a longer lower-case word; a capital may follow a lower-case letter (camel case)
        self.pattern = re.compile(rf"(?:(?<![A-Za-z0-9])|(?<=[a-z0-9])(?=[A-Z]))(?:{alternatives})(?![a-z])")

    def text(self, value: str) -> str:
        return self.pattern.sub(lambda m: self.pairs[m.group(0)], value)

    def element(self, element: Element) -> Element:
        return element.model_copy(
            update={
                "id": self.text(element.id),
                "label": self.text(element.label),
                "binds": self.text(element.binds) if element.binds else None,
                "target": self.text(element.target) if element.target else None,
            }
        )
