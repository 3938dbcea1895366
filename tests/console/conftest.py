"""The console in a real Chromium (Playwright, sync API) against a real ``nexusforge serve`` subprocess.

Screenshots of every page go to ``$NEXUSFORGE_CONSOLE_SHOTS`` (default: a folder in the run's pytest temporary
directory): the run's artefacts. With ``NEXUSFORGE_CONSOLE_DOCS=1`` they are also copied into docs/console/.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from PIL import Image

from nexusforge_agents.tools.browser import find_chromium
from tests.serve_process import served
from tests.server.live import ADMIN_EMAIL, ADMIN_PASSWORD, ROOT

playwright_sync = pytest.importorskip("playwright.sync_api", reason="the browser extra (playwright) is not installed")
CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(CHROMIUM.path is None, reason=f"no Chromium: {CHROMIUM.reason}")

USER_EMAIL = "member@example.com"
USER_PASSWORD = "member-password-123"
DOCS_SHOTS = ROOT / "docs" / "console"


@dataclass
class Console:
    base: str
    home: Path
    log: Path
    shots: Path

    def token(self, email: str = ADMIN_EMAIL, password: str = ADMIN_PASSWORD) -> str:
        answer = httpx.post(self.base + "/auth/login", json={"email": email, "password": password}, timeout=10)
        answer.raise_for_status()
        return answer.json()["access_token"]


@pytest.fixture(scope="session")
def console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Console]:
    home = tmp_path_factory.mktemp("console") / "home"
    shots = Path(os.environ.get("NEXUSFORGE_CONSOLE_SHOTS") or tmp_path_factory.mktemp("console-shots"))
    shots.mkdir(parents=True, exist_ok=True)
    # The caller's PYTHONPATH wins when set (e.g. to run the server from another checkout).
    env = {"PYTHONPATH": os.environ["PYTHONPATH"]} if os.environ.get("PYTHONPATH") else {}
    env["NEXUSFORGE_DEPLOY_TARGET"] = "local"
    env["NEXUSFORGE_RATE_LIMIT_AUTH"] = "10000/minute"  # every test signs in
    with served(home, env, timeout_s=180) as (base, log):
        subprocess.run(
            [sys.executable, "-m", "nexusforge_agents.cli", "users", "create", USER_EMAIL, "--password-stdin"],
            input=USER_PASSWORD,
            text=True,
            check=True,
            capture_output=True,
            env={**os.environ, **env, "NEXUSFORGE_HOME": str(home)},
            cwd=ROOT,
        )
        yield Console(base, home, log, shots)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    # Module scope, not session: Playwright's sync API keeps an event loop running in this thread while it is open,
    # and the asyncio tests collected after tests/console (tests/contract ...) cannot start theirs beside it.
    with playwright_sync.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM.path, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser, console: Console) -> Iterator[object]:
    """A fresh browser context; any page error or dialog (alert from injected script) fails the test."""
    # bypass_csp: Playwright's own waits evaluate script, which the console's CSP forbids (test_security checks the CSP
    # with it on); the XSS checks hold without the CSP: the console escapes by construction.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True, bypass_csp=True)
    opened = context.new_page()
    problems: list[str] = []
    opened.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    opened.on(
        "dialog",
        lambda dialog: problems.append(f"dialog: {dialog.message}") if dialog.type == "alert" else dialog.accept(),
    )
    opened.problems = problems  # type: ignore[attr-defined]
    yield opened
    context.close()
    assert not problems, problems


def sign_in(page, console: Console, email: str = ADMIN_EMAIL, password: str = ADMIN_PASSWORD) -> None:
    page.goto(console.base + "/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Sign out").wait_for()


def shoot(page, console: Console, name: str, *, full_page: bool = True) -> Path:
    target = console.shots / f"{name}.png"
    page.screenshot(path=str(target), full_page=full_page)
    if os.environ.get("NEXUSFORGE_CONSOLE_DOCS") == "1":  # a 256-colour copy keeps the docs light
        DOCS_SHOTS.mkdir(parents=True, exist_ok=True)
        with Image.open(target) as image:
            image.convert("RGB").quantize(colors=256).save(DOCS_SHOTS / target.name, optimize=True)
    return target
