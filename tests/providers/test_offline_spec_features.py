"""Free prompts become typed features: a kind from the feature library, the entity and field it works on,
acceptance criteria and the pages that carry it; relations between the entities the request names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nexusforge_agents.providers.offline.spec import extract_spec
from nexusforge_agents.providers.offline.spec.kinds import classify
from nexusforge_agents.schemas import AppSpec, Feature

DATASET = Path(__file__).resolve().parents[2] / "evals" / "datasets" / "webgen-bench-dev.jsonl"


def _feature(spec: AppSpec, kind: str) -> Feature:
    found = [f for f in spec.features if f.kind == kind]
    assert found, (kind, [(f.name, f.kind) for f in spec.features])
    return found[0]


def _fields(spec: AppSpec, entity: str) -> dict[str, object]:
    found = spec.entity(entity)
    assert found is not None, (entity, [e.name for e in spec.entities])
    return {f.name: f for f in found.fields}


def test_todo_features_are_the_ones_asked_for_with_their_fields() -> None:
    spec = extract_spec("Build a todo app where I can add tasks, mark tasks complete and filter tasks by status")
    toggle, filtering = _feature(spec, "status_toggle"), _feature(spec, "filter")
    assert (toggle.entity, filtering.entity, filtering.field) == ("Task", "Task", "status")
    status = _fields(spec, "Task")["status"]
    assert status.choices  # a filter over a status needs the choices to offer
    assert toggle.field in _fields(spec, "Task")
    assert "done" in toggle.acceptance[0] or "completed" in toggle.acceptance[0]
    assert toggle.pages == ["TaskList"] and "status" in filtering.acceptance[0]
    assert {f.kind for f in spec.features} <= {"crud", "status_toggle", "filter"}


def test_a_mark_as_request_adds_the_flag_it_sets() -> None:
    spec = extract_spec("Build a reading list where readers add books and mark books as read")
    toggle = _feature(spec, "status_toggle")
    assert toggle.entity == "Book" and toggle.field == "read"
    assert _fields(spec, "Book")["read"].type == "boolean"


def test_data_across_areas_makes_areas_and_data_entities_that_reference_them() -> None:
    spec = extract_spec(
        "Build a web-based neighborhood mapping application for comparing demographic, economic and crime data "
        "across different areas"
    )
    names = [e.name for e in spec.entities]
    assert names[0] == "Area" and {"DemographicData", "EconomicData", "CrimeData"} <= set(names)
    for name in ("DemographicData", "EconomicData", "CrimeData"):
        reference = _fields(spec, name)["area_id"]
        assert (reference.type, reference.references) == ("reference", "Area")
    the_map = _feature(spec, "map")
    assert the_map.entity == "Area" and {"latitude", "longitude"} <= set(_fields(spec, "Area"))
    assert _feature(spec, "dashboard").pages == ["Dashboard"] and spec.dashboard


def test_store_features_split_into_their_kinds() -> None:
    spec = extract_spec(
        "Create an online store where customers browse products, add them to a cart, checkout and leave reviews. "
        "Sort products by price or rating."
    )
    assert "Store" not in [e.name for e in spec.entities]  # the store is the app itself
    assert _feature(spec, "cart").entity == "Product"
    assert _feature(spec, "orders").entity == "Product"
    assert _feature(spec, "reviews").entity == "Product"  # reviews are of the products, not of themselves
    sorts = [(f.entity, f.field) for f in spec.features if f.kind == "sort"]
    assert sorts == [("Product", "price"), ("Product", "rating")]


def test_named_views_get_the_things_they_show() -> None:
    spec = extract_spec(
        "Build a music app. Users add songs to playlists, filter songs by genre, export playlists to CSV, and "
        "open a calendar of concerts and a map of venues."
    )
    calendar, the_map = _feature(spec, "calendar"), _feature(spec, "map")
    assert calendar.entity == "Concert" and _fields(spec, "Concert")[calendar.field].type in ("date", "datetime")
    assert the_map.entity == "Venue"
    assert _feature(spec, "csv_export").entity == "Playlist"
    assert (_feature(spec, "filter").entity, _feature(spec, "filter").field) == ("Song", "genre")
    song = _fields(spec, "Song")
    assert song["playlist_id"].references == "Playlist"  # "add songs to playlists"


def test_a_filter_by_another_entity_is_a_relation() -> None:
    spec = extract_spec("Build a project tracker to manage projects and tasks, and filter tasks by project")
    feature = next(f for f in spec.features if f.kind == "filter")
    assert (feature.entity, feature.field) == ("Task", "project_id")
    assert _fields(spec, "Task")["project_id"].references == "Project"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Mark Tasks Complete", "status_toggle"),
        ("Filter by Status", "filter"),
        ("Search Recipes", "search"),
        ("Sort Products by Price", "sort"),
        ("Kanban Board", "kanban"),
        ("Event Calendar", "calendar"),
        ("Add to Cart", "cart"),
        ("Checkout", "orders"),
        ("Rate Answers", "reviews"),
        ("Comment on Posts", "comments"),
        ("Save Favourites", "favorites"),
        ("Upload Photos", "upload"),
        ("Export Expenses to CSV", "csv_export"),
        ("Import Contacts", "csv_import"),
        ("Due Date Reminders", "notifications"),
        ("Live Feed", "live_feed"),
        ("Map of Stores", "map"),
        ("Vote in Polls", "poll"),
        ("Take Quizzes", "quiz"),
        ("Countdown Timer", "timer"),
        ("Spin the Prize Wheel", "random_draw"),
        ("Sales Dashboard", "dashboard"),
        ("User Login", "auth"),
        ("Manage Barbers", "crud"),
        ("Send Borrow Requests", "crud"),
        ("Request Swaps", "crud"),
        ("Save Recipes", "crud"),
        ("Accept and Decline Requests", "custom"),
        ("Undo Moves", "custom"),
    ],
)
def test_feature_kinds(text: str, kind: str) -> None:
    assert classify(text) == kind


def test_nothing_is_claimed_that_the_request_does_not_name() -> None:
    spec = extract_spec("Build a notes app where I write notes and tag them")
    assert {f.kind for f in spec.features} <= {"crud", "custom", "relation", "search"}
    assert not spec.auth.enabled and not spec.dashboard and not spec.realtime


def test_every_dev_prompt_feature_is_complete_and_consistent() -> None:
    rows = [json.loads(line) for line in DATASET.read_text(encoding="utf-8").splitlines() if line.strip()]
    for row in rows:
        spec = extract_spec(row["instruction"])
        for feature in spec.features:
            assert set(feature.pages) <= set(spec.ui_components) and feature.pages, (row["id"], feature)
            if feature.kind != "custom":
                assert feature.acceptance, (row["id"], feature)
            if feature.entity is not None:
                entity = spec.entity(feature.entity)
                assert entity is not None, (row["id"], feature)
                assert feature.field is None or entity.field(feature.field) is not None, (row["id"], feature)
        kinds = {f.kind for f in spec.features}
        assert spec.auth.enabled == ("auth" in kinds or spec.auth.enabled and "Login" in spec.ui_components)
        if "dashboard" in kinds:
            assert spec.dashboard and "Dashboard" in spec.ui_components, row["id"]


def test_a_request_written_as_a_list_reads_like_sentences() -> None:
    spec = extract_spec(
        "# Habit tracker\n\nBuild a habit tracker with:\n- habits with a name\n- mark habits as done for today\n"
        "- a calendar of completed days\n- reminders\n"
    )
    assert [e.name for e in spec.entities] == ["Habit"]
    kinds = {f.kind: f for f in spec.features}
    assert kinds["status_toggle"].entity == "Habit" and kinds["calendar"].entity == "Habit"
    assert kinds["notifications"].entity == "Habit"
    assert "custom" not in kinds


def test_pages_the_request_names_are_explicit_pages_in_its_order() -> None:
    spec = extract_spec(
        "Build a website with a home page, an about page, a gallery page and a contact page for a photographer."
    )
    assert spec.name == "Photographer Hub"
    assert spec.ui_components == [p.name for p in spec.pages]
    assert spec.ui_components[:4] == ["Home", "AboutPage", "GalleryList", "ContactList"]
    about = spec.page("AboutPage")
    assert about is not None and about.route == "/about" and about.title.startswith("About")
    gallery = spec.page("GalleryList")
    assert gallery is not None and gallery.title == "Gallery | Photographer Hub" and gallery.entity == "Gallery"


def test_one_page_mentioned_in_passing_keeps_the_default_page_model() -> None:
    assert extract_spec("Build a recipe site whose home page lists recipes.").pages == []


def test_actors_without_a_modal_still_act() -> None:
    spec = extract_spec(
        "Build a prize wheel app: admins add prizes, users spin the wheel and see a countdown timer before each spin."
    )
    assert [e.name for e in spec.entities] == ["Prize"]
    assert _feature(spec, "random_draw").entity == "Prize"
    assert _feature(spec, "timer").entity == "Prize"
    assert "Add Prizes" in spec.feature_names


def test_guessed_entities_give_way_to_the_thing_a_feature_names() -> None:
    spec = extract_spec("Build a site with a map of cafes.")
    assert [e.name for e in spec.entities] == ["Cafe"]
    assert [(f.kind, f.entity) for f in spec.features] == [("map", "Cafe")]
    assert len(spec.name.split()) > 1


def test_a_request_naming_a_dozen_features_gets_each_with_its_kind() -> None:
    spec = extract_spec(
        "Build a book club app where members can add books, search books, filter books by genre, sort books by "
        "rating, mark books as read, review books, comment on books, save favourite books, upload cover images, "
        "export books to CSV, import books from CSV, see a calendar of meetings, vote in polls, and get "
        "notifications."
    )
    kinds = [f.kind for f in spec.features]
    for kind in (
        "crud",
        "search",
        "filter",
        "sort",
        "status_toggle",
        "reviews",
        "comments",
        "favorites",
        "upload",
        "csv_export",
        "csv_import",
        "calendar",
        "poll",
        "notifications",
    ):
        assert kind in kinds, (kind, [(f.name, f.kind) for f in spec.features])
    assert "custom" not in kinds and len(spec.features) >= 12
    assert (_feature(spec, "sort").field, _feature(spec, "filter").field) == ("rating", "genre")
    assert _feature(spec, "calendar").entity == "Meeting" and _feature(spec, "poll").entity == "Poll"
    assert all(len(f.name.split()) > 1 or f.kind not in ("crud", "custom", "reviews") for f in spec.features)


def test_a_board_gets_the_columns_the_request_names() -> None:
    spec = extract_spec("Develop a simple kanban board for tasks with columns To Do, Doing and Done.")
    board = _feature(spec, "kanban")
    assert board.entity == "Task" and _fields(spec, "Task")[board.field].choices == ["To Do", "Doing", "Done"]


def test_an_app_types_usual_features_only_stand_in_for_a_request_that_names_none() -> None:
    spec = extract_spec("Build a quiz app where teachers create quizzes with questions and students take them.")
    assert "Course Catalog" not in spec.feature_names  # education's usual feature, not asked here
    ideas = extract_spec("I need a voting app for our club: members propose ideas and vote on them.")
    assert [e.name for e in ideas.entities] == ["Idea"] and _feature(ideas, "poll").entity == "Idea"
    assert "custom" not in {f.kind for f in ideas.features}


def test_choosing_one_stored_thing_for_another_is_a_relation() -> None:
    spec = extract_spec(
        "Create a website for a dog grooming salon where customers can book appointments, choose a groomer, "
        "and leave reviews. Staff can mark appointments as completed."
    )
    relation = _feature(spec, "relation")
    assert (relation.entity, relation.field) == ("Appointment", "groomer_id")
    assert _fields(spec, "Appointment")["groomer_id"].references == "Groomer"
    assert relation.acceptance[0].startswith("An appointment can be linked to a groomer")
    assert _feature(spec, "status_toggle").field == "completed"
