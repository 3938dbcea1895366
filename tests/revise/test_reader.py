"""The offline change-request reader: each documented change kind read into its typed change, anything else
into a not_built entry with the reason, deterministically."""

from __future__ import annotations

import pytest

from nexusforge_agents.appspec import AppSpec
from nexusforge_agents.errors import InvalidInputError
from nexusforge_agents.providers.offline.revise import read_change_request
from nexusforge_agents.spec_delta import SpecDelta


def _ops(delta: SpecDelta) -> list[str]:
    return [c.op for c in delta.changes]


def test_a_field_with_its_type(base_spec: AppSpec) -> None:
    delta = read_change_request(base_spec, "add a due date to tasks")
    (change,) = delta.changes
    assert change.op == "add_field" and change.entity == "Task"
    assert (change.field.name, change.field.type, change.field.required) == ("due_date", "date", False)


@pytest.mark.parametrize(
    ("request_", "name", "kind", "choices"),
    [
        ("add a severity field with choices minor, major and critical to tasks", "severity", "string",
         ["minor", "major", "critical"]),
        ("add an estimate (number) to tasks", "estimate", "float", None),
        ("give tasks a reviewer email", "reviewer_email", "email", None),
        ("add a checkbox called urgent to tasks", "urgent", "boolean", None),
        ("add a date field called deadline to tasks", "deadline", "date", None),
        ("add an optional phone to tasks", "phone", "string", None),
    ],
)  # fmt: skip
def test_field_types_and_choices(base_spec: AppSpec, request_: str, name: str, kind, choices) -> None:
    delta = read_change_request(base_spec, request_)
    (change,) = delta.changes
    assert (change.field.name, change.field.type, change.field.choices) == (name, kind, choices)


def test_renames_of_entities_and_fields(base_spec: AppSpec) -> None:
    for request in ("rename Task to Chore", "rename tasks to chores"):
        (change,) = read_change_request(base_spec, request).changes
        assert (change.op, change.entity, change.new_name, change.new_plural) == (
            "rename_entity",
            "Task",
            "Chore",
            "chores",
        )
    (change,) = read_change_request(base_spec, "rename the notes field to details").changes  # said in plural
    assert (change.op, change.entity, change.field, change.new_name) == (
        "rename_field",
        "Task",
        "note",
        "details",
    )


def test_removals(base_spec: AppSpec) -> None:
    (change,) = read_change_request(base_spec, "remove the priority field").changes
    assert (change.op, change.entity, change.field) == ("remove_field", "Task", "priority")
    (change,) = read_change_request(base_spec, "remove the task form page").changes
    assert (change.op, change.page) == ("remove_page", "TaskForm")
    two = read_change_request(base_spec, "add customers with name and email. Then remove customers")
    assert _ops(two)[-1] == "remove_entity" and two.changes[-1].entity == "Customer"


def test_a_new_entity_comes_with_its_pages_and_feature(base_spec: AppSpec) -> None:
    delta = read_change_request(base_spec, "add customers with name, email and phone")
    assert _ops(delta) == ["add_entity", "add_page", "add_page", "add_feature"]
    entity = delta.changes[0].entity
    assert entity.name == "Customer" and [f.name for f in entity.fields][:3] == ["name", "email", "phone"]
    assert [c.page for c in delta.changes[1:3]] == ["CustomerList", "CustomerForm"]
    assert delta.changes[3].feature.kind == "crud"


def test_a_new_entitys_fields_keep_their_articles_out_and_their_own_choices_and_types(base_spec: AppSpec) -> None:
    delta = read_change_request(
        base_spec, "add a Request entity with a requester name and a status (pending, accepted, declined)"
    )
    fields = {f.name: f for f in delta.changes[0].entity.fields}
    assert "requester_name" in fields and "a_requester_name" not in fields
    assert fields["status"].choices == ["pending", "accepted", "declined"]
    loans = read_change_request(base_spec, "add a Loan entity with a due date and a returned flag as a checkbox")
    kinds = {f.name: f.type for f in loans.changes[0].entity.fields}
    assert kinds["due_date"] == "date" and kinds["returned_flag"] == "boolean"


def test_pages(base_spec: AppSpec) -> None:
    assert [c.page for c in read_change_request(base_spec, "add a dashboard page").changes] == ["Dashboard"]
    assert [c.page for c in read_change_request(base_spec, "add a settings page").changes] == ["Settings"]
    assert [c.page for c in read_change_request(base_spec, "add a details page for tasks").changes] == ["TaskDetail"]
    overdue = read_change_request(base_spec, "add a page listing overdue tasks")
    assert not overdue.changes and "overdue" in overdue.not_built[0].reason


def test_features_of_the_library(base_spec: AppSpec) -> None:
    calendar = read_change_request(base_spec, "add a calendar of tasks")
    assert _ops(calendar) == ["add_field", "add_feature"]  # a calendar needs a date: the field comes with it
    assert calendar.changes[1].feature.kind == "calendar" and calendar.changes[1].feature.field == "date"
    export = read_change_request(base_spec, "let users export tasks to CSV")
    assert [c.feature.kind for c in export.changes] == ["csv_export"]
    sort = read_change_request(base_spec, "sort tasks by priority")
    assert [(c.feature.kind, c.feature.field) for c in sort.changes] == [("sort", "priority")]
    again = read_change_request(base_spec, "add a filter by status")
    assert not again.changes and "already" in again.not_built[0].reason


def test_looks_and_names(base_spec: AppSpec) -> None:
    (colour,) = read_change_request(base_spec, "make the primary colour teal").changes
    assert colour.op == "set_colors" and colour.colors == {"primary": "#008080"}
    (dark,) = read_change_request(base_spec, "switch to dark mode").changes
    assert dark.theme == "dark" and dark.colors["background"] == "#0f172a" and dark.colors["text"] == "#ffffff"
    (name,) = read_change_request(base_spec, 'call the app "Chore Chart"').changes
    assert (name.op, name.name) == ("rename_app", "Chore Chart")
    (title,) = read_change_request(base_spec, "change the title of the task list page to 'My Tasks'").changes
    assert (title.op, title.page, title.title) == ("set_page_title", "TaskList", "My Tasks")
    (label,) = read_change_request(base_spec, "rename the 'Save' button to 'Store task'").changes
    assert (label.op, label.page, label.element, label.label) == (
        "set_element_label",
        "TaskForm",
        "save-task",
        "Store task",
    )


def test_switches(base_spec: AppSpec) -> None:
    sign_in = read_change_request(base_spec, "turn on sign-in")
    assert _ops(sign_in) == ["set_sign_in", "add_feature"] and sign_in.changes[1].feature.kind == "auth"
    assert sign_in.changes[1].feature.pages == ["Login"]
    live = read_change_request(base_spec, "turn on real-time updates")
    assert _ops(live) == ["set_realtime", "add_feature"] and live.changes[1].feature.kind == "live_feed"
    off = read_change_request(base_spec, "turn off sign-in")
    assert not off.changes and "already off" in off.not_built[0].reason


def test_several_changes_in_one_request_each_sees_the_last(base_spec: AppSpec) -> None:
    delta = read_change_request(
        base_spec, "Please add customers with name and email, and add a birthday to customers; make the buttons teal"
    )
    assert _ops(delta) == ["add_entity", "add_page", "add_page", "add_feature", "add_field", "set_colors"]
    assert delta.changes[4].entity == "Customer" and not delta.not_built


@pytest.mark.parametrize(
    ("request_", "reason"),
    [
        ("make it faster", "makes these changes only"),
        ("remove tasks", "only thing the app stores"),
        ("remove the home page", "cannot be removed"),
        ("remove the colour field", "No field"),
        ("rename the budget field to cost", "No entity or field of the app is called 'budget'"),
        ("rename the 'Launch' button to 'Go'", "No element"),
        ("add a page listing completed tasks", "feature library does not have"),
        ("add a teleporter", None),
    ],
)
def test_anything_else_is_not_built_with_the_reason(base_spec: AppSpec, request_: str, reason: str | None) -> None:
    delta = read_change_request(base_spec, request_)
    if reason is None:  # an unknown noun is read as a new entity: not refused, but never a silent no-op
        assert delta.changes or delta.not_built
        return
    assert not delta.changes and len(delta.not_built) == 1
    assert reason in delta.not_built[0].reason and delta.not_built[0].request


def test_mixed_request_keeps_the_good_part_and_says_why_not_the_rest(base_spec: AppSpec) -> None:
    delta = read_change_request(base_spec, "add a due date to tasks and make it faster")
    assert _ops(delta) == ["add_field"] and [n.request for n in delta.not_built] == ["make it faster"]


def test_reading_is_deterministic_and_typed(base_spec: AppSpec) -> None:
    request = "add a due date to tasks, rename Task to Chore and turn on sign-in"
    first, second = read_change_request(base_spec, request), read_change_request(base_spec, request)
    assert first == second and first.summary() == second.summary()
    assert SpecDelta.model_validate_json(first.model_dump_json()) == first


def test_an_empty_request_is_a_clear_error(base_spec: AppSpec) -> None:
    with pytest.raises(InvalidInputError, match="empty"):
        read_change_request(base_spec, "   ")


@pytest.mark.parametrize(
    ("request_", "op"),
    [
        ("add a due date to tasks", "add_field"),
        ("add a severity field with choices minor, major and critical to tasks", "add_field"),
        ("add an estimate (number) to tasks", "add_field"),
        ("give tasks a budget", "add_field"),
        ("remove the notes field", "remove_field"),
        ("drop priority from tasks", "remove_field"),
        ("rename the notes field to details", "rename_field"),
        ("add customers with name, email and phone", "add_entity"),
        ("rename Task to Chore", "rename_entity"),
        ("rename tasks to chores", "rename_entity"),
        ("add a dashboard page", "add_page"),
        ("add a settings page", "add_page"),
        ("add a details page for tasks", "add_page"),
        ("remove the task form page", "remove_page"),
        ("add a calendar of tasks", "add_feature"),
        ("let users export tasks to CSV", "add_feature"),
        ("sort tasks by priority", "add_feature"),
        ("add a kanban board", "add_feature"),
        ("add comments to tasks", "add_feature"),
        ("make the primary colour teal", "set_colors"),
        ("use ivory for the background", "set_colors"),
        ("switch to dark mode", "set_colors"),
        ("make the app dark", "set_colors"),
        ('call the app "Chore Chart"', "rename_app"),
        ("rename the app to Chore Chart", "rename_app"),
        ("change the title of the task list page to 'My Tasks'", "set_page_title"),
        ("rename the 'Save' button to 'Store task'", "set_element_label"),
        ("label the search box 'Find a task'", "set_element_label"),
        ("turn on sign-in", "set_sign_in"),
        ("turn on real-time updates", "set_realtime"),
    ],
)
def test_every_example_of_the_docs_reads_as_its_kind(base_spec: AppSpec, request_: str, op: str) -> None:
    """docs/iterate.md's "Say it like" column, each read as the change kind it documents."""
    delta = read_change_request(base_spec, request_)
    assert not delta.not_built and _ops(delta)[-1 if op == "add_feature" else 0] == op, delta.summary()
