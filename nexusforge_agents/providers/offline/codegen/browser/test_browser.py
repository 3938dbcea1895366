"""Browser tests: the running app in a real Chromium, checked against the pages its spec promises.

tests/browser_plan.json holds what the spec says (page routes, document titles, element ids, form flows,
navigation targets); tests/browser_checks.py holds the checks. The app is started here the way it runs for
users (uvicorn backend.main:app on a free 127.0.0.1 port, with a throwaway database). These tests need
Playwright for Python (`pip install -r requirements-browser.txt`) and a Chromium ($NEXUSFORGE_CHROMIUM, else
/usr/bin/chromium); without them they are skipped, saying why, never passed.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_checks import (
    PLAN_FILE,
    BrowserPlan,
    check_navigation,
    check_page,
    chromium_path,
    register_and_sign_in,
    run_flow,
)

APP_ROOT = Path(__file__).resolve().parent.parent
PLAN = BrowserPlan.from_json((Path(__file__).parent / PLAN_FILE).read_text(encoding="utf-8"))
BOOT_TIMEOUT_S = 40.0


def _none_to_check(what: str) -> list[Any]:
    return [pytest.param(None, marks=pytest.mark.skip(reason=f"the spec has no {what} to check"))]


def _name(check: Any) -> str:
    return str(getattr(check, "name", ""))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def chromium() -> str:
    path, why = chromium_path()
    if path is None:
        pytest.skip(f"no Chromium found: {why}")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("Playwright for Python is not installed: pip install -r requirements-browser.txt")
    if PLAN.frontend_style == "react":
        dist = Path(os.environ.get("FRONTEND_DIST", APP_ROOT / "frontend" / "dist"))
        if not (dist / "index.html").is_file():
            pytest.skip(f"the frontend is not built: no {dist / 'index.html'} (npm install && npm run build)")
    return path


@pytest.fixture(scope="module")
def server(chromium: str) -> Iterator[tuple[subprocess.Popen[bytes], str, Path]]:
    """The app started by uvicorn, as users run it, on a throwaway database (not yet waited for)."""
    data = Path(tempfile.mkdtemp(prefix="browser-tests-"))
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{data / 'browser.db'}", "PORT": str(port)}
    with (data / "server.log").open("wb") as log:
        started = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "backend.main:app", "--host", "127.0.0.1", "--port", str(port)],
            cwd=APP_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        yield started, f"http://127.0.0.1:{port}", data
    finally:
        started.terminate()
        try:
            started.wait(timeout=10)
        except subprocess.TimeoutExpired:
            started.kill()
        shutil.rmtree(data, ignore_errors=True)


@pytest.fixture(scope="module")
def base_url(server: tuple[subprocess.Popen[bytes], str, Path], browser: Any) -> str:
    """The app's URL once it answers its health check (Chromium started meanwhile)."""
    process, url, data = server
    deadline = time.monotonic() + BOOT_TIMEOUT_S
    while True:
        if process.poll() is not None or time.monotonic() > deadline:
            log = (data / "server.log").read_text(errors="replace")[-2000:]
            pytest.fail(f"the app did not start:\n{log}")
        try:
            with urllib.request.urlopen(f"{url}/api/health", timeout=2) as answer:
                if answer.status == 200:
                    return url
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)


@pytest.fixture(scope="module")
def browser(chromium: str, server: Any) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def context(browser: Any, base_url: str) -> Iterator[Any]:
    """One browser session for the module; signed in through the login page when the app has accounts."""
    session = browser.new_context()
    if PLAN.login is not None:
        problems = register_and_sign_in(session, base_url, PLAN.login)
        assert not problems, "\n".join(problems)
    yield session
    session.close()


@pytest.fixture(scope="module")
def page(context: Any) -> Iterator[Any]:
    """One page for every check: each starts by loading its route, and watches the console only meanwhile."""
    opened = context.new_page()
    yield opened
    opened.close()


@pytest.mark.parametrize("check", PLAN.pages or _none_to_check("page"), ids=_name)
def test_page_has_its_title_and_elements(page: Any, base_url: str, check: Any) -> None:
    problems = check_page(page, base_url, check)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("flow", PLAN.flows or _none_to_check("form flow"), ids=_name)
def test_form_flow_shows_the_new_row(page: Any, base_url: str, flow: Any) -> None:
    problems = run_flow(page, base_url, flow)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "nav",
    PLAN.navigation or _none_to_check("navigation element"),
    ids=lambda nav: getattr(nav, "element_id", ""),
)
def test_navigation_leads_where_the_spec_says(page: Any, base_url: str, nav: Any) -> None:
    problems = check_navigation(page, base_url, nav)
    assert not problems, "\n".join(problems)
