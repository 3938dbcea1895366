"""Recording the demo video from the running app: a real Chromium visits every page, fills a form, shows the result.

The app runs as users run it (``uvicorn backend.main:app`` on a free 127.0.0.1 port) from a throwaway copy of
the build folder with a throwaway database, so the recording adds nothing to the delivered app's data. Playwright
drives the system Chromium with ``record_video_dir``; the walk follows the app's browser plan (the same pages,
form values and list pages its browser tests use, ``tools/browser_checks.py``), slowed down so a viewer can follow
it. ffmpeg turns Playwright's WebM into an H.264 MP4 (yuv420p, faststart) like the mockup walk-through.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import shutil
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from .browser_checks import BrowserPlan, run_flow, sign_in
from .deploy_local import free_port
from .processes import clean_env, kill_group, run_process

VIEWPORT = {"width": 1280, "height": 720}
SLOW_MO_MS = 120  # each browser action waits this long, so typing and clicks are visible
PAGE_PAUSE_MS = 700  # how long each page stays on screen once loaded
RESULT_PAUSE_MS = 1400  # the list page showing the row the form added
BOOT_TIMEOUT_S = 30.0
# Chromium's frames are full-range JPEG: convert to the limited-range yuv420p every player expects
ENCODER_ARGS = [
    *("-c:v", "libx264", "-preset", "veryfast", "-crf", "23"),
    *("-vf", "fps=25,scale=out_range=tv,format=yuv420p", "-color_range", "tv"),
]
_BROWSERS_ENV = "PLAYWRIGHT_BROWSERS_PATH"
_DRIVER_ENV_LOCK = threading.Lock()
_COPY_IGNORED = shutil.ignore_patterns("node_modules", ".venv", "__pycache__", ".pytest_cache", "*.db", "*.log")


class RecordingUnavailable(Exception):
    """The app cannot be recorded; ``str(exc)`` says why in words a user can act on."""


@dataclass
class Recording:
    path: Path
    pages: list[str] = field(default_factory=list)  # routes shown, in order
    flow: str | None = None  # the form flow shown, if any
    problems: list[str] = field(default_factory=list)  # what did not go as the plan says (the video still exists)


def unservable_reason(app_dir: Path, plan: BrowserPlan) -> str | None:
    """Why the app's pages cannot be served from ``app_dir`` (None: they can)."""
    if not (app_dir / "backend" / "main.py").is_file():
        return f"{app_dir} has no backend/main.py to run"
    if plan.frontend_style == "react" and not (app_dir / "frontend" / "dist" / "index.html").is_file():
        return "the React front end is not built (no frontend/dist/index.html), so the app serves no pages"
    if not plan.pages:
        return "the app's browser plan lists no pages to visit"
    return None


async def _healthy(server: asyncio.subprocess.Process, url: str) -> bool:
    deadline = time.monotonic() + BOOT_TIMEOUT_S
    async with httpx.AsyncClient(timeout=2.0) as client:
        while server.returncode is None and time.monotonic() < deadline:
            try:
                if (await client.get(url + "/api/health")).status_code == 200:
                    return True
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)  # polling while uvicorn starts
    return False


async def _start_app(app_dir: Path, data: Path, python: str) -> tuple[asyncio.subprocess.Process, str]:
    port = free_port()
    env = clean_env({"DATABASE_URL": f"sqlite:///{data / 'demo.db'}", "PORT": str(port)})
    log = (data / "server.log").open("wb")
    server = await asyncio.create_subprocess_exec(
        python, "-m", "uvicorn", "backend.main:app", "--host", "127.0.0.1", "--port", str(port),
        cwd=app_dir, env=env, stdout=log, stderr=asyncio.subprocess.STDOUT, stdin=asyncio.subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    log.close()
    url = f"http://127.0.0.1:{port}"
    try:
        healthy = await _healthy(server, url)
    except BaseException:  # cancelled while it booted: the app must not outlive the build
        kill_group(server)
        await server.wait()
        raise
    if healthy:
        return server, url
    kill_group(server)
    await server.wait()
    tail = (data / "server.log").read_text(errors="replace")[-1500:]
    raise RecordingUnavailable(f"the app did not answer /api/health within {BOOT_TIMEOUT_S:.0f} s:\n{tail}")


def _register(base_url: str, plan: BrowserPlan) -> tuple[str, str]:
    assert plan.login is not None
    email, password = "demo@example.com", secrets.token_urlsafe(12)
    body = json.dumps({"email": email, "password": password}).encode()
    request = urllib.request.Request(
        base_url + plan.login.register_api, data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10):
        pass
    return email, password


def _show(page: Any, base_url: str, route: str) -> list[str]:
    """Open the page, let it settle on screen, and scroll through it when it is taller than the window."""
    response = page.goto(base_url + route, wait_until="load")
    page.wait_for_timeout(PAGE_PAUSE_MS)
    if response is not None and response.status >= 400:
        return [f"GET {route} answered {response.status}"]
    if page.evaluate("() => document.documentElement.scrollHeight > window.innerHeight + 40"):
        page.evaluate("() => window.scrollTo({top: document.documentElement.scrollHeight, behavior: 'smooth'})")
        page.wait_for_timeout(PAGE_PAUSE_MS)
    return []


# A value the control accepts, from its own attributes (type, min, max, minlength); None: leave it as it is.
_VALUE_JS = """(e) => {
  const type = (e.getAttribute('type') || e.tagName).toLowerCase();
  const min = e.getAttribute('min'), max = e.getAttribute('max'), least = Number(e.getAttribute('minlength') || 0);
  const text = (word) => word.padEnd(least, 'o');
  if (type === 'number' || type === 'range') return min !== null ? min : (max !== null ? max : '1');
  if (type === 'date') return min || '2026-01-15';
  if (type === 'datetime-local') return min || '2026-01-15T10:30';
  if (type === 'time') return '10:30';
  if (type === 'email') return 'demo@example.com';
  if (type === 'url') return 'https://example.com';
  if (type === 'tel') return '+1 555 0100';
  if (type === 'password') return text('Demo-pass-123');
  if (type === 'textarea') return text('A demo entry');
  if (['text', 'search', 'input'].includes(type)) return text('Demo');
  return null;
}"""
_CONTROLS = "input:visible:enabled, select:visible:enabled, textarea:visible:enabled"


def _form(page: Any) -> Any:
    """The page's first form with a button (a locator; ``count()`` is 0 when there is none)."""
    return page.locator("form").filter(has=page.locator("button, input[type=submit]")).first


def _submit_form(page: Any) -> list[str]:
    """Fill every control of the page's first form with a value it accepts, submit it, wait for the answer."""
    form = _form(page)
    for index in range(form.locator(_CONTROLS).count()):
        control = form.locator(_CONTROLS).nth(index)
        kind = control.evaluate("(e) => (e.getAttribute('type') || e.tagName).toLowerCase()")
        if kind == "select":
            values = control.evaluate("(e) => [...e.options].map((o) => o.value).filter((v) => v !== '')")
            if values:
                control.select_option(values[0])
        elif kind in ("checkbox", "radio"):
            control.check()
        elif (value := control.evaluate(_VALUE_JS)) is not None:
            control.fill(value)
    submit = form.locator("button[type=submit], input[type=submit], button:not([type])").first
    try:
        with page.expect_response(lambda r: r.request.method in ("POST", "PUT", "PATCH"), timeout=8000) as answer:
            submit.click()
    except Exception:  # the timeout is the finding
        return ["submitting the form sent nothing to the server"]
    page.wait_for_load_state("load")
    return [f"submitting the form answered {answer.value.status}"] if answer.value.status >= 400 else []


def _ffmpeg_folder(work: Path) -> Path | None:
    """A Playwright browsers folder holding the ffmpeg its video recorder runs: Playwright's own download when it
    exists, else a link to imageio-ffmpeg's (it has the VP9 encoder and Matroska input the recorder uses), made
    in ``work``. None when Playwright's own is there (nothing to point at)."""
    import imageio_ffmpeg
    import playwright

    browsers = json.loads((Path(playwright.__file__).parent / "driver" / "package" / "browsers.json").read_text())
    revision = next(b["revision"] for b in browsers["browsers"] if b["name"] == "ffmpeg")
    name = f"ffmpeg-{revision}/ffmpeg-linux"
    own = Path(os.environ.get(_BROWSERS_ENV) or Path.home() / ".cache" / "ms-playwright")
    if (own / name).is_file():
        return None
    folder = work / "playwright-browsers"
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).symlink_to(imageio_ffmpeg.get_ffmpeg_exe())
    return folder


def _start_playwright(browsers: Path | None) -> Any:
    """Start Playwright's driver, pointed at ``browsers`` for its ffmpeg (the driver reads the variable once, at
    start; it is restored at once so nothing else in this process sees it)."""
    from playwright.sync_api import sync_playwright

    if browsers is None:
        return sync_playwright().start()
    with _DRIVER_ENV_LOCK:
        previous = os.environ.get(_BROWSERS_ENV)
        os.environ[_BROWSERS_ENV] = str(browsers)
        try:
            return sync_playwright().start()
        finally:
            if previous is None:
                os.environ.pop(_BROWSERS_ENV, None)
            else:
                os.environ[_BROWSERS_ENV] = previous


def _browse(base_url: str, plan: BrowserPlan, row_pages: list[str], chromium: str, work: Path) -> Recording:
    """The walk through the app in Chromium, recorded to a WebM in ``work`` (runs in a worker thread)."""
    folder = work / "video"
    recording = Recording(path=folder)
    playwright = _start_playwright(_ffmpeg_folder(work))
    try:
        browser = playwright.chromium.launch(executable_path=chromium, slow_mo=SLOW_MO_MS)
        try:
            context = browser.new_context(
                viewport=VIEWPORT, record_video_dir=str(folder), record_video_size=VIEWPORT
            )  # fmt: skip
            page = context.new_page()
            if plan.login is not None:
                email, password = _register(base_url, plan)
                recording.problems += sign_in(page, base_url, plan.login, email, password)
            form_route = None  # the first page with a form (not the sign-in one)
            for check in plan.pages:
                if "{" in check.route:  # a detail route needs a row's id; the list pages link to it
                    continue
                recording.problems += _show(page, base_url, check.route)
                recording.pages.append(check.route)
                signing_in = plan.login is not None and check.route == plan.login.route
                if form_route is None and not signing_in and _form(page).count():
                    form_route = check.route
            if plan.flows:
                flow = plan.flows[0]  # parents first: its form needs no other row to exist
                recording.problems += run_flow(page, base_url, flow)
                recording.flow = flow.name
                shown = page.get_by_text(flow.expect_text).first
                if shown.count():
                    shown.scroll_into_view_if_needed()
                page.wait_for_timeout(RESULT_PAUSE_MS)
            elif form_route is not None:  # no form whose rows a list page shows: submit one, show where it leads
                page.goto(base_url + form_route, wait_until="load")
                recording.problems += _submit_form(page)
                recording.flow = f"the form on {form_route}"
                page.wait_for_timeout(RESULT_PAUSE_MS)
            for route in row_pages:  # pages of one row, once rows exist
                recording.problems += _show(page, base_url, route)
                recording.pages.append(route)
            video = page.video
            context.close()  # writes the video file
            recording.path = Path(video.path()) if video is not None else folder
        finally:
            browser.close()
    finally:
        playwright.stop()
    return recording


async def _encode(webm: Path, out: Path, timeout_s: float) -> None:
    import imageio_ffmpeg

    partial = out.with_name(f".{out.stem}.partial{out.suffix or '.mp4'}")
    args = [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-i", str(webm), *ENCODER_ARGS]
    try:
        result = await run_process(
            [*args, "-movflags", "+faststart", "-an", str(partial)], cwd=out.parent, timeout_s=timeout_s
        )
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    if result.exit_code != 0 or result.timed_out or not partial.is_file():
        partial.unlink(missing_ok=True)
        tail = "\n".join(result.output.strip().splitlines()[-8:])
        raise RecordingUnavailable(f"ffmpeg could not convert the recording to MP4:\n{tail}")
    os.replace(partial, out)


async def record_app(
    app_dir: Path,
    plan: BrowserPlan,
    out: Path,
    *,
    chromium: str,
    row_pages: list[str] | None = None,
    python: str | None = None,
    timeout_s: float = 180,
) -> Recording:
    """Record the app in ``app_dir`` walking through ``plan`` into the MP4 ``out``; ``row_pages`` are routes of
    pages that show one row (their id filled in), visited last.

    Raises ``RecordingUnavailable`` (with the reason) when the app cannot be served or recorded; the caller
    falls back to the mockup walk-through."""
    reason = unservable_reason(app_dir, plan)
    if reason:
        raise RecordingUnavailable(reason)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    # a cancelled build leaves while the browser thread may still be writing here: cleanup must not mask that
    with tempfile.TemporaryDirectory(prefix="nexusforge-recording-", ignore_cleanup_errors=True) as tmp:
        work = Path(tmp)
        app = work / "app"
        await asyncio.to_thread(shutil.copytree, app_dir, app, ignore=_COPY_IGNORED)
        server, base_url = await _start_app(app, work, python or sys.executable)
        try:
            walk = asyncio.to_thread(_browse, base_url, plan, row_pages or [], chromium, work)
            recording = await asyncio.wait_for(walk, timeout_s)
        except TimeoutError:
            raise RecordingUnavailable(f"the walk through the app took longer than {timeout_s:.0f} s") from None
        except RecordingUnavailable:
            raise
        except Exception as exc:  # Playwright's errors: the browser could not do what the walk asked
            problem = f"{type(exc).__name__}: {exc}"
            raise RecordingUnavailable(f"the browser could not walk through the app: {problem}") from exc
        finally:
            kill_group(server)
            await server.wait()
        if not recording.path.is_file():
            raise RecordingUnavailable("Chromium wrote no video file")
        await _encode(recording.path, out, timeout_s)
    recording.path = out
    return recording
