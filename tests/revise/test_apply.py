"""apply_delta: the next spec keeps written pages and untouched element ids, carries renames and removals
everywhere, refuses what does not fit with a clear error; page_impact names exactly the mockups that change."""

from __future__ import annotations

import pytest

from nexusforge_agents.appspec import AppSpec, Element
from nexusforge_agents.errors import InvalidInputError
from nexusforge_agents.providers.offline.mockups import render_mockup
from nexusforge_agents.providers.offline.revise import read_change_request
from nexusforge_agents.spec_conventions import ensure_pages
from nexusforge_agents.spec_delta import AddField, RemovePage, RenameEntity, SpecDelta
from nexusforge_agents.spec_impact import page_impact
from nexusforge_agents.spec_revision import apply_delta


def _revise(spec: AppSpec, request: str) -> AppSpec:
    delta = read_change_request(spec, request)
    assert delta.changes, delta.not_built
    return apply_delta(spec, delta)


@pytest.fixture(scope="module")
def two_entities(base_spec: AppSpec) -> AppSpec:
    return _revise(base_spec, "add customers with name and email")


@pytest.fixture(scope="module")
def written(base_spec: AppSpec) -> AppSpec:
    """The base app with written pages: the task form has a custom title and a hint element of its own."""
    spec = ensure_pages(base_spec)
    pages = []
    for page in spec.pages:
        if page.name == "TaskForm":
            hint = Element(id="form-hint", kind="text", label="Every task needs a title")
            page = page.model_copy(update={"title": "Write a task", "elements": [hint, *page.elements]})
        pages.append(page)
    return spec.model_copy(update={"pages": pages})


def test_untouched_pages_keep_every_element_id(two_entities: AppSpec) -> None:
    before = ensure_pages(two_entities)
    after = _revise(two_entities, "add a due date to tasks")
    for name in ("CustomerList", "CustomerForm"):
        assert after.page(name) == before.page(name)
    form = after.page("TaskForm")
    assert form is not None and "task-due-date" in [e.id for e in form.elements]
    assert [e.id for e in form.elements if e.id != "task-due-date"] == [e.id for e in before.page("TaskForm").elements]


def test_written_pages_are_kept_and_gain_the_new_field(written: AppSpec) -> None:
    after = _revise(written, "add a due date to tasks and call the app Chore Chart")
    form = after.page("TaskForm")
    assert form is not None and form.title == "Write a task"  # written: kept
    ids = [e.id for e in form.elements]
    assert ids[0] == "form-hint" and ids.index("task-due-date") == ids.index("save-task") - 1
    assert after.page("TaskList").title == "Task list | Chore Chart"  # derived: follows the new name


def test_a_rename_reaches_pages_routes_ids_features_and_written_text(written: AppSpec) -> None:
    after = _revise(written, "rename Task to Chore")
    assert after.ui_components == ["Home", "ChoreList", "ChoreForm"]
    form = after.page("ChoreForm")
    assert form is not None and form.route == "/chore-form" and form.entity == "Chore"
    assert {e.id for e in form.elements} >= {"form-hint", "chore-title", "save-chore"}
    assert all(e.binds is None or e.binds.startswith("Chore.") for e in form.elements)
    assert {f.entity for f in after.features} == {"Chore"}
    assert all("Task" not in p for f in after.features for p in f.pages)
    assert "Task" not in after.model_dump_json(exclude={"description"}).replace("To-Do", "")


def test_removing_a_field_takes_its_features_and_controls(base_spec: AppSpec) -> None:
    after = _revise(base_spec, "remove the status field")
    assert after.entity("Task").field("status") is None
    assert not [f for f in after.features if f.field == "status"]
    assert not [e for p in after.pages for e in p.elements if e.binds == "Task.status"]


def test_switching_sign_in_off_drops_its_page_features_and_per_user_rows(base_spec: AppSpec) -> None:
    on = _revise(base_spec, "turn on sign-in")
    assert on.auth.enabled and on.ui_components[-1] == "Login" and any(f.kind == "auth" for f in on.features)
    off = _revise(on, "turn off sign-in")
    assert not off.auth.enabled and "Login" not in off.ui_components
    assert not [f for f in off.features if f.kind == "auth"] and not any(e.owned for e in off.entities)


def test_new_pages_go_where_the_conventions_put_them(two_entities: AppSpec) -> None:
    after = _revise(two_entities, "add a dashboard page, turn on real-time updates and turn on sign-in")
    assert after.ui_components == [
        "Home", "Dashboard", "TaskList", "TaskForm", "CustomerList", "CustomerForm", "LiveFeed", "Login"
    ]  # fmt: skip
    assert after.dashboard and after.realtime and [e.method for e in after.api_endpoints].count("WS") == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (AddField.model_validate({"entity": "Ghost", "field": {"name": "x"}}), "no entity 'Ghost'"),
        (AddField.model_validate({"entity": "Task", "field": {"name": "title"}}), "already has a field 'title'"),
        (RemovePage(page="Home"), "cannot be removed"),
        (RenameEntity(entity="Task", new_name="Task2", new_plural="task-list"), "not valid"),
    ],
)
def test_a_delta_that_does_not_fit_is_a_clear_error(base_spec: AppSpec, change, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        apply_delta(base_spec, SpecDelta(request="x", changes=[change]))


def test_an_empty_delta_changes_nothing(base_spec: AppSpec) -> None:
    assert apply_delta(base_spec, SpecDelta(request="nothing")).pages == ensure_pages(base_spec).pages


@pytest.mark.parametrize(
    "request_",
    ["add a due date to tasks", "rename the 'Save' button to 'Store task'", "add a settings page",
     "make the primary colour teal", "add suppliers with name and phone"],
)  # fmt: skip
def test_mockups_are_repainted_exactly_for_the_pages_that_changed(two_entities: AppSpec, request_: str) -> None:
    after = _revise(two_entities, request_)
    impact = page_impact(two_entities, after)
    for name in ensure_pages(after).ui_components:
        if name in impact.added:
            continue
        same = render_mockup(two_entities, name) == render_mockup(after, name)
        assert same == (name not in impact.changed), name
