"""A React app (the default front-end style) working in the console's frame, under the proxy's prefix.

The proxy injects ``<base href="/console/apps/{ticket}/">``; the generated app takes its base path from it for
its router, its API calls and its live-updates WebSocket. The frame is sandboxed (origin ``null``), so its API
calls are cross-origin requests the proxy allows. Every step here goes through ``/console/apps/{ticket}/``.
"""

from __future__ import annotations

import re

import httpx
import pytest

from .conftest import Console, shoot, sign_in
from .test_build_flow import wait_completed

pytestmark = pytest.mark.slow

PROMPT = "A task tracker with due dates and live updates"


def test_a_react_app_loads_posts_and_streams_its_data_inside_the_frame(page, console: Console) -> None:
    sign_in(page, console)
    page.goto(console.base + "/#/new")
    page.get_by_label("Describe the app").fill(PROMPT)
    page.get_by_label("Demo video", exact=True).uncheck()
    page.get_by_label("Front-end style").select_option("react")
    page.get_by_role("button", name="Start build").click()
    page.wait_for_url(re.compile(r"#/build/"))
    wait_completed(page)

    page.get_by_role("tab", name="App").click()
    page.get_by_role("button", name="Open the running app").click()
    frame_url = page.locator("iframe.app-frame").get_attribute("src")
    assert frame_url and frame_url.startswith("/console/apps/") and frame_url.endswith("/")
    app_base = console.base + frame_url
    # A row created through the proxy before the list is opened: the list must fetch it through the prefix.
    seeded = httpx.post(app_base + "api/tasks", json={"title": "Seeded through the proxy"}, timeout=10)
    assert seeded.status_code in (200, 201), seeded.text

    frame = page.frame_locator("iframe.app-frame")
    frame.locator("header.app-header").wait_for(timeout=30_000)
    framed = next(f for f in page.frames if "/console/apps/" in f.url)
    assert framed.evaluate("document.querySelector('base').getAttribute('href')") == frame_url
    frame.locator("nav a", has_text="Task list").click()
    framed.wait_for_url(re.compile(r"/console/apps/[^/]+/task-list$"))  # the router's basename is the prefix
    frame.locator("#tasks-table", has_text="Seeded through the proxy").wait_for(timeout=15_000)

    # A form post inside the frame (a cross-origin POST from the sandbox) adds a row the list then shows.
    frame.locator("nav a", has_text="Task form").click()
    framed.wait_for_url(re.compile(r"/console/apps/[^/]+/task-form$"))
    frame.locator("#task-title").fill("Added in the frame")
    frame.locator("#save-task").click()
    frame.locator("nav a", has_text="Task list").click()
    frame.locator("#tasks-table", has_text="Added in the frame").wait_for(timeout=15_000)
    rows = httpx.get(app_base + "api/tasks", timeout=10).json()
    assert {"Seeded through the proxy", "Added in the frame"} <= {row["title"] for row in rows}

    # A deep link loaded afresh (index.html for /task-list under the prefix) still finds its assets and data.
    framed.goto(app_base + "task-list")
    frame.locator("#tasks-table", has_text="Added in the frame").wait_for(timeout=15_000)

    # Live updates: the app's WebSocket is relayed by the proxy; a row created elsewhere shows up in the feed.
    frame.locator("nav a", has_text="Live feed").click()
    frame.locator(".badge-on", has_text="Connected").wait_for(timeout=15_000)
    httpx.post(app_base + "api/tasks", json={"title": "Pushed over the socket"}, timeout=10).raise_for_status()
    frame.locator("#live-feed-items", has_text="Pushed over the socket").wait_for(timeout=15_000)
    page.locator("iframe.app-frame").scroll_into_view_if_needed()
    shoot(page, console, "results-app-react", full_page=False)
