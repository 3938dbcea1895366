"""Builds list, API keys, admin: each page in the browser, at desktop width and at 375 px."""

from __future__ import annotations

import re

import httpx
import pytest

from .conftest import USER_EMAIL, USER_PASSWORD, Console, shoot, sign_in

OFFLINE_NO_VIDEO = {"enableVideoDemo": False, "techStack": {"frontend": "html"}}


def _api_build(console: Console, token: str, prompt: str, **config: object) -> str:
    answer = httpx.post(
        console.base + "/api/nexus-forge/build",
        json={"prompt": prompt, "config": {**OFFLINE_NO_VIDEO, **config}},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    answer.raise_for_status()
    return answer.json()["session_id"]


def test_sign_in_refuses_a_wrong_password_then_signs_in_and_out(page, console: Console) -> None:
    page.goto(console.base + "/")
    page.get_by_label("Email").wait_for()
    shoot(page, console, "sign-in")
    page.get_by_label("Email").fill(USER_EMAIL)
    page.get_by_label("Password").fill("wrong-password")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("alert").first.inner_text()
    sign_in(page, console, USER_EMAIL, USER_PASSWORD)
    assert page.get_by_role("link", name="Admin").count() == 0  # not offered to a non-admin
    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("Email").wait_for()
    page.goto(console.base + "/#/keys")  # a page behind sign-in sends the visitor to sign in
    page.get_by_label("Email").wait_for()


def test_non_admin_cannot_open_the_admin_page(page, console: Console) -> None:
    sign_in(page, console, USER_EMAIL, USER_PASSWORD)
    page.goto(console.base + "/#/admin")
    refused = page.locator("#admin-refused")
    refused.wait_for()
    assert "Admins only" in refused.inner_text()
    assert page.locator("svg.chart").count() == 0
    shoot(page, console, "admin-refused")


def test_admin_sees_the_metrics_with_charts(page, console: Console) -> None:
    sign_in(page, console)
    page.goto(console.base + "/#/admin")
    page.locator("svg.chart").first.wait_for()
    assert page.locator("svg.chart").count() == 2
    assert page.locator("svg.chart rect").count() == 6
    shoot(page, console, "admin")


def test_api_key_is_shown_once_listed_masked_and_revoked(page, console: Console) -> None:
    sign_in(page, console, USER_EMAIL, USER_PASSWORD)
    page.get_by_role("link", name="API keys").click()
    page.get_by_label("Name").fill("CI pipeline")
    page.get_by_role("button", name="Create key").click()
    secret = page.locator("#new-key").inner_text()
    assert secret.startswith("pk_live_") and len(secret) > 40
    row = page.locator("table.keys tbody tr", has_text="CI pipeline")
    masked = row.locator("code").inner_text()
    assert "..." in masked and masked != secret
    assert "never" in row.inner_text()
    # The key works until it is revoked.
    assert httpx.get(console.base + "/auth/me", headers={"X-API-Key": secret}, timeout=10).status_code == 200
    shoot(page, console, "api-keys")
    row.get_by_role("button", name="Revoke CI pipeline").click()
    page.locator("table.keys tbody tr", has_text="CI pipeline").wait_for(state="detached")
    assert httpx.get(console.base + "/auth/me", headers={"X-API-Key": secret}, timeout=10).status_code == 401


# The New build view's model catalogue answers 3 s late (as it can on a busy server: builds left running by
# the tests before, or the 12 builds below): the page a person opens meanwhile must not be wiped when it arrives.
SLOW_MODELS = """
window.__models = "none";
const realFetch = window.fetch.bind(window);
window.fetch = (input, init) => {
  if (!String(input).includes("/api/config/models")) return realFetch(input, init);
  window.__models = "waiting";
  return new Promise((done) => setTimeout(done, 3000))
    .then(() => realFetch(input, init))
    .then((answer) => { setTimeout(() => (window.__models = "answered"), 200); return answer; });
};
"""


def test_a_view_still_loading_never_draws_over_the_page_opened_next(page, console: Console) -> None:
    page.add_init_script(SLOW_MODELS)
    sign_in(page, console, USER_EMAIL, USER_PASSWORD)  # lands on New build, which waits for the catalogue
    assert page.evaluate("window.__models") == "waiting"
    page.get_by_role("link", name="API keys").click()
    page.get_by_label("Name", exact=True).fill("Opened while New build loaded")
    page.get_by_role("button", name="Create key").click()
    page.locator("#new-key").wait_for()
    page.wait_for_function("window.__models === 'answered'")
    assert page.locator("#new-key").is_visible()  # the keys page is still there, the new key with it
    assert page.get_by_role("heading", name="New build").count() == 0
    assert page.evaluate("document.body.dataset.view") == "keys"


@pytest.mark.slow
def test_builds_list_searches_filters_pages_cancels_and_deletes(page, console: Console) -> None:
    token = console.token(USER_EMAIL, USER_PASSWORD)
    # Each build stops at its plan (reviewSpec): twelve listed builds that are running, without twelve offline builds
    # competing for the machine meanwhile.
    prompt = "A plant diary number {} to log watering. Write the whole application in Python."
    ids = [_api_build(console, token, prompt.format(n), reviewSpec=True) for n in range(12)]
    sign_in(page, console, USER_EMAIL, USER_PASSWORD)
    page.get_by_role("link", name="Builds").click()
    rows = page.locator("table.builds tbody tr")
    rows.first.wait_for()
    assert rows.count() == 10  # the first page
    page.get_by_role("button", name="Next").click()
    page.get_by_text("Builds 11–").wait_for()
    assert page.get_by_role("button", name="Previous").is_enabled()
    page.get_by_role("button", name="Previous").click()
    page.get_by_text("Builds 1–10").wait_for()
    shoot(page, console, "builds")
    for session_id in ids[:-1]:  # spare the machine: the rest of the test needs them listed, not running
        httpx.delete(
            console.base + f"/api/nexus-forge/build/{session_id}",
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )

    # Cancel the newest build while it runs (it waits for its plan's review).
    newest = page.locator(f'tr[data-session="{ids[-1]}"]')
    newest.get_by_role("button", name="Cancel").click()
    page.locator(f'tr[data-session="{ids[-1]}"] .badge.status-cancelled').wait_for(timeout=30_000)

    page.get_by_label("Search").fill("number 3 ")
    page.get_by_role("button", name="Search").click()
    page.wait_for_function("document.querySelectorAll('table.builds tbody tr').length === 1")
    assert "number 3" in rows.first.inner_text()

    page.get_by_label("Search").fill("")
    page.get_by_label("Status").select_option("cancelled")
    page.wait_for_function(
        "[...document.querySelectorAll('table.builds tbody tr .badge')].every(b => b.textContent === 'cancelled')"
    )

    # Delete a finished build.
    page.get_by_label("Status").select_option("")
    finished = httpx.get(
        console.base + f"/api/nexus-forge/build/{ids[-1]}", headers={"Authorization": f"Bearer {token}"}, timeout=10
    ).json()
    assert finished["status"] == "cancelled"
    page.locator(f'tr[data-session="{ids[-1]}"]').get_by_role("button", name="Delete").click()
    page.locator(f'tr[data-session="{ids[-1]}"]').wait_for(state="detached")
    gone = httpx.get(
        console.base + f"/api/nexus-forge/build/{ids[-1]}", headers={"Authorization": f"Bearer {token}"}, timeout=10
    )
    assert gone.status_code == 404


@pytest.mark.parametrize("route", ["#/new", "#/builds", "#/keys", "#/admin"])
def test_pages_fit_a_375_px_screen(browser, console: Console, route: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800}, bypass_csp=True)
    page = context.new_page()
    try:
        sign_in(page, console)
        page.goto(console.base + "/" + route)
        page.locator("main h1").first.wait_for()
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        shoot(page, console, f"mobile-{route.strip('#/')}")
    finally:
        context.close()


def test_keyboard_alone_signs_in_and_moves_between_pages(page, console: Console) -> None:
    page.goto(console.base + "/")
    page.get_by_label("Email").wait_for()
    assert page.evaluate("document.activeElement.id") == "email"  # the form takes the focus
    page.keyboard.type(USER_EMAIL)
    page.keyboard.press("Tab")
    page.keyboard.type(USER_PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Sign out").wait_for()
    page.locator("#prompt").wait_for()
    assert page.evaluate("document.activeElement.id") == "prompt"  # the new view focuses its first field
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    for _ in range(8):  # back through the top bar to the Builds link
        if page.evaluate("document.activeElement.textContent") == "Builds":
            break
        page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.textContent") == "Builds"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # the focus is visible
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Builds").wait_for()


def test_new_build_from_a_template_shows_models_with_availability_and_cancels(page, console: Console) -> None:
    sign_in(page, console)
    page.goto(console.base + "/#/new")
    spec_models = page.get_by_label("Specification model")
    spec_models.wait_for()
    offline = spec_models.locator("option", has_text="available").filter(has_not_text="unavailable")
    assert offline.count() >= 1 and offline.first.is_enabled()
    unavailable = spec_models.locator("option:disabled")
    assert unavailable.count() >= 1 and "unavailable: set " in unavailable.first.inner_text()
    page.get_by_text("Start from a template").click()
    page.locator('button.template[data-template="task_manager"]').click()
    assert page.get_by_label("Describe the app").input_value()  # the template's example prompt
    page.get_by_label("Demo video", exact=True).uncheck()
    page.get_by_role("button", name="Start build").click()
    page.wait_for_url(re.compile(r"#/build/"))
    page.get_by_role("button", name="Cancel build").click()
    page.wait_for_function("['cancelled', 'completed'].includes(document.body.dataset.buildStatus)", timeout=60_000)
    page.get_by_role("button", name="Delete build").wait_for()
