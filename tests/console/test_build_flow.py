"""Sign in, start a build from the console, watch it to completed, and look at everything it made."""

from __future__ import annotations

import re
import zipfile

import pytest

from .conftest import Console, shoot, sign_in

pytestmark = pytest.mark.slow

XSS_PROMPT = (
    'A task tracker <script>window.__pwned = 1; alert("xss")</script> with <img src=x onerror="window.__pwned=2"> '
    "<b>bold</b> due dates. Write the whole application in Python."
)


def start_build(page, console: Console, prompt: str, *, video: bool) -> str:
    page.goto(console.base + "/#/new")
    page.get_by_label("Describe the app").fill(prompt)
    if not video:
        page.get_by_label("Demo video", exact=True).uncheck()
    page.get_by_label("Front-end style").select_option("html")
    page.get_by_role("button", name="Start build").click()
    page.wait_for_url(re.compile(r"#/build/"))
    return page.url.rsplit("/", 1)[-1]


def wait_completed(page, timeout_ms: int = 240_000) -> None:
    page.wait_for_function("document.body.dataset.buildStatus === 'completed'", timeout=timeout_ms)
    page.get_by_role("heading", name="Results").wait_for()


def test_build_from_the_console_to_completed_with_its_results(page, console: Console) -> None:
    sign_in(page, console)
    page.goto(console.base + "/#/new")
    page.get_by_role("button", name="Start build").wait_for()
    page.get_by_text("Start from a template").click()
    page.locator("button.template img").first.wait_for()
    page.wait_for_function(
        "[...document.querySelectorAll('button.template img')].every(i => i.complete && i.naturalWidth > 0)"
    )
    shoot(page, console, "new-build")

    session_id = start_build(page, console, XSS_PROMPT, video=False)
    page.locator(".agent.active").first.wait_for(timeout=60_000)
    shoot(page, console, "progress")
    # Reconnect mid-stream: the replay after the last seq adds no event twice.
    page.get_by_role("button", name="Reconnect").click()
    wait_completed(page)
    seqs = page.locator(".log .seq").all_text_contents()
    assert len(seqs) == len(set(seqs)) and len(seqs) > 10
    assert page.locator(".phases li.done").count() == 6
    cards = page.locator(".agent")
    assert cards.count() == 3
    assert "offline" in page.locator('.agent[data-agent="coder"] .model').text_content()
    shoot(page, console, "results-spec")

    # XSS: the prompt's markup is shown as text and nothing ran.
    spec = page.locator(".spec")
    assert "<script>" in spec.inner_text() or "<b>bold</b>" in spec.inner_text()
    assert page.locator(".spec script, .spec img, .spec b").count() == 0
    assert page.evaluate("window.__pwned") is None

    page.get_by_role("tab", name="Mockups").click()
    page.wait_for_function(
        "document.querySelectorAll('.mockups img').length > 0"
        " && [...document.querySelectorAll('.mockups img')].every(i => i.complete && i.naturalWidth > 0)"
    )
    shoot(page, console, "results-mockups")

    page.get_by_role("tab", name="Code").click()
    page.locator("summary", has_text="backend/").click()
    page.locator('button.file[data-path="backend/main.py"]').click()
    page.wait_for_function("document.querySelector('pre.code code').dataset.language === 'Python'")
    assert page.locator("pre.code code span[class^=tok-k]").count() > 3
    assert "FastAPI" in page.locator("pre.code").inner_text()
    shoot(page, console, "results-code")

    page.get_by_role("tab", name="Tests").click()
    facts = page.locator("table.facts")
    facts.wait_for()
    cells = {row.locator("th").inner_text(): row.locator("td").inner_text() for row in facts.locator("tr").all()}
    assert cells["Result"] == "passed" and int(cells["Passed"]) > 10 and cells["Failed"] == "0"
    assert cells["Browser tests"].endswith("0 failed, 0 skipped")
    shoot(page, console, "results-tests")
    page.get_by_role("tab", name="Features").click()
    assert page.locator("table.features tbody tr").count() >= 1
    shoot(page, console, "results-features")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download the code (zip)").click()
    assert download.value.suggested_filename.endswith(".zip")
    with zipfile.ZipFile(download.value.path()) as archive:
        assert any(name.endswith("/backend/main.py") for name in archive.namelist())

    page.get_by_role("tab", name="App").click()
    page.get_by_role("button", name="Open the running app").click()
    frame = page.frame_locator("iframe.app-frame")
    frame.locator("header.topbar").wait_for(timeout=30_000)
    assert frame.locator("a.brand").inner_text().strip()
    frame.locator("nav a", has_text="Task list").click()
    framed = next(f for f in page.frames if "/console/apps/" in f.url)
    framed.wait_for_url(re.compile(r"/console/apps/[^/]+/task-list"))
    framed.wait_for_load_state("load")
    assert framed.locator("h1").first.inner_text().strip()
    # A form posted inside the frame goes through the proxy; its redirect stays under the ticket's prefix.
    framed.locator("nav a", has_text="Task form").click()
    framed.wait_for_url(re.compile(r"/console/apps/[^/]+/task-form"))
    framed.locator("main form input[type=text]").first.fill("Water the ferns")
    framed.locator("main form [type=submit]").first.click()
    framed.wait_for_url(re.compile(r"/console/apps/[^/]+/(?!task-form)"))
    framed.locator("main", has_text="Water the ferns").wait_for()
    framed.locator("nav a", has_text="Task list").click()
    framed.wait_for_url(re.compile(r"/console/apps/[^/]+/task-list"))
    framed.locator("main", has_text="Water the ferns").wait_for()
    framed.wait_for_load_state("networkidle")
    page.locator("iframe.app-frame").scroll_into_view_if_needed()
    page.wait_for_timeout(500)  # the frame runs out of process (sandboxed): let it paint before the screenshot
    shoot(page, console, "results-app", full_page=False)

    page.get_by_role("tab", name="Versions").click()
    v1 = page.locator('li.version[data-version="1"]')
    v1.wait_for()
    assert "<script>" in v1.locator(".message").inner_text()  # the request is the version's message, as text
    v1.get_by_role("button", name="Diff of v1").click()
    page.get_by_role("heading", name="What v1 changed against the empty folder").wait_for()
    assert page.locator("pre.diff .diff-add").count() > 100
    assert page.locator('li.version[data-version="1"] >> text=Roll back').count() == 0  # nothing older to go back to
    shoot(page, console, "results-versions")

    # The XSS test across the other pages that show a prompt (the list, the build page): the same build.
    page.goto(console.base + "/#/builds")
    row = page.locator(f'tr[data-session="{session_id}"]')
    row.wait_for(timeout=60_000)
    assert "<script>" in row.inner_text() and "onerror" in row.inner_text()
    assert page.locator("table.builds script, table.builds img, table.builds b").count() == 0
    page.goto(console.base + f"/#/build/{session_id}")
    wait_completed(page)
    assert page.locator("main script, main img[src='x'], main b").count() == 0
    assert page.evaluate("window.__pwned") is None
    page.get_by_role("button", name="Delete build").click()
    page.wait_for_url(re.compile(r"#/builds$"))


def test_a_build_with_its_demo_video_plays_in_the_console(page, console: Console) -> None:
    sign_in(page, console)
    start_build(
        page,
        console,
        "A recipe box to save recipes with ingredients. Write the whole application in Python.",
        video=True,
    )
    wait_completed(page, timeout_ms=240_000)
    page.get_by_role("tab", name="Video").click()
    video = page.locator("video.demo")
    video.wait_for()
    page.wait_for_function("document.querySelector('video.demo').readyState >= 1")
    assert page.evaluate("document.querySelector('video.demo').duration") > 1
    page.evaluate("document.querySelector('video.demo').muted = true")
    page.evaluate("document.querySelector('video.demo').play()")
    page.wait_for_function("document.querySelector('video.demo').currentTime > 0.5", timeout=20_000)
    shoot(page, console, "results-video", full_page=False)
