"""Iterate in the console: revise a built app and see v2, open its diff, roll back to v1 (a new v3)."""

from __future__ import annotations

import re

import pytest

from .conftest import Console, shoot, sign_in

pytestmark = pytest.mark.slow


def test_revise_then_diff_then_roll_back(page, console: Console) -> None:
    sign_in(page, console)
    page.goto(console.base + "/#/new")
    page.get_by_label("Describe the app").fill(
        "A task list with a title and notes. Write the whole application in Python."
    )
    page.get_by_label("Demo video", exact=True).uncheck()
    page.get_by_label("Run the app locally when built").uncheck()
    page.get_by_role("button", name="Start build").click()
    page.wait_for_url(re.compile(r"#/build/"))
    page.wait_for_function("document.body.dataset.buildStatus === 'completed'", timeout=150_000)

    page.get_by_label("What should change?").fill("Add a due date field to tasks")
    shoot(page, console, "revise")
    page.get_by_role("button", name="Revise").click()
    page.wait_for_function("document.body.dataset.buildStatus === 'revising'")
    page.wait_for_function("document.body.dataset.buildStatus === 'completed'", timeout=150_000)

    # The result tabs follow the WAI-ARIA pattern: arrow keys move between them, End goes to the last.
    page.get_by_role("tab", name="Spec").focus()
    page.keyboard.press("ArrowRight")
    assert page.get_by_role("tab", name="Mockups").get_attribute("aria-selected") == "true"
    page.keyboard.press("End")
    assert page.evaluate("document.activeElement.textContent") == "Versions"
    v2 = page.locator('li.version[data-version="2"]')
    v2.wait_for()
    assert "due date" in v2.locator(".message").inner_text()
    v2.get_by_role("button", name="Diff of v2").click()
    page.get_by_role("heading", name="What v2 changed against v1").wait_for()
    added = "\n".join(page.locator("pre.diff .diff-add").all_inner_texts())
    assert "due_date" in added
    shoot(page, console, "results-diff")

    page.locator('li.version[data-version="1"]').get_by_role("button", name="Roll back to v1").click()
    v3 = page.locator('li.version[data-version="3"]')
    v3.wait_for()
    v3.get_by_role("button", name="Diff of v3").click()
    page.get_by_role("heading", name="What v3 changed against v2").wait_for()
    removed = "\n".join(page.locator("pre.diff .diff-del").all_inner_texts())
    assert "due_date" in removed  # v3 has v1's files again
