"""The offline spec writer reads the things a request keeps, with the fields, types and choices it spells out,
across domains and phrasings (requests written here, in no dataset and in no word list of the reader).

Each row: a request, then per entity (a name, or alternatives "A|B") the fields a reader would expect, as
``type`` or ``(type, choices)``; ``None`` as the type says only that the field exists. ``refs`` lists the
(entity, referenced entity) links, ``absent`` the entity names that must not appear, ``features`` feature names
the spec must list and ``without`` (entity, field) pairs it must not have.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from nexusforge_agents.providers.offline.spec import extract_spec
from nexusforge_agents.schemas import AppSpec, Entity

Expected = str | None | tuple[str, list[str]]


@dataclass
class Case:
    id: str
    request: str
    entities: dict[str, dict[str, Expected]]
    refs: list[tuple[str, str]] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    features: list[str] = field(default_factory=list)  # feature names the spec lists
    without: list[tuple[str, str]] = field(default_factory=list)  # (entity, field) that must not be there
    not_features: list[str] = field(default_factory=list)  # feature names the spec must not list


CASES = [
    Case(
        "food-bank-shifts",
        "A volunteer shift planner for a food bank: coordinators create shifts with a date, a start time, an end time"
        " and a role (sorting, packing, driving); a dashboard shows how many shifts are filled this week.",
        {"Shift": {"date": "date", "role": ("string", ["sorting", "packing", "driving"])}},
        features=["Create Shifts"],
        not_features=["Sort", "Pack", "Drive"],  # a role's values in brackets, not things to do
    ),
    Case(
        "rehearsal-planner",
        "A rehearsal planner for a small band: members propose rehearsal slots with a date, a room and a status"
        " (proposed, confirmed, cancelled), and keep a setlist of songs with a title, key and length in minutes.",
        {
            "RehearsalSlot|Slot": {
                "date": "date",
                "room": None,
                "status": ("string", ["proposed", "confirmed", "cancelled"]),
            },
            "Song": {"title": "string", "key": "string", "length_minutes": "integer"},
        },
        absent=["Setlist"],
    ),
    Case(
        "studio-classes",
        "A yoga studio site where instructors schedule classes with a capacity and a difficulty level (beginner,"
        " intermediate, advanced), and students sign up for classes.",
        {"Class": {"capacity": "integer", "difficulty_level": ("string", ["beginner", "intermediate", "advanced"])}},
    ),
    Case(
        "recipe-ingredients",
        "A recipe app where each recipe has ingredients with a quantity and a unit.",
        {"Recipe": {"title": "string"}, "Ingredient": {"quantity": None, "unit": "string"}},
        refs=[("Ingredient", "Recipe")],
    ),
    Case(
        "job-board",
        "A job board where employers post jobs with a title, company, salary and location, and applicants apply to"
        " jobs.",
        {"Job": {"title": "string", "company": "string", "salary": "float", "location": "string"}},
        absent=["Board", "JobBoard"],
    ),
    Case(
        "job-board-terse",
        "Create a job board.",
        {"Job": {"title": "string"}},
        absent=["Board", "JobBoard"],
    ),
    Case(
        "event-rsvp",
        "An event invitation app where hosts invite guests to parties and guests RSVP yes, no or maybe.",
        {"Guest": {"rsvp": ("string", ["yes", "no", "maybe"])}},
    ),
    Case(
        "inventory",
        "An inventory app for a hardware store: staff add products with a SKU, a quantity and a reorder level, and"
        " suppliers deliver shipments with a delivery date.",
        {
            "Product": {"sku": "string", "quantity": "integer", "reorder_level": "integer"},
            "Shipment": {"delivery_date": "date"},
        },
    ),
    Case(
        "clinic-appointments",
        "A clinic appointment system where receptionists book appointments with a date, a time and a reason, and"
        " doctors mark appointments as completed.",
        {"Appointment": {"date": "date", "time": "datetime", "reason": None, "completed": "boolean"}},
    ),
    Case(
        "library-loans",
        "A library app where librarians lend books to members; each loan has a due date and a returned flag.",
        {"Book": {"title": "string"}, "Loan": {"due_date": "date", "returned": "boolean"}},
    ),
    Case(
        "fitness-log",
        "A fitness log where I log workouts with a date, a duration in minutes and an intensity (easy, moderate,"
        " hard).",
        {
            "Workout": {
                "date": "date",
                "duration_minutes": "integer",
                "intensity": ("string", ["easy", "moderate", "hard"]),
            }
        },
    ),
    Case(
        "expense-splitting",
        "An app for roommates to split expenses: each expense has an amount, a payer and a category (rent,"
        " groceries, utilities).",
        {"Expense": {"amount": "float", "payer": None, "category": ("string", ["rent", "groceries", "utilities"])}},
    ),
    Case(
        "volunteer-shifts",
        "Volunteer coordinators create shifts with a start time, an end time and a location, and volunteers sign up"
        " for shifts.",
        {"Shift": {"start_time": "datetime", "end_time": "datetime", "location": "string"}},
    ),
    Case(
        "course-enrolment",
        "A school portal where teachers create courses with a title, a term and a room, and students enroll in"
        " courses.",
        {"Course": {"title": "string", "term": None, "room": None}},
    ),
    Case(
        "bug-tracker",
        "A bug tracker where developers report bugs with a severity (low, medium, high, critical) and a status (open,"
        " in progress, fixed, closed), and assign bugs to developers.",
        {
            "Bug": {
                "severity": ("string", ["low", "medium", "high", "critical"]),
                "status": ("string", ["open", "in progress", "fixed", "closed"]),
            }
        },
    ),
    Case(
        "plant-care",
        "Gardeners keep a list of plants with a species, a watering interval in days and a last watered date.",
        {"Plant": {"species": None, "watering_interval_days": "integer", "last_watered_date": "date"}},
        absent=["List"],
    ),
    Case(
        "car-maintenance",
        "Car owners log services with a date, the mileage and a cost.",
        {"Service": {"date": "date", "mileage": "integer", "cost": "float"}},
    ),
    Case(
        "book-club",
        "A book club site where members keep a reading list of books with an author and a page count, and vote on"
        " the next book.",
        {"Book": {"author": "string", "page_count": "integer"}},
    ),
    Case(
        "tutoring-rates",
        "A tutoring platform where tutors offer lessons with a subject, a price per hour and a level (school,"
        " college).",
        {"Lesson": {"subject": None, "price_per_hour": "float", "level": ("string", ["school", "college"])}},
    ),
    Case(
        "choir-repertoire",
        "An app for a choir: members sign up for concerts and keep a repertoire of songs with a composer and a"
        " difficulty (easy, medium, hard).",
        {"Concert": {}, "Song": {"composer": "string", "difficulty": ("string", ["easy", "medium", "hard"])}},
        features=["Sign Up for Concerts"],
    ),
    Case(
        "school-library",
        "A school library: students borrow books, and each book has an ISBN, an author and a shelf location.",
        {"Book": {"isbn": "string", "author": "string", "shelf_location": "string"}},
        features=["Borrow Books"],
    ),
    Case(
        "sports-league",
        "A sports league site: teams have players with a jersey number and a position (forward, midfield, defender,"
        " goalkeeper), and the admin schedules matches with a date and a venue.",
        {
            "Team": {},
            "Player": {
                "jersey_number": "integer",
                "position": ("string", ["forward", "midfield", "defender", "goalkeeper"]),
            },
            "Match": {"date": "date", "venue": None},
        },
        refs=[("Player", "Team")],
    ),
    Case(
        "dog-walking",
        "A dog walking app where owners request walks with a date, a duration in minutes and notes, and walkers"
        " accept or decline requests.",
        {"Walk": {"date": "date", "duration_minutes": "integer", "note": "text"}},
        without=[("Walk", "walkers_accept")],
    ),
    Case(
        "job-board-openings",
        "Build a job board where companies post openings and candidates apply.",
        {"Job": {"title": "string"}},
        absent=["Candidate", "JobBoard"],
    ),
    Case(
        "parcel-weights",
        "A warehouse app where workers scan parcels with a tracking number, a weight in kg and a destination.",
        {"Parcel": {"weight_kg": "float", "destination": "string"}},
    ),
    Case(
        "recipe-two-sentences",
        "Create a recipe app. Each recipe has ingredients with quantity and unit.",
        {"Recipe": {}, "Ingredient": {"quantity": None, "unit": "string"}},
        refs=[("Ingredient", "Recipe")],
        without=[("Recipe", "ingredients")],  # each ingredient points at its recipe instead
    ),
    Case(
        "invitation-responses",
        "Build an event RSVP app where guests can respond yes, no or maybe to invitations.",
        {"Invitation": {"response": ("string", ["yes", "no", "maybe"])}},
    ),
    Case(
        "shift-brackets",
        "A volunteer shift scheduler: coordinators create shifts (date, start time, end time, role) and volunteers"
        " sign up.",
        {"Shift": {"date": "date", "start_time": "datetime", "end_time": "datetime", "role": "string"}},
        absent=["End", "Role"],
    ),
    Case(
        "class-kinds-in-brackets",
        "A gym where members book classes (yoga, pilates, spin).",
        {"Class": {}},
        without=[("Class", "yoga"), ("Class", "pilate")],  # examples of classes, not their fields
    ),
    Case(
        "course-credits",
        "A course enrolment system: students enrol in courses; each course has a code, a title, credits and a"
        " capacity.",
        {"Course": {"code": "string", "title": "string", "credits": "integer", "capacity": "integer"}},
        features=["Enrol in Courses"],
    ),
    Case(
        "hotel-guests",
        "A hotel booking site where guests reserve rooms with a check-in date, a check-out date and a number of"
        " guests.",
        {"Room": {"check_in_date": "date", "check_out_date": "date", "number_of_guests": "integer"}},
    ),
    Case(
        "reading-log",
        "Track my reading: books with a title, an author, pages and a rating from 1 to 5.",
        {"Book": {"title": "string", "author": "string", "pages": "integer", "rating": "integer"}},
        absent=["Item"],
    ),
    Case(
        "assignments",
        "Students submit assignments with a file, a due date and a grade.",
        {"Assignment": {"file": "url", "due_date": "date", "grade": None}},
    ),
    Case(
        "recipe-parts-in-brackets",
        "A recipe manager: recipes have a title, servings and ingredients (each with a quantity and a unit).",
        {"Recipe": {"title": "string", "servings": "integer"}, "Ingredient": {"quantity": None, "unit": "string"}},
        refs=[("Ingredient", "Recipe")],
    ),
    Case(
        "tenant-reports",
        "The app lets tenants report maintenance issues with a photo, a location and an urgency (low, normal,"
        " urgent), and landlords assign issues to contractors.",
        {"Issue": {"photo": "url", "location": "string", "urgency": ("string", ["low", "normal", "urgent"])}},
        features=["Report Maintenance Issues"],
    ),
    Case(
        "expense-splitter",
        "Expense splitter: friends add expenses with an amount, who paid and a split type (equal, percentage, exact).",
        {
            "Expense": {
                "amount": "float",
                "paid_by": "string",
                "split_type": ("string", ["equal", "percentage", "exact"]),
            }
        },
    ),
]


def _entity(spec: AppSpec, names: str) -> Entity:
    found = [e for e in spec.entities if e.name in names.split("|")]
    assert found, (names, [(e.name, [f.name for f in e.fields]) for e in spec.entities])
    return found[0]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_request_is_read_into_the_things_fields_and_choices_it_names(case: Case) -> None:
    spec = extract_spec(case.request)
    for names, expected in case.entities.items():
        entity = _entity(spec, names)
        fields = {f.name: f for f in entity.fields}
        for name, want in expected.items():
            assert name in fields, (entity.name, name, [f"{f.name}:{f.type}" for f in entity.fields])
            if want is None:
                continue
            kind, choices = want if isinstance(want, tuple) else (want, None)
            assert fields[name].type == kind, (entity.name, name, fields[name].type)
            if choices is not None:
                assert fields[name].choices == choices, (entity.name, name, fields[name].choices)
    for part, whole in case.refs:
        refs = [f.references for f in _entity(spec, part).fields if f.type == "reference"]
        assert whole in refs, (part, refs)
    assert not {e.name for e in spec.entities} & set(case.absent), [e.name for e in spec.entities]
    assert set(case.features) <= set(spec.feature_names), spec.feature_names
    assert not set(case.not_features) & set(spec.feature_names), spec.feature_names
    for names, name in case.without:
        assert name not in {f.name for f in _entity(spec, names).fields}, (names, name)
