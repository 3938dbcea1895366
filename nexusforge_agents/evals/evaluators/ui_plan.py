"""Reading a natural-language UI test: what kind of check it asks for, which operations, which things.

The plan depends on the test's text only, never on the app, so the same test is classified the same way in every
run and every engine is held to the same checks. See evals/README.md for the rules in prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from ..dataset import UITest
from .colors import parse_palette
from .text import singular, terms, wordset

Kind = Literal["colour", "not_checkable", "navigation", "auth", "stats", "data"]


def _rx(words: str) -> re.Pattern[str]:
    return re.compile(rf"\b({words})\b", re.IGNORECASE)


# Checks a browser-driving agent or a person must make: playing a game, judging looks or prose, side effects
# outside the app (mail, payments, files, sharing). Matched on the task sentence.
NOT_CHECKABLE: dict[str, re.Pattern[str]] = {
    "game play": _rx(r"play(ing)?|tiles?|chessboard|game over|revive|legal move|undo|resign\w*|round of|drag\w*"),
    "visual judgement": _rx(
        r"cartoon\w*|visual design|appeal\w*|responsive\w*|mobile|animat\w+|carousel|syntax highlight\w*|clarity"
        r"|relevance|relevant|readab\w+|intuitive|aesthetic\w*|fonts?|themes?|accuracy of content|appearance"
    ),
    "outside the app": _rx(
        r"e-?mails?|sms|whats ?app|shar(e|es|ing)|shareable|copy(ing)?|download\w*|upload\w*|print\w*|export\w*"
        r"|pdf|payments?|pay|checkout|chatbot|audio|videos?|listen\w*|watch\w*|live preview|preview|maps?"
    ),
}
_NAVIGATION = _rx(r"navigat\w*|nav ?bar|menu|links?|sections?|homepage|home page|buttons?|back to|pages?")
_NAV_ONLY = _rx(r"between|through|each|all (the )?(sections|pages|buttons)|every")
_NAV_STRONG = _rx(r"navigat\w*|nav ?bar|menu|sections")
_AUTH = _rx(r"log ?in|logins?|sign ?in|sign ?up|registration|register\w*|logged[- ]in|credentials|password|accounts?")
_STATS = _rx(r"charts?|graphs?|statistic\w*|analytics|visuali[sz]\w*|comparison|compare|kpis?")
# Asking the app to work something out (a generated report, a match, a conversion): CRUD storage and counts show
# the data is kept, not that the computation happens, so such a test is at most PARTIAL.
COMPUTED = _rx(
    r"generat\w+|calculat\w+|convert\w*|recommend\w*|match\w*|algorithm|automatic\w*|summar\w+|analy[sz]\w+"
    r"|compar\w+|consolidat\w+|predict\w*|simulat\w+|merg\w+|reports?"
)
_REALTIME = _rx(r"real[- ]?time|live|instant\w*")
OPERATIONS: dict[str, re.Pattern[str]] = {
    "validation": _rx(r"invalid|incomplete|incorrect|validation|errors?|missing|empty|wrong|warnings?"),
    "search": _rx(r"search\w*|find|look up|query|keywords?"),
    "filter": _rx(r"filter\w*|by category|by type|categor(y|ies)"),
    "sort": _rx(r"sort\w*|order by|reorder\w*"),
    "create": _rx(
        r"add\w*|create\w*|submit\w*|post(ing)?|publish\w*|book(ing)?|apply\w*|place|record|input\w*|enter\w*"
        r"|write|reply\w*|respond\w*|comment\w*|review\w*|rat(e|ing)|send\w*|schedul\w+|join\w*|new|make|fill\w*"
        r"|complete|submission|application|generat\w+|start\w*"
    ),
    "update": _rx(r"edit\w*|updat\w+|modif\w+|chang\w+|mark(s|ed|ing)?|renam\w+|adjust\w*|renew\w*|transfer\w*"),
    "delete": _rx(r"delet\w+|remov\w+|cancel\w*"),
    "read": _rx(r"view\w*|brows\w+|list\w*|display\w*|see|show\w*|access\w*|check|open\w*|select\w*|detail\w*"),
}
_HOW = ("validation", "search", "filter", "sort", "update", "delete", "read")
# Verbs of the create pattern; its nouns (post, comment, review, booking, record ...) can name a resource.
CREATE_VERBS = wordset(
    "add added adding create creating submit enter input make fill complete generate start place write send"
)
_QUOTED = re.compile(r"[\"“”]([^\"“”]{2,40})[\"“”]|'([A-Z][^']{1,40})'")
_PAGE_FILLER = wordset("page section button tab link the us our a an")
# Words that say how the test moves around the app, not what it is about.
NAV_WORDS = wordset("navigation navigate bar nav link section homepage back button click menu access")


@dataclass
class TaskPlan:
    kind: Kind
    operations: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    expected_terms: list[str] = field(default_factory=list)
    needs_auth: bool = False
    needs_realtime: bool = False
    computed: bool = False
    why: str = ""


def plan_task(test: UITest) -> TaskPlan:
    task = test.task
    if parse_palette(task) and re.search(r"colou?r|background", task, re.IGNORECASE):
        return TaskPlan("colour", why="palette requirement")
    for why, pattern in NOT_CHECKABLE.items():
        if match := pattern.search(task):
            return TaskPlan("not_checkable", why=f"{why} ('{match.group(0)}')")
    # words that only say how to probe (search, empty, invalid ...) are not things the app must name
    how = {w for op in _HOW for m in OPERATIONS[op].finditer(task) for w in terms(m.group(0))} | CREATE_VERBS
    words = [t for t in terms(task) if t not in how]
    expected = [t for t in terms(test.expected_result) if t not in NAV_WORDS and t not in how and t not in words]
    ops = [op for op, pattern in OPERATIONS.items() if pattern.search(task)]
    needs_auth = bool(_AUTH.search(task))
    realtime = bool(_REALTIME.search(task))
    computed = bool(COMPUTED.search(task))
    nav_only = _NAV_STRONG.search(task) and _NAV_ONLY.search(task)
    if _NAVIGATION.search(task) and (not ops or nav_only) and not needs_auth:
        named = [w for groups in _QUOTED.findall(task) for w in [_page_word("".join(groups))] if w]
        sections = [w for w in words if w not in NAV_WORDS]
        return TaskPlan("navigation", terms=list(dict.fromkeys(named + sections)))
    if _STATS.search(task) and not {"create", "update", "delete", "validation"} & set(ops):
        return TaskPlan("stats", ["stats"], words, expected, needs_realtime=realtime, computed=computed)
    auth_words = {"login", "log", "sign", "registration", "register", "account", "credential", "password", "user"}
    if needs_auth and not [w for w in words if w not in auth_words]:
        return TaskPlan("auth", operations=["auth"], terms=words, needs_auth=True)
    return TaskPlan(
        "data",
        operations=ops or ["read"],
        terms=words,
        expected_terms=expected,
        needs_auth=needs_auth,
        needs_realtime=realtime,
        computed=computed,
    )


def _page_word(quoted: str) -> str | None:
    """The word a quoted page name ("About Us", "Contact Us page") must be found by."""
    found = [w for w in re.findall(r"[a-z]+", quoted.lower()) if w not in _PAGE_FILLER]
    return singular(found[0]) if found else None
