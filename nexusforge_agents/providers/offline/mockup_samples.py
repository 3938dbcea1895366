"""Plausible, deterministic sample data for wireframes: values chosen by field type and name, seeded by the spec.

Every generator takes a ``random.Random`` seeded from a hash of the spec's name and the thing being drawn, so
the same spec always shows the same rows, numbers and charts, and different apps look different.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date, timedelta

from ...schemas import AppSpec, Entity, EntityField

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_FIRST = ["Ava", "Liam", "Maya", "Noah", "Zoe", "Ethan", "Iris", "Omar", "Lena", "Kai", "Sofia", "Theo"]
_LAST = ["Patel", "Nguyen", "Garcia", "Kim", "Okafor", "Rossi", "Novak", "Silva", "Berg", "Chen"]
_ADJ = ["Classic", "Quick", "Golden", "Summer", "Fresh", "Smart", "Urban", "Daily", "Bright", "Cozy", "Prime"]
_NOUN = ["Plan", "Guide", "Special", "Edition", "Series", "Project", "Notes", "Collection", "Launch", "Review"]
_WORDS = ["Notes", "Draft", "Update", "Summary", "Basics", "Essentials", "Picks", "Favourite"]
_SENTENCES = [
    "A short description of this {noun}, what it is for and who it helps.",
    "Notes added after the last review; ready to share with the team.",
    "Works well for beginners and takes only a few minutes to set up.",
    "Updated with clearer steps and a couple of helpful tips for other {plural}.",
    "Tested twice this week with great results; more photos coming soon.",
]
_CITIES = ["Lisbon", "Austin", "Osaka", "Berlin", "Toronto", "Nairobi", "Melbourne", "Denver", "Seoul"]
_COMPANIES = ["Acme Corp", "Globex", "Initech", "Umbrella Ltd", "Stark Labs", "Wayne Co", "Hooli"]
_STATUS = ["Active", "Pending", "Done", "Draft", "In review"]
_CATEGORY = ["General", "Featured", "Popular", "New", "Seasonal"]
_COLORS = ["Red", "Teal", "Navy", "Olive", "Coral", "Slate"]
_PERSON_FIELDS = ("author", "owner", "customer", "assignee", "user", "contact", "member", "host", "client")
_PERSON_ENTITIES = ("User", "Customer", "Member", "Contact", "Employee", "Author", "Client", "Patient", "Student")
_MONEY = ("price", "cost", "amount", "total", "budget", "salary", "revenue", "balance", "fee", "value")
EPOCH = date(2025, 1, 6)


def seeded(spec: AppSpec, *keys: str) -> random.Random:
    digest = hashlib.sha256("|".join((spec.name, *keys)).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def humanize(name: str) -> str:
    """'prep_time' -> 'Prep Time'; 'RecipeList' stays as it is."""
    return " ".join(word[:1].upper() + word[1:] for word in name.split("_"))


def split_words(name: str) -> str:
    """'RecipeList' -> 'Recipe List'."""
    out = ""
    for index, char in enumerate(name):
        if char.isupper() and index and not name[index - 1].isupper():
            out += " "
        out += char
    return out


def plural_words(entity: Entity) -> str:
    return entity.plural.replace("_", " ")


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


def _has(name: str, words: tuple[str, ...]) -> bool:
    return any(word in name for word in words)


def _integer(name: str, rng: random.Random) -> str:
    if _has(name, ("rating", "stars", "score", "priority", "level")):
        return str(rng.randint(1, 5))
    if "year" in name:
        return str(rng.randint(2018, 2025))
    if "age" in name.split("_"):
        return str(rng.randint(18, 72))
    if _has(name, ("minute", "time", "duration", "length")):
        return str(rng.choice([5, 10, 15, 20, 30, 45, 60, 90]))
    if _has(name, ("serving", "seat", "guest", "people", "capacity")):
        return str(rng.randint(1, 12))
    if _has(name, ("quantity", "qty", "stock", "count", "number")):
        return str(rng.randint(0, 250))
    return str(rng.randint(1, 999))


def _decimal(name: str, rng: random.Random) -> str:
    if _has(name, _MONEY):
        return f"${rng.uniform(4, 480):,.2f}"
    if _has(name, ("rating", "score")):
        return f"{rng.uniform(2.5, 5):.1f}"
    if _has(name, ("percent", "rate", "ratio")):
        return f"{rng.uniform(1, 99):.1f}%"
    if _has(name, ("weight", "kg")):
        return f"{rng.uniform(0.5, 90):.1f} kg"
    return f"{rng.uniform(1, 500):.2f}"


def _string(entity: Entity, name: str, rng: random.Random, row: int) -> str:
    if _has(name, _PERSON_FIELDS) or (name in ("name", "full_name") and entity.name in _PERSON_ENTITIES):
        return _person(rng)
    if name in ("first_name", "last_name"):
        return rng.choice(_FIRST if name == "first_name" else _LAST)
    if "status" in name or name == "state":
        return rng.choice(_STATUS)
    if _has(name, ("category", "type", "genre", "tag", "kind", "cuisine", "department")):
        return rng.choice(_CATEGORY)
    if "phone" in name:
        return f"+1 555-01{rng.randint(10, 99)}"
    if _has(name, ("city", "location", "address", "venue", "place")):
        return rng.choice(_CITIES)
    if _has(name, ("company", "organization", "vendor", "supplier", "brand")):
        return rng.choice(_COMPANIES)
    if _has(name, ("sku", "code", "reference", "number")):
        return f"{entity.name[:3].upper()}-{1000 + row * 17 + rng.randint(0, 9)}"
    if "color" in name or "colour" in name:
        return rng.choice(_COLORS)
    if _has(name, ("title", "name", "subject", "label", "headline")):
        return f"{rng.choice(_ADJ)} {rng.choice(_NOUN)}"
    return f"{rng.choice(_ADJ)} {rng.choice(_WORDS)}"


def sample_value(entity: Entity, field: EntityField, rng: random.Random, row: int = 0) -> str:
    """A display string a real record could hold in this field."""
    name = field.name.lower()
    if field.choices:
        return rng.choice(field.choices)
    match field.type:
        case "boolean":
            return rng.choice(["Yes", "Yes", "No"])
        case "integer":
            return _integer(name, rng)
        case "float":
            return _decimal(name, rng)
        case "date":
            return (EPOCH + timedelta(days=rng.randint(0, 300))).isoformat()
        case "datetime":
            day = EPOCH + timedelta(days=rng.randint(0, 300))
            return f"{day.isoformat()} {rng.randint(8, 19):02d}:{rng.choice(['00', '15', '30', '45'])}"
        case "email":
            return f"{rng.choice(_FIRST).lower()}.{rng.choice(_LAST).lower()}@example.com"
        case "url":
            return f"https://example.com/{entity.plural}/{row + 1}"
        case "text":
            noun = split_words(entity.name).lower()
            return rng.choice(_SENTENCES).format(noun=noun, plural=plural_words(entity))
    return _string(entity, name, rng, row)


def sample_rows(spec: AppSpec, entity: Entity, count: int) -> list[dict[str, str]]:
    rng = seeded(spec, "rows", entity.name)
    return [{f.name: sample_value(entity, f, rng, row) for f in entity.fields} for row in range(count)]


def title_field_name(entity: Entity) -> str | None:
    """The field that names a record: a title/name-like field, else the first plain string field."""
    for field in entity.fields:
        if _has(field.name, ("title", "name", "subject", "label", "headline")):
            return field.name
    return next((f.name for f in entity.fields if f.type == "string" and not f.choices), None)


def record_title(entity: Entity, record: dict[str, str]) -> str:
    name = title_field_name(entity)
    return record[name] if name else f"{split_words(entity.name)} #1"


def series(spec: AppSpec, key: str, points: int = 12) -> list[int]:
    """A gently rising series with noise, e.g. records created per month."""
    rng = seeded(spec, "series", key)
    level = rng.randint(20, 400)
    values = []
    for _ in range(points):
        level = max(1, round(level * rng.uniform(0.92, 1.18)))
        values.append(level)
    return values


def total(spec: AppSpec, entity: Entity) -> int:
    return seeded(spec, "total", entity.name).randint(120, 9800)
