"""Cutting a change request into clauses, one change each, and the shapes every clause reader shares.

"Add a due date to tasks and make the primary colour teal; call the app Chores" is three changes. A request is
cut at sentence ends, semicolons and at "and" / "then" / a comma when a change verb follows; "choices low,
medium and high" stays whole because no change verb follows its "and".
"""

from __future__ import annotations

import re

CHANGE_VERBS = (
    r"add|remove|delete|drop|rename|call|name|make|change|set|turn|switch|enable|disable|use|let|allow|give|"
    r"put|title|label|relabel|get rid of|take out|include|show|store|track|keep|create|also"
)
_CUT = re.compile(
    rf"(?:[.;!?]\s+|\n+|,?\s+(?:and\s+)?then\s+|,\s+(?:and\s+)?(?=(?:{CHANGE_VERBS})\b)|\s+and\s+(?=(?:{CHANGE_VERBS})\b))",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"[\"“]([^\"”]{1,200})[\"”]|(?<![A-Za-z])['‘]([^'’]{1,200}?)['’](?![A-Za-z])")
_POLITE = re.compile(
    r"^(?:please\s+|(?:can|could|would)\s+you\s+|i\s+(?:want|need|would like)\s+(?:you\s+)?to\s+|also\s+|now\s+|"
    r"then\s+)+",
    re.IGNORECASE,
)


def split_clauses(request: str) -> list[str]:
    """The request's clauses, trimmed, without "please" and a closing full stop."""
    parts = [_POLITE.sub("", p.strip()).strip().rstrip(".!?").strip() for p in _CUT.split(request.strip())]
    return [p for p in parts if p]


def quoted(clause: str) -> list[str]:
    """Texts the clause puts in quotes, in order."""
    return [(m.group(1) or m.group(2)).strip() for m in _QUOTED.finditer(clause)]


def unquote(text: str) -> str:
    return text.strip().strip("\"“”'‘’").strip()
