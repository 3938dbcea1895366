"""The browser plan knows which form controls are optional, so an optional parent pick nobody can fill yet is
left empty (as a user would) instead of failing the flow; a required one still fails it."""

from __future__ import annotations

from nexusforge_agents.agents.spec import apply_config
from nexusforge_agents.config import BuildConfig
from nexusforge_agents.providers.offline.codegen.browser_tests import browser_plan
from nexusforge_agents.schemas import AppSpec


def _spec(required: bool) -> AppSpec:
    spec = AppSpec.model_validate(
        {
            "name": "Armies",
            "description": "Units of races.",
            "features": ["Manage units"],
            "ui_components": ["Home", "UnitList", "UnitForm", "RaceList"],
            "entities": [
                {"name": "Race", "plural": "races", "fields": [{"name": "name"}]},
                {
                    "name": "Unit",
                    "plural": "units",
                    "fields": [
                        {"name": "name"},
                        {"name": "race_id", "type": "reference", "references": "Race", "required": required},
                    ],
                },
            ],
        }
    )
    return apply_config(spec, BuildConfig())


def test_each_form_input_carries_whether_its_field_is_required() -> None:
    for required in (True, False):
        flow = next(f for f in browser_plan(_spec(required)).flows if f.name.endswith("-adds-Unit"))
        by_id = {i.element_id: i.required for i in flow.inputs}
        assert by_id == {"unit-name": True, "unit-race-id": required}
