"""The review gate in the console: a build started with "Review the plan" waits; the plan is shown, edited,
approved (the edit is what gets built) or rejected (the build ends cancelled)."""

from __future__ import annotations

import json
import re

import pytest

from .conftest import Console, shoot, sign_in

pytestmark = pytest.mark.slow
PROMPT = "A book club planner to track books and meetings. Write the whole application in Python."


def start_reviewed_build(page, console: Console) -> None:
    sign_in(page, console)
    page.goto(console.base + "/#/new")
    page.get_by_label("Describe the app").fill(PROMPT)
    page.get_by_label("Demo video", exact=True).uncheck()
    page.get_by_label("Run the app locally when built").uncheck()
    page.get_by_label("Review the plan before building").check()
    page.get_by_role("button", name="Start build").click()
    page.wait_for_url(re.compile(r"#/build/"))
    page.get_by_role("heading", name="Review the plan").wait_for(timeout=60_000)


def test_an_edited_plan_is_approved_and_built(page, console: Console) -> None:
    start_reviewed_build(page, console)
    plan = page.locator(".review .plan")
    assert "Pages" in plan.inner_text() and "Entities" in plan.inner_text()
    shoot(page, console, "review")
    page.get_by_text("Edit the spec (JSON)").click()
    editor = page.get_by_label("Spec", exact=True)
    spec = json.loads(editor.input_value())
    spec["name"] = "Reading Circle"
    editor.fill(json.dumps(spec))
    page.get_by_role("button", name="Save the edit").click()
    page.locator(".review .plan h3", has_text="Reading Circle").wait_for()
    page.get_by_role("button", name="Approve and build").click()
    page.wait_for_function("document.body.dataset.buildStatus === 'completed'", timeout=180_000)
    assert page.locator(".spec h3").inner_text() == "Reading Circle"


def test_a_bad_edit_is_refused_naming_the_field_and_changes_nothing(page, console: Console) -> None:
    start_reviewed_build(page, console)
    page.get_by_text("Edit the spec (JSON)").click()
    editor = page.get_by_label("Spec", exact=True)
    spec = json.loads(editor.input_value())
    spec["entities"][0]["fields"] = []
    editor.fill(json.dumps(spec))
    page.get_by_role("button", name="Save the edit").click()
    alert = page.locator(".review .error")
    alert.wait_for()
    assert "entities" in alert.inner_text()
    page.get_by_role("button", name="Reject").click()
    page.wait_for_function("document.body.dataset.buildStatus === 'cancelled'", timeout=60_000)
