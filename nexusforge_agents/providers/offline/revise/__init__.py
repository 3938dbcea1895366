"""The offline revision reader: a follow-up request ("add a due date to tasks", "rename Task to Chore", "make
the primary colour teal", "turn on sign-in") read into a ``SpecDelta``, deterministically, with no model.

The request is cut into clauses (``clauses``); each clause is read by the first reader that recognises it,
most specific first: the switches (sign-in, real-time), the app's name, colours and theme, a page title, an
element label, renames, removals, a new page, a feature of the library, a new field or entity. Each clause's
changes are applied to the spec at once, so a later clause sees what an earlier one made ("add customers ...
and add a phone to customers"), and a clause whose changes do not fit the app becomes a ``not_built`` entry
with the reason, as does a clause no reader recognises. The words the readers share with the first build
(field types, colour names, feature kinds, entity and feature typing) are the spec writer's own
(``providers/offline/spec``).
"""

from __future__ import annotations

from collections.abc import Callable

from ....appspec import AppSpec
from ....errors import InvalidInputError
from ....spec_delta import NotBuiltChange, SetRealtime, SetSignIn, SpecChange, SpecDelta
from ....spec_revision import apply_delta
from .clauses import split_clauses
from .features import capability_feature, read_feature
from .looks import read_app_name, read_colors, read_element_label, read_page_title, read_switch
from .structure import read_add_page, read_add_thing, read_remove, read_rename

__all__ = ["KNOWN_CHANGES", "read_change_request"]

KNOWN_CHANGES = (
    "add, remove or rename an entity or a field (with its type and choices); add or remove a page; add a feature "
    "of the feature library; change colours, theme, the app's name, a page title or an element label; turn "
    "sign-in or real-time updates on or off"
)
Reader = Callable[[AppSpec, str], list[SpecChange] | NotBuiltChange | None]
_READERS: tuple[Reader, ...] = (
    read_switch,
    lambda spec, clause: read_app_name(clause),
    read_page_title,
    read_element_label,
    read_colors,
    read_rename,
    read_remove,
    read_add_page,
    read_feature,
    read_add_thing,
)


def _read_clause(spec: AppSpec, clause: str) -> list[SpecChange] | NotBuiltChange:
    for reader in _READERS:
        outcome = reader(spec, clause)
        if outcome is not None:
            break
    else:
        return NotBuiltChange(request=clause, reason=f"The offline engine makes these changes only: {KNOWN_CHANGES}.")
    if isinstance(outcome, NotBuiltChange):
        return outcome
    switched = [c for c in outcome if isinstance(c, SetSignIn | SetRealtime) and c.enabled]
    if not switched:
        return outcome
    after = apply_delta(spec, SpecDelta(request=clause, changes=outcome))
    extra = [
        change
        for switch in switched
        for change in capability_feature(after, "auth" if isinstance(switch, SetSignIn) else "live_feed")
    ]
    return [*outcome, *extra]


def read_change_request(spec: AppSpec, request: str) -> SpecDelta:
    """The request as a delta of ``spec``: every clause a change or a ``not_built`` entry with the reason."""
    if not isinstance(request, str) or not request.strip():
        raise InvalidInputError("The change request is empty: say what to change, e.g. 'add a due date to tasks'.")
    changes: list[SpecChange] = []
    not_built: list[NotBuiltChange] = []
    current = spec
    for clause in split_clauses(request):
        outcome = _read_clause(current, clause)
        if isinstance(outcome, NotBuiltChange):
            not_built.append(outcome)
            continue
        try:
            current = apply_delta(current, SpecDelta(request=clause, changes=outcome))
        except InvalidInputError as exc:
            not_built.append(NotBuiltChange(request=clause, reason=exc.message))
            continue
        changes += outcome
    return SpecDelta(request=request.strip(), changes=changes, not_built=not_built)
