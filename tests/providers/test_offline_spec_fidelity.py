"""The offline spec writer builds the app a request asks for: every thing it names to keep, with the fields,
choices and relations it spells out, whatever the phrasing (requests written here, in no dataset)."""

from __future__ import annotations

from nexusforge_agents.providers.offline.spec import extract_spec
from nexusforge_agents.schemas import AppSpec, Entity


def _entity(spec: AppSpec, name: str) -> Entity:
    found = [e for e in spec.entities if e.name == name]
    assert found, (name, [e.name for e in spec.entities])
    return found[0]


def test_a_colon_followed_by_a_verb_lists_what_to_do() -> None:
    """ "for our club: create events ..., invite attendees" names two things to keep, not one list of options."""
    spec = extract_spec(
        "Scheduling for our club: create events with a start time and location, invite attendees and let them RSVP."
    )
    event = _entity(spec, "Event")
    attendee = _entity(spec, "Attendee")
    assert any(f.references == event.name for f in attendee.fields if f.type == "reference")


def test_whoever_acts_their_verbs_name_what_the_app_keeps() -> None:
    """ "where neighbors post tools, other neighbors send borrow requests": the people need not be a known actor
    word ("users", "members") for their verbs to be read."""
    spec = extract_spec("A lending board where neighbors post tools, and other neighbors send borrow requests.")
    assert {"Tool", "BorrowRequest"} <= {e.name for e in spec.entities}
    assert {"Post Tools", "Send Borrow Requests"} <= set(spec.feature_names)


def test_attributes_after_with_are_fields_and_bracketed_options_their_choices() -> None:
    spec = extract_spec(
        "Build a tracker where beekeepers record inspections with a visit time, a temperament (calm, nervous,"
        " aggressive) and notes, and match hives with apiaries."
    )
    inspection = _entity(spec, "Inspection")
    fields = {f.name: f for f in inspection.fields}
    assert fields["visit_time"].type == "datetime" and fields["note"].type == "text"
    assert fields["temperament"].choices == ["calm", "nervous", "aggressive"]
    assert not any(f.name.startswith("apiar") for e in spec.entities for f in e.fields)  # "match X with Y" relates


def test_a_word_with_two_senses_gets_the_fields_of_the_one_the_request_means() -> None:
    desk = _entity(extract_spec("A helpdesk where agents answer tickets and add notes."), "Ticket")
    fields = {f.name: f for f in desk.fields}
    assert {"subject", "status", "priority"} <= set(fields) and "seat" not in fields
    assert fields["status"].choices and "resolved" in fields["status"].choices
    travel = _entity(extract_spec("A site where travellers book train tickets and add notes."), "TrainTicket")
    assert {"route", "seat"} <= {f.name for f in travel.fields}


def test_decisions_on_a_thing_and_the_path_of_its_status_are_its_choices() -> None:
    spec = extract_spec(
        "A lending board where neighbors post tools, other neighbors send borrow requests, and the owner can accept"
        " or decline each request."
    )
    request = _entity(spec, "BorrowRequest")  # "each request" refers back: still the borrow request
    assert next(f for f in request.fields if f.name == "status").choices == ["pending", "accepted", "declined"]
    desk = extract_spec("Staff log repairs and change the status from reported to scheduled to fixed, and add notes.")
    status = next(f for f in _entity(desk, "Repair").fields if f.name == "status")
    assert status.choices == ["reported", "scheduled", "fixed"]


def test_the_things_listed_after_the_apps_name_are_what_it_keeps() -> None:
    spec = extract_spec(
        "Stock tracker for a florist: growers, flowers with a stock level and a reorder threshold, and purchase"
        " orders placed with a grower; show low-stock flowers on a dashboard."
    )
    assert [e.name for e in spec.entities] == ["Grower", "Flower", "PurchaseOrder"]
    flower = {f.name: f.type for f in _entity(spec, "Flower").fields}
    assert flower["stock_level"] == flower["reorder_threshold"] == "integer"
    order = {f.name for f in _entity(spec, "PurchaseOrder").fields}
    assert "customer_name" not in order and "status" in order  # a purchase order is not a shop's order


def test_a_request_or_swap_is_for_one_of_the_things_listed() -> None:
    swap = _entity(extract_spec("A comic-swap site where collectors list comics and request swaps."), "Swap")
    assert [f.references for f in swap.fields if f.type == "reference"] == ["Comic"]
    spec = extract_spec("A lending board where neighbors post tools, and other neighbors send borrow requests.")
    assert [f.references for f in _entity(spec, "BorrowRequest").fields if f.type == "reference"] == ["Tool"]


def test_assigning_to_someone_the_app_does_not_keep_yet_makes_them_a_thing_it_keeps() -> None:
    spec = extract_spec("A repair desk where staff open jobs for bikes and assign jobs to a mechanic.")
    features = {f.name: f for f in spec.features}
    assert features["Open Jobs"].kind == "crud"  # opening a ticket, a case, a job creates one
    assign = features["Assign Jobs"]
    assert assign.kind == "relation" and assign.entity == "Job" and assign.field == "mechanic_id"
    assert _entity(spec, "Mechanic")


def test_an_app_types_usual_features_do_not_land_on_the_things_a_request_names() -> None:
    """The inventory archetype's "Low Stock Alerts" / "Purchase of Items" were written for its items: a request that
    names its own things gets features for them, and "purchase orders" it keeps are no request to purchase."""
    spec = extract_spec(
        "Inventory tracker for a florist: growers, flowers with a stock level and a reorder threshold, and purchase"
        " orders placed with a grower."
    )
    assert not any(f.name.startswith("Purchase") or f.kind == "notifications" for f in spec.features)
    assert {f.entity for f in spec.features} <= {"Grower", "Flower", "PurchaseOrder"}
    terse = extract_spec("Build an inventory system")
    assert len(terse.features) >= 3 and terse.entities[0].name == "Item"


def test_a_colon_followed_by_who_does_what_opens_a_clause() -> None:
    spec = extract_spec("We need a volunteer rota: coordinators post shifts with a date and a location.")
    shift = _entity(spec, "Shift")
    assert {"date", "location"} <= {f.name for f in shift.fields}
    assert "Post Shifts" in spec.feature_names


def test_a_decision_in_a_relative_clause_is_on_the_thing_before_it() -> None:
    spec = extract_spec(
        "A pet adoption site where shelters list pets with a species (dog, cat, rabbit) and families submit adoption"
        " applications that shelters approve or reject."
    )
    adoption = _entity(spec, "Adoption")
    assert next(f for f in adoption.fields if f.name == "status").choices == ["pending", "approved", "rejected"]
    assert [f.references for f in adoption.fields if f.type == "reference"] == ["Pet"]


def test_a_spaced_dash_and_a_new_subject_each_start_a_clause() -> None:
    spec = extract_spec("A gym class booking app - members book classes, instructors manage class schedules.")
    assert spec.name == "Gym Class Booking App"
    assert {"Book Classes", "Manage Class Schedules"} <= set(spec.feature_names)


def test_one_person_deciding_and_offering_are_read_too() -> None:
    garden = extract_spec(
        "An app for a community garden: gardeners reserve plots, log harvests with a crop, weight and date, and the"
        " coordinator approves plot reservations."
    )
    harvest = {f.name for f in _entity(garden, "Harvest").fields}
    assert {"crop", "weight", "date"} <= harvest and "coordinator" not in harvest  # the next clause's subject
    reservation = _entity(garden, "PlotReservation")
    assert next(f for f in reservation.fields if f.name == "status").choices == ["pending", "approved", "rejected"]
    assert [f.references for f in reservation.fields if f.type == "reference"] == ["Plot"]  # the plot it names
    rides = extract_spec("A carpool board where drivers offer rides with a departure time and an origin.")
    assert {"departure_time", "origin"} <= {f.name for f in _entity(rides, "Ride").fields}
    assert next(f for f in rides.features if f.name == "Offer Rides").kind == "crud"


def test_with_one_kept_thing_links_it_and_with_many_lists_them() -> None:
    bakery = extract_spec(
        "Inventory tracker for a bakery: suppliers, ingredients with a stock level, and purchase orders placed with"
        " a supplier that list quantities."
    )
    order = _entity(bakery, "PurchaseOrder")
    assert [f.references for f in order.fields if f.type == "reference"] == ["Supplier"]
    music = extract_spec("Build a music app where users create playlists with songs")
    assert not any(f.name.startswith("song") for f in _entity(music, "Playlist").fields)


def test_what_the_engine_did_right_before_stays_right() -> None:
    """Regressions seen while widening the reader: a terse request keeps its app type's features, a kind word
    inside a feature ("Opening Hours") is not a verb, reservations of tables are not of menu items, and a list of
    attributes stops at the next clause's subject."""
    todo = extract_spec("Build a simple todo list app")
    assert "status_toggle" in {f.kind for f in todo.features}
    restaurant = extract_spec("Build a restaurant website with a menu of dishes and table reservations")
    assert "Opening Hours" not in restaurant.feature_names
    assert not any(f.type == "reference" for f in _entity(restaurant, "Reservation").fields)
    quiz = extract_spec("Build a quiz app where teachers create quizzes with questions and students take them.")
    assert not any(f.name.startswith("student") for f in _entity(quiz, "Quiz").fields)
