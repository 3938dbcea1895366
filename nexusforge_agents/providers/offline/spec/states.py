"""The states a request gives a thing: the decisions taken on it ("the owner can accept or decline each request"
gives a request the status pending, accepted or declined) and the path it is moved along ("change the status
from open to pending to resolved")."""

from __future__ import annotations

from .naming import Token

# A verb that decides a thing's fate, the state it leaves the thing in, and the other way the decision goes.
_DECISIONS = {
    "accept": ("accepted", "declined"),
    "decline": ("declined", "accepted"),
    "approve": ("approved", "rejected"),
    "reject": ("rejected", "approved"),
    "confirm": ("confirmed", ""),
    "cancel": ("cancelled", ""),
    "resolve": ("resolved", ""),
}
_ORDER = ["pending", "accepted", "approved", "confirmed", "resolved", "declined", "rejected", "cancelled"]
_STEP = frozenset({"to", "then", "->", "→"})


def decision_states(verbs: list[str]) -> list[str]:
    """ "accept or decline" -> pending, accepted, declined; "approve" -> pending, approved, rejected; [] unless
    every verb decides and the decision has two ways to go."""
    if not verbs or any(v not in _DECISIONS for v in verbs):
        return []
    states = ["pending"]
    for verb in verbs:
        for state in _DECISIONS[verb]:
            if state and state not in states:
                states.append(state)
    return sorted(states, key=_ORDER.index) if len(states) >= 3 else []


def status_path(tokens: list[Token], i: int) -> list[str]:
    """The states after "from" at ``i``: "from open to pending to resolved" -> open, pending, resolved."""
    if i >= len(tokens) or tokens[i].low != "from":
        return []
    states: list[str] = []
    j = i + 1
    while j < len(tokens) and tokens[j].is_word:
        states.append(tokens[j].low)
        if j + 1 >= len(tokens) or tokens[j + 1].low not in _STEP:
            break
        j += 2
        while j < len(tokens) and tokens[j].low in _STEP:
            j += 1
    return states if len(states) >= 2 else []
