import pytest

from nexusforge_agents.errors import InvalidInputError
from nexusforge_agents.spec_review import SpecDecision, edited_spec
from tests.scripted import tiny_spec


def test_an_edited_spec_is_validated_and_completed_like_the_agents_own():
    data = tiny_spec().model_dump(mode="json")
    data["entities"][0]["fields"].append({"name": "due", "type": "date"})
    data["api_endpoints"] = []
    spec = edited_spec(data)
    assert [f.name for f in spec.entities[0].fields] == ["title", "due"]
    assert spec.api_endpoints, "endpoints are derived again from the edited entities"
    assert [p.name for p in spec.pages] == spec.ui_components


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda d: d["entities"][0]["fields"][0].update(type="colour"), "entities.0.fields.0.type"),
        (lambda d: d.update(name=""), "name"),
        (lambda d: d.update(ui_components=["not pascal"]), "ui_components"),
        (lambda d: d.pop("entities"), "entities"),
    ],
)
def test_a_bad_edit_names_the_field_path(edit, field):
    data = tiny_spec().model_dump(mode="json")
    edit(data)
    with pytest.raises(InvalidInputError) as raised:
        edited_spec(data)
    assert raised.value.details["field"] == field
    assert raised.value.message.startswith(f"The edited spec is invalid at {field}: ")
    assert raised.value.status_code == 400 and raised.value.error_code == "INVALID_INPUT"


def test_decisions_carry_a_spec_only_where_it_means_something():
    assert SpecDecision(action="approve").spec is None
    assert SpecDecision(action="edit", spec=tiny_spec()).spec.name == "Tiny Notes"
    with pytest.raises(ValueError, match="an edit carries the edited spec"):
        SpecDecision(action="edit")
    with pytest.raises(ValueError, match="a rejection carries no spec"):
        SpecDecision(action="reject", spec=tiny_spec())
    with pytest.raises(ValueError):
        SpecDecision(action="maybe")
