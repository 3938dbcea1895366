"""Field typing from names, and the typical fields of things apps commonly store.

A field's type is read from its words, the way a developer would guess it: ``price`` is a float, ``due_date`` a
date, ``is_paid`` a boolean. The catalogue of typical fields fills in what a prompt leaves unsaid about a thing
it names ("manage barbers" says nothing about a barber's phone number).
"""

from __future__ import annotations

from ....schemas import EntityField, FieldType
from .lexicon import words
from .naming import safe_field_name, singular, words_of

_FLOAT = words(
    """price prices amount amounts cost costs salary budget balance total fee fees revenue expense expenses weight
    height distance value limit payment deposit income rate km kilometers kilometres miles kg kilograms grams pounds
    lbs liters litres euros dollars"""
)
_INTEGER = words(
    """count quantity qty capacity age year rank ranking score points rating seats seat servings calories reps sets
    votes likes views minutes hours days bedrooms bathrooms sqft level stock inventory number size threshold mileage
    odometer pages spots credits"""
)
_DATE = words("date deadline due birthday dob day")
_DATETIME = frozenset(["time", "timestamp", "datetime", "schedule"])
_EMAIL = frozenset(["email", "mail"])
_URL = words("""url link links website homepage photo photos image images picture pictures avatar thumbnail file""")
_TEXT = words(
    """description content notes note body bio summary details comment comments message text instructions review
    feedback answer trends information data biography requirements terms reason address ingredients"""
)
_BOOLEAN_WORDS = words(
    """completed done active enabled published paid verified archived featured anonymous resolved approved
    available returned confirmed read pinned"""
)
_NOT_INTEGER_PHRASES = frozenset({"skill_level", "difficulty_level", "level_name", "stock", "size"})


def infer_type(name: str) -> FieldType:
    """The type a field's name implies; "string" when nothing in it says otherwise."""
    if "_per_" in name:  # "price_per_hour" is a price
        return infer_type(name.split("_per_")[0])
    words = name.split("_")
    last = words[-1]
    if words[0] in ("is", "has", "can", "allow") or name in _BOOLEAN_WORDS:
        return "boolean"
    if last in _EMAIL or "email" in words:
        return "email"
    if last in _URL:
        return "url"
    if last == "at" or last in _DATETIME:
        return "datetime"
    if last in _DATE or last == "on" or "date" in words:
        return "date"
    if last in _FLOAT:
        return "float"
    if name.startswith("number_of") or (last in _INTEGER and name not in _NOT_INTEGER_PHRASES):
        return "integer"
    if last in _TEXT:
        return "text"
    return "string"


def make_field(words: list[str], *, choices: list[str] | None = None, required: bool = False) -> EntityField | None:
    name = safe_field_name(words)
    if name is None:
        return None
    kind: FieldType = "string" if choices else infer_type(name)
    if name in ("name", "title", "email"):
        required = True
    return EntityField(name=name, type=kind, required=required, choices=choices or None)


# head noun -> typical fields, most important first; "name:type" with the type read from the name otherwise.
TYPICAL_FIELDS: dict[str, tuple[str, ...]] = {
    "product": ("name", "price", "description", "stock_quantity", "category", "image_url"),
    "order": ("customer_name", "customer_email", "total", "status", "order_date"),
    "purchase order": ("order_date", "status", "total", "notes"),
    "customer": ("name", "email", "phone", "company", "notes"),
    "client": ("name", "email", "phone", "notes"),
    "lead": ("name", "email", "company", "status", "source", "notes"),
    "contact": ("name", "email", "phone", "company"),
    "deal": ("title", "amount", "stage", "close_date"),
    "task": ("title", "description", "status", "priority", "due_date", "completed"),
    "project": ("name", "description", "status", "start_date", "deadline"),
    "message": ("content", "sender", "recipient", "sent_at"),
    "post": ("title", "content", "author", "category"),
    "comment": ("author", "content", "rating"),
    "reply": ("author", "content"),
    "article": ("title", "content", "author", "category", "published_on"),
    "event": ("title", "description", "date", "location", "capacity"),
    "ticket": ("route", "departure_date", "seat", "price", "status"),
    "issue": ("subject", "description", "status", "priority", "assignee"),
    "booking": ("customer_name", "customer_email", "date", "status", "notes"),
    "appointment": ("client_name", "client_email", "date", "time", "status"),
    "reservation": ("guest_name", "party_size", "date", "time", "status"),
    "service": ("name", "description", "price", "duration_minutes"),
    "course": ("title", "description", "instructor", "duration_hours", "price"),
    "lesson": ("title", "content", "position"),
    "student": ("name", "email", "program", "enrolled_on"),
    "job": ("title", "company", "location", "salary", "description", "deadline"),
    "internship": ("title", "company", "location", "duration_weeks", "deadline"),
    "application": ("applicant_name", "applicant_email", "status", "submitted_on", "notes"),
    "company": ("name", "industry", "website", "location"),
    "property": ("title", "address", "price", "bedrooms", "bathrooms", "status"),
    "recipe": ("title", "ingredients", "instructions", "prep_minutes", "servings", "cuisine"),
    "workout": ("name", "date", "duration_minutes", "calories", "notes"),
    "exercise": ("name", "sets", "reps", "weight"),
    "transaction": ("description", "amount", "category", "date", "status"),
    "budget": ("category", "limit_amount", "month"),
    "expense": ("description", "amount", "category", "date"),
    "payment": ("payer", "amount", "method", "status", "paid_on"),
    "invoice": ("number", "customer_name", "amount", "due_date", "is_paid"),
    "book": ("title", "author", "isbn", "published_year", "available"),
    "loan": ("book_title", "borrower", "due_date", "returned"),
    "trip": ("destination", "start_date", "end_date", "budget", "notes"),
    "destination": ("name", "country", "description"),
    "attraction": ("name", "country", "city", "description", "rating"),
    "campsite": ("name", "country", "city", "price", "rating"),
    "hotel": ("name", "city", "price", "rating"),
    "game": ("title", "status", "player_count", "started_at"),
    "player": ("name", "score", "rank"),
    "room": ("name", "status", "capacity"),
    "document": ("title", "content", "file_url", "category"),
    "resource": ("name", "description", "link", "category"),
    "report": ("title", "summary", "period", "generated_on"),
    "stock": ("code", "name", "price", "sector"),
    "policy": ("title", "category", "description", "effective_date"),
    "claim": ("claim_number", "policy_number", "amount", "status", "filed_on"),
    "promotion": ("title", "description", "discount", "store", "expires_on"),
    "question": ("title", "body", "author", "category"),
    "answer": ("content", "author", "rating"),
    "link": ("title", "url", "position"),
    "diagram": ("title", "diagram_type", "description"),
    "tool": ("name", "description", "price", "category"),
    "band": ("name", "genre", "bio", "website"),
    "advertisement": ("title", "content", "link", "advertiser"),
    "driver": ("name", "email", "phone", "license_number"),
    "barber": ("name", "phone", "specialty"),
    "group": ("name", "description", "topic"),
    "profile": ("display_name", "bio", "photo_url", "location"),
    "case": ("title", "client_name", "status", "opened_on", "description"),
    "material": ("name", "quantity", "unit", "unit_cost"),
    "domain": ("name", "price", "status", "expires_on"),
    "employee": ("name", "email", "department", "position"),
    "supplier": ("name", "email", "phone"),
    "item": ("name", "sku", "quantity", "unit_price", "location"),
    "review": ("author", "rating", "comment"),
    "category": ("name", "description"),
    "notification": ("title", "message", "is_read"),
    "obituary": ("full_name", "date_of_birth", "date_of_death", "biography"),
    "condolence": ("author", "message"),
    "ringtone": ("title", "category", "file_url", "download_count"),
    "wallpaper": ("title", "category", "image_url", "download_count"),
    "metric": ("name", "value", "category", "recorded_on"),
    "patient": ("name", "date_of_birth", "email", "phone", "notes"),
    "doctor": ("name", "specialty", "email"),
    "menu": ("name", "description", "price", "category"),
    "menu item": ("name", "description", "price", "category", "available"),
    "visit": ("patient_name", "doctor", "date", "reason"),
    "attendee": ("name", "email", "event_title"),
    "enrollment": ("student_name", "student_email", "course_title", "enrolled_on"),
    "channel": ("name", "topic"),
    "thread": ("title", "author", "category"),
    "member": ("name", "email", "joined_on"),
    "shirt": ("model", "fabric", "size", "price"),
    "food": ("name", "calories", "protein", "serving_size"),
    "skill": ("name", "level"),
    "team": ("name", "description"),
    "race": ("name", "description"),
    "sale": ("product", "quantity", "amount", "date"),
    "hour": ("date", "hours", "description"),
    "sheet": ("title", "amount", "date"),
    "office": ("name", "location", "phone"),
    "topic": ("name", "description"),
    "tile": ("value", "position"),
    "partner": ("name", "age", "location", "bio"),
}

# Nouns whose main label is a title rather than a name.
_TITLED = words("post article report task event job document case question advertisement policy")
_CHOICES: dict[str, dict[str, list[str]]] = {
    "task": {"status": ["todo", "in_progress", "done"], "priority": ["low", "medium", "high"]},
    "order": {"status": ["pending", "paid", "shipped", "delivered", "cancelled"]},
    "purchase order": {"status": ["draft", "ordered", "received", "cancelled"]},
    "application": {"status": ["submitted", "reviewing", "accepted", "rejected"]},
    "appointment": {"status": ["requested", "confirmed", "completed", "cancelled"]},
    "booking": {"status": ["pending", "confirmed", "cancelled"]},
    "reservation": {"status": ["pending", "confirmed", "cancelled"]},
    "deal": {"stage": ["new", "qualified", "proposal", "won", "lost"]},
    "lead": {"status": ["new", "contacted", "qualified", "converted", "lost"]},
    "ticket": {"status": ["available", "reserved", "sold"]},
    "issue": {"status": ["open", "in_progress", "resolved", "closed"], "priority": ["low", "medium", "high"]},
    "game": {"status": ["waiting", "in_progress", "finished"]},
    "property": {"status": ["for_sale", "for_rent", "sold"]},
    "claim": {"status": ["filed", "in_review", "approved", "rejected"]},
    "case": {"status": ["open", "in_progress", "closed"]},
    "project": {"status": ["planned", "active", "completed"]},
}


# A noun with two common senses: the words of the request that mean the second one, and its catalogue entry.
_SENSES: dict[str, tuple[frozenset[str], str]] = {
    "ticket": (words("support helpdesk desk issue issues bug bugs incident incidents priority agent agents"), "issue"),
}


def with_typical_choices(head: str, made: EntityField) -> EntityField:
    """A text field the request named without options gets its thing's usual ones (a task's priority: low, medium,
    high), as the typical fields do."""
    choices = _CHOICES.get(head, {}).get(made.name)
    if made.choices or made.type != "string" or not choices:
        return made
    return made.model_copy(update={"choices": list(choices)})


def typical_fields(phrase: str, context: frozenset[str] = frozenset()) -> list[EntityField]:
    """Typical fields for a noun phrase, in the sense the request's words (``context``) give it ("tickets" of a
    helpdesk are issues, not train tickets); a label plus a description when the catalogue does not know it."""
    head = singular(phrase.split()[-1])
    cues, sense = _SENSES.get(head, (frozenset(), head))
    if cues & context:
        phrase = head = sense
    names = TYPICAL_FIELDS.get(phrase) or TYPICAL_FIELDS.get(head)
    if names is None:
        names = ("title" if head in _TITLED else "name", "description")
    out = []
    for i, name in enumerate(names):
        choices = (_CHOICES.get(phrase) or _CHOICES.get(head, {})).get(name)
        made = make_field(words_of(name), choices=choices, required=i == 0)
        if made is not None:
            out.append(made)
    return out
