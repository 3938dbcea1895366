"""What each feature kind must observably do, in one or two sentences a browser test can check, and the pages
that carry it.

The sentences name the feature's own entity and field ("Choosing a status in the filter lists only the tasks
with that status"), so the acceptance criteria of a spec read as the request's app, not as a generic one.
"""

from __future__ import annotations

import re

from ....appspec import Entity, FeatureKind

_SENTENCES: dict[FeatureKind, tuple[str, ...]] = {
    "crud": (
        "Adding a {one} with the form shows it in the {many} list.",
        "Editing a {one} saves the change, and deleting it removes it from the list.",
    ),
    "search": ("Typing part of a {one}'s {field} in the search box lists only the matching {many}.",),
    "filter": ("Choosing a {field} in the filter lists only the {many} with that {field}.",),
    "sort": ("Sorting by {field} orders the {many} list by {field}, and sorting again reverses the order.",),
    "status_toggle": (
        "Marking a {one} as {field} shows it as {field} in the {many} list.",
        "The {field} state of a {one} is kept after a reload.",
    ),
    "validation": ("Saving the {one} form with a required field empty shows an error and stores nothing.",),
    "detail": ("Opening a {one} from the list shows all of its fields.",),
    "relation": ("A {one} can be linked to a {field} when it is created, and the {field} lists its {many}.",),
    "auth": (
        "Signing up and then signing in opens the app as that user.",
        "Signing out and reloading asks to sign in again.",
    ),
    "dashboard": ("The dashboard shows how many records of each kind the app holds, with a chart.",),
    "calendar": ("Each {one} appears on the calendar on its {field}.",),
    "kanban": ("The board shows one column per {field}; moving a {one} to another column changes its {field}.",),
    "cart": ("Adding a {one} to the cart shows it in the cart with its quantity and the cart total.",),
    "orders": ("Checking out creates an order with its items and total, listed among the orders.",),
    "reviews": ("A review with a rating from 1 to 5 added to a {one} is shown with it, with the average rating.",),
    "comments": ("A comment added to a {one} is shown with it.",),
    "favorites": ("Marking a {one} as a favourite lists it among the favourites, and unmarking it removes it.",),
    "upload": ("Uploading a file for a {one} stores it and shows it with the {one}.",),
    "csv_export": ("Exporting downloads a CSV file with a header row and one row per {one}.",),
    "csv_import": ("Importing a CSV file with one {one} per row adds those {many} to the list.",),
    "notifications": ("Adding, changing or deleting a {one} shows a notification.",),
    "live_feed": ("A {one} added in one browser appears in another open browser without a reload.",),
    "map": ("Each {one} with a latitude and a longitude is shown as a marker on the map.",),
    "poll": ("Voting for a {one} adds one vote to it and shows the updated vote counts.",),
    "quiz": ("Submitting the answers shows the score: how many answers were correct.",),
    "timer": ("Starting the timer counts down to zero and shows the time left.",),
    "random_draw": ("Drawing picks one {one} at random and stores the result in the draw history.",),
    "text_storage": ("Every {one} saved is written as one line of its text file and read back after a restart.",),
    "custom": (),
}
# Kinds shown on a page of their own when the app has one; the rest live on the entity's list page.
_OWN_PAGE: dict[FeatureKind, str] = {"dashboard": "Dashboard", "auth": "Login", "live_feed": "LiveFeed"}


def _words(identifier: str) -> str:
    return identifier.replace("_", " ")


def acceptance_for(kind: FeatureKind, entity: Entity | None, field: str | None, clause: str = "") -> list[str]:
    """The feature's acceptance criteria; a ``custom`` feature keeps the request's own words for it."""
    if kind == "custom":
        return [f"As requested: {clause.strip().rstrip('.')}."] if clause.strip() else []
    one = " ".join(_split_pascal(entity.name)).lower() if entity else "record"
    many = _words(entity.plural) if entity else "records"
    target = _words(field.removesuffix("_id")) if field else "field"
    sentences = [s.format(one=one, many=many, field=target) for s in _SENTENCES[kind]]
    return [re.sub(r"\b([Aa]) (?=[aeiouAEIOU])", r"\1n ", s) for s in sentences]


def _split_pascal(name: str) -> list[str]:
    out: list[str] = []
    for char in name:
        if char.isupper() or not out:
            out.append(char)
        else:
            out[-1] += char
    return out


def pages_for(kind: FeatureKind, entity: Entity | None, components: list[str]) -> list[str]:
    """The components that carry a feature of ``kind`` over ``entity``: its own page, else the entity's."""
    own = _OWN_PAGE.get(kind)
    if own and own in components:
        return [own]
    if entity is None:
        return [components[0]] if components else []
    wanted = [f"{entity.name}List", f"{entity.name}Form"] if kind in ("crud", "validation", "relation") else []
    wanted = wanted or [f"{entity.name}List"]
    found = [c for c in wanted if c in components]
    return found or ([f"{entity.name}Form"] if f"{entity.name}Form" in components else components[:1])
