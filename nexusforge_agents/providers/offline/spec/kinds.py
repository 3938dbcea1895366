"""Feature kinds: which implementation in the feature library a requested feature is.

A feature's words say what it is: "Mark tasks complete" toggles a status, "Sort products by price" sorts,
"Add to cart" is a cart. The first matching rule wins, most specific first, so "Search and filter by genre"
is a filter (the search box comes with every list page anyway) and "Manage orders" is orders, not plain CRUD.
A feature no rule recognises is ``custom``: the coder then reports it as not built rather than pretend.
"""

from __future__ import annotations

import re

from ....appspec import FeatureKind


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# Checked in this order; the first that matches names the kind.
KIND_RULES: tuple[tuple[FeatureKind, re.Pattern[str]], ...] = (
    (
        "status_toggle",
        _rx(
            r"\bmark\w*\b.{0,40}\b(complete|completed|done|finished|read|paid|resolved)\b|\btoggl\w*|"
            r"\bcheck(ed|ing)? off\b|\bcomplet\w* (tasks?|items?|todos?|chores?|goals?|habits?)\b"
        ),
    ),
    ("kanban", _rx(r"\bkanban\b|\bboards? (with|of) columns\b|\bcolumns? (for|per|by) (status|stage)\b")),
    ("calendar", _rx(r"\bcalendars?\b|\bagenda\b|\b(daily|weekly|monthly) views?\b|\bdate views?\b")),
    ("map", _rx(r"\bmaps?\b|\bmapping\b|\bmarkers?\b|\bgeolocat\w*|\bon an? (interactive )?map\b")),
    ("cart", _rx(r"\b(shopping )?(carts?|baskets?)\b")),
    ("orders", _rx(r"\bcheck ?outs?\b|(?<!in )\borders?\b(?! to\b)|\bpurchas\w*|\bbuy(ing|s)?\b")),
    ("quiz", _rx(r"\bquiz\w*|\btrivia\b|\bexams?\b|\bscor(e|es|ed|ing) (the )?answers?\b")),
    ("poll", _rx(r"\bpolls?\b|\bpolling\b|\bvot(e|es|ed|ing)\b|\bsurveys?\b")),
    ("timer", _rx(r"\btimers?\b|\bcount ?downs?\b|\bstopwatch\w*|\bpomodoro\b")),
    (
        "random_draw",
        _rx(
            r"\brandom\w*|\blotter(y|ies)\b|\braffles?\b|\b(prize|lucky|spinning) wheels?\b|"
            r"\bspin(ning)? (the |a )?wheels?\b|\bdraw(s|ing)? (a |the )?(winners?|prizes?|lots?|names?)\b"
        ),
    ),
    ("reviews", _rx(r"\breviews?\b|\breviewing\b|\bratings?\b|\brat(e|es|ing)\b|\bstar ratings?\b")),
    ("comments", _rx(r"\bcomment\w*|\brepl(y|ies|ying)\b|\bcondolences?\b|\bguest ?books?\b")),
    ("favorites", _rx(r"\bfavou?rit\w*|\bbookmark\w*|\bwish ?lists?\b|\bsaved? (items?|for later)\b")),
    ("upload", _rx(r"\bupload\w*|\battach\w*")),
    ("csv_export", _rx(r"\bexport\w*|\bdownload\w* .{0,30}\b(csv|spreadsheet|excel)\b")),
    ("csv_import", _rx(r"\bimport\w*|\bbulk upload\w*")),
    ("notifications", _rx(r"\bnotif\w*|\balerts?\b|\breminders?\b|\bremind\w*")),
    ("live_feed", _rx(r"\blive\b|\breal[- ]?time\b|\bactivity feeds?\b|\bnews ?feeds?\b|\bchat\w*|\bmessag\w*")),
    (
        "dashboard",
        _rx(
            r"\bdashboards?\b|\bcharts?\b|\bgraphs?\b|\bstatistic\w*|\banalytics\b|\bvisuali[sz]\w*|"
            r"\bkpis?\b|\bleaderboards?\b|\bcompar\w*|\bmetrics\b|\binsights?\b"
        ),
    ),
    (
        "auth",
        _rx(
            r"\blog ?ins?\b|\blogging in\b|\bsign(ing)?[ -]?(in|up)\b|\b(user|account) registration\b|"
            r"\bregister (an |a |their |your )?accounts?\b|\bregist\w* (and|or) (log|sign)|"
            r"\baccounts?\b|\bauthenticat\w*|\bpasswords?\b|\buser profiles?\b"
        ),
    ),
    ("filter", _rx(r"\bfilter\w*|\bnarrow\w* down\b|\bbrowse .{0,40}\bby\b|\bgroup(ed|ing)? by\b")),
    ("sort", _rx(r"\bsort\w*|\border(ed|ing)? by\b|\brank\w* by\b")),
    ("search", _rx(r"\bsearch\w*|\bfind(ing)?\b|\blook(ing)? up\b|\blookups?\b|\bquery\b")),
    ("detail", _rx(r"\bdetails? (pages?|views?)\b|\bview (the )?details\b|\bdetailed view\b")),
    ("validation", _rx(r"\bvalidat\w*")),
    ("relation", _rx(r"\bassign\w*|\blink\w* .{0,30}\bto\b")),
    (  # "Send Borrow Requests", "Request Swaps", "Save Recipes", "Open Tickets": these make one
        "crud",
        _rx(
            r"\b(manag|add|creat|edit|delet|remov|updat|post|publish|record|log|submit|book|list|track|store|"
            r"schedul|enter|input|writ|shar|organi[sz]|catalogu?|brows|view|display|showcas|reserv|enrol|"
            r"apply|appli|register|rent|sell|plan|keep|propos|suggest|nominat)\w*|^(send|request|save|offer|open)s?\b"
        ),
    ),
)


def classify(text: str) -> FeatureKind:
    """The kind of feature ``text`` (a feature name or the clause it came from) asks for."""
    return next((kind for kind, pattern in KIND_RULES if pattern.search(text)), "custom")


def kinds_named(text: str) -> list[FeatureKind]:
    """Every kind whose words occur in ``text``, in rule order (for kinds a prompt names outside feature lists)."""
    return [kind for kind, pattern in KIND_RULES if pattern.search(text)]
