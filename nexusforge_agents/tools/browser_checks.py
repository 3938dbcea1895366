"""Checks of a running app in a real browser, against the pages its spec promises.

What "the page is right" means, in one place: every page loads without console errors, has its document title
exactly and every element id of the spec in its DOM; every form flow works (fill the bound controls with valid
values, submit, see the value on the entity's list page); every navigation element leads to its target route.

This module needs only Playwright (sync API) and the standard library: the code generator ships it into each
generated app as ``tests/browser_checks.py`` (the app's ``tests/test_browser.py`` drives it), and the eval
harness imports it from here. Each check returns the problems it found (empty: the check passed). Kept within
110 columns, the generated apps' width.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

CHROMIUM_ENV = "NEXUSFORGE_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
PLAN_FILE = "browser_plan.json"
TIMEOUT_MS = 5000
_MISSING_IDS_JS = "(ids) => ids.filter((id) => !document.getElementById(id))"
_TAG_AND_TYPE_JS = "(e) => [e.tagName.toLowerCase(), (e.getAttribute('type') || '').toLowerCase()]"
# Errors the browser logs for resources nobody asked the app for (the favicon a page does not declare).
_IGNORED_CONSOLE = re.compile(r"favicon\.ico")


@dataclass
class PageCheck:
    name: str
    route: str
    title: str
    element_ids: list[str] = field(default_factory=list)


@dataclass
class FormInput:
    """One bound control of a form: ``value`` is typed in (or the option chosen; empty: the first one)."""

    element_id: str
    value: str
    required: bool = True


@dataclass
class FlowCheck:
    """Adding a row through a form page shows it on the entity's list page."""

    name: str
    form_route: str
    submit_id: str
    inputs: list[FormInput]
    list_route: str
    expect_text: str


@dataclass
class NavCheck:
    page_route: str
    element_id: str
    target: str


@dataclass
class LoginCheck:
    """The sign-in page of an app with accounts: the flows run signed in, as a user would."""

    route: str
    email_id: str
    password_id: str
    submit_id: str
    register_api: str


@dataclass
class CheckResult:
    """One check of a plan and what it found; no problems means it passed."""

    kind: str
    name: str
    problems: list[str]
    screenshot: str | None = None


@dataclass
class BrowserPlan:
    app_name: str
    frontend_style: str
    pages: list[PageCheck] = field(default_factory=list)
    flows: list[FlowCheck] = field(default_factory=list)
    navigation: list[NavCheck] = field(default_factory=list)
    login: LoginCheck | None = None

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> BrowserPlan:
        raw: dict[str, Any] = json.loads(text)
        return cls(
            app_name=raw["app_name"],
            frontend_style=raw["frontend_style"],
            pages=[PageCheck(**p) for p in raw.get("pages", [])],
            flows=[
                FlowCheck(**{**f, "inputs": [FormInput(**i) for i in f.get("inputs", [])]})
                for f in raw.get("flows", [])
            ],
            navigation=[NavCheck(**n) for n in raw.get("navigation", [])],
            login=LoginCheck(**raw["login"]) if raw.get("login") else None,
        )


def chromium_path() -> tuple[str | None, str]:
    """The Chromium to launch: ``$NEXUSFORGE_CHROMIUM``, else the system one; None and why if neither."""
    configured = os.environ.get(CHROMIUM_ENV)
    if configured:
        if os.access(configured, os.X_OK):
            return configured, f"{CHROMIUM_ENV}={configured}"
        return None, f"{CHROMIUM_ENV}={configured} is not an executable file"
    if os.access(DEFAULT_CHROMIUM, os.X_OK):
        return DEFAULT_CHROMIUM, DEFAULT_CHROMIUM
    return None, f"{CHROMIUM_ENV} is not set and {DEFAULT_CHROMIUM} does not exist"


def _path(url: str) -> str:
    return urlparse(url).path.rstrip("/") or "/"


def _by_id(element_id: str) -> str:
    return f'[id="{element_id}"]'


@contextmanager
def _console_errors(page: Any) -> Iterator[list[str]]:
    """The console errors and uncaught errors ``page`` shows while the block runs (listeners removed after, so
    one page can serve many checks)."""
    errors: list[str] = []

    def on_console(message: Any) -> None:
        if message.type == "error" and not _IGNORED_CONSOLE.search(message.text + str(message.location)):
            errors.append(f"console error: {message.text[:300]}")

    def on_error(exc: Any) -> None:
        errors.append(f"uncaught error: {str(exc)[:300]}")

    page.on("console", on_console)
    page.on("pageerror", on_error)
    try:
        yield errors
    finally:
        page.remove_listener("console", on_console)
        page.remove_listener("pageerror", on_error)


def check_page(page: Any, base_url: str, check: PageCheck, screenshot: Path | None = None) -> list[str]:
    """The page at ``check.route`` loads without console errors, with its exact title and every element id."""
    with _console_errors(page) as errors:
        problems = _check_page(page, base_url, check, screenshot)
    return problems + [f"{check.route}: {e}" for e in errors]


def _check_page(page: Any, base_url: str, check: PageCheck, screenshot: Path | None) -> list[str]:
    response = page.goto(base_url + check.route, wait_until="load")
    problems = []
    if response is None or response.status >= 400:
        problems.append(f"GET {check.route} answered {response.status if response else 'nothing'}")
    ready = "([ids, title]) => document.title === title && ids.every((id) => document.getElementById(id))"
    try:
        page.wait_for_function(ready, arg=[check.element_ids, check.title], timeout=TIMEOUT_MS)
    except Exception:  # a timeout here means something is missing; the lines below say what
        missing = page.evaluate(_MISSING_IDS_JS, check.element_ids)
        if missing:
            problems.append(f"{check.route}: element ids missing from the DOM: {missing}")
        title = page.title()
        if title != check.title:
            problems.append(f"{check.route}: title is {title!r}, the spec says {check.title!r}")
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot), full_page=True)
    return problems


def _fill(page: Any, control: FormInput) -> str | None:
    """Put ``control.value`` into the control the way a user would; the problem, if it cannot be done."""
    locator = page.locator(_by_id(control.element_id)).first
    try:
        locator.wait_for(state="visible", timeout=TIMEOUT_MS)
    except Exception:  # reported as the problem it is
        return f"form control #{control.element_id} is not visible"
    tag, kind = locator.evaluate(_TAG_AND_TYPE_JS)
    if tag == "select":
        deadline = time.monotonic() + TIMEOUT_MS / 1000  # options of a related entity load after the page
        options: list[str] = []
        while not options and time.monotonic() < deadline:
            options = locator.evaluate("(e) => [...e.options].map((o) => o.value).filter((v) => v !== '')")
            if not options:
                page.wait_for_timeout(100)
        if not options and not control.required:
            return None  # an optional pick (a parent no one has added yet) is left empty, as a user would
        if not options:
            return f"select #{control.element_id} offers nothing to choose"
        locator.select_option(control.value if control.value in options else options[0])
    elif kind in ("checkbox", "radio"):
        locator.check()
    elif kind == "file":
        return None  # nothing to upload in a generic flow; a required upload shows as a failed submit
    elif kind == "datetime-local" and len(control.value) == 10:
        locator.fill(control.value + "T10:30")
    elif kind == "date" and len(control.value) > 10:
        locator.fill(control.value[:10])
    else:
        locator.fill(control.value)
    return None


def run_flow(page: Any, base_url: str, flow: FlowCheck) -> list[str]:
    """Fill the form, submit it, and find ``flow.expect_text`` on the list page."""
    with _console_errors(page) as errors:
        problems = _run_flow(page, base_url, flow)
    return problems or [f"{flow.name}: {e}" for e in errors]


def _run_flow(page: Any, base_url: str, flow: FlowCheck) -> list[str]:
    page.goto(base_url + flow.form_route, wait_until="load")
    for control in flow.inputs:
        problem = _fill(page, control)
        if problem:
            return [f"{flow.name}: {problem}"]
    writes = ("POST", "PUT", "PATCH")
    try:
        with page.expect_response(lambda r: r.request.method in writes, timeout=TIMEOUT_MS) as answer:
            page.locator(_by_id(flow.submit_id)).first.click()
        status = answer.value.status
    except Exception:  # the timeout is the finding
        return [f"{flow.name}: clicking #{flow.submit_id} sent nothing to the server"]
    if status >= 400:
        return [f"{flow.name}: submitting the form answered {status}: {answer.value.text()[:300]}"]
    page.wait_for_load_state("load")
    page.goto(base_url + flow.list_route, wait_until="load")
    try:
        page.wait_for_function(
            "(text) => document.body.innerText.includes(text)", arg=flow.expect_text, timeout=TIMEOUT_MS
        )
    except Exception:  # the timeout is the finding
        return [f"{flow.name}: {flow.expect_text!r} is not shown on {flow.list_route} after submitting"]
    return []


def check_navigation(page: Any, base_url: str, nav: NavCheck) -> list[str]:
    """Activating ``nav.element_id`` on its page leads to ``nav.target``."""
    page.goto(base_url + nav.page_route, wait_until="load")
    element = page.locator(_by_id(nav.element_id)).first
    try:
        element.click(timeout=TIMEOUT_MS)
        page.wait_for_url(lambda url: _path(url) == nav.target, timeout=TIMEOUT_MS)
    except Exception:  # the timeout is the finding
        where = _path(page.url)
        return [f"#{nav.element_id} on {nav.page_route} leads to {where}, the spec says {nav.target}"]
    return []


def sign_in(page: Any, base_url: str, login: LoginCheck, email: str, password: str) -> list[str]:
    """Sign in through the login page; the page's context keeps the session for later checks."""
    page.goto(base_url + login.route, wait_until="load")
    try:
        page.locator(_by_id(login.email_id)).first.fill(email, timeout=TIMEOUT_MS)
        page.locator(_by_id(login.password_id)).first.fill(password, timeout=TIMEOUT_MS)
        with page.expect_response(lambda r: r.request.method == "POST", timeout=TIMEOUT_MS) as answer:
            page.locator(_by_id(login.submit_id)).first.click()
    except Exception as exc:  # reported as the problem it is
        return [f"sign-in on {login.route} failed: {type(exc).__name__}: {str(exc)[:200]}"]
    if answer.value.status >= 400:
        return [f"sign-in on {login.route} answered {answer.value.status}"]
    page.wait_for_load_state("load")
    return []


def register_and_sign_in(context: Any, base_url: str, login: LoginCheck) -> list[str]:
    """Make an account through the API, then sign in through the login page, in ``context``'s session."""
    email, password = f"browser-{secrets.token_hex(4)}@example.com", secrets.token_urlsafe(12)
    body = json.dumps({"email": email, "password": password}).encode()
    request = urllib.request.Request(
        base_url + login.register_api, data=body, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10):
            pass
    except urllib.error.HTTPError as exc:
        return [f"registering through {login.register_api} answered {exc.code}"]
    page = context.new_page()
    try:
        return sign_in(page, base_url, login, email, password)
    finally:
        page.close()


def run_plan(context: Any, base_url: str, plan: BrowserPlan, shots: Path | None = None) -> list[CheckResult]:
    """Every check of ``plan`` in one page of ``context`` (pages first, with a screenshot each when asked)."""
    results: list[CheckResult] = []
    if plan.login is not None:
        signed_in = register_and_sign_in(context, base_url, plan.login)
        results.append(CheckResult("login", plan.login.route, signed_in))

    page = context.new_page()

    def one(kind: str, name: str, check: Any, shot: Path | None = None) -> None:
        if kind == "page":
            problems = check_page(page, base_url, check, shot)
        else:
            problems = (run_flow if kind == "flow" else check_navigation)(page, base_url, check)
        results.append(CheckResult(kind, name, problems, str(shot) if shot else None))

    for check in plan.pages:
        one("page", check.name, check, shots / f"{check.name}.png" if shots else None)
    for flow in plan.flows:
        one("flow", flow.name, flow)
    for nav in plan.navigation:
        one("navigation", f"{nav.page_route}#{nav.element_id}", nav)
    page.close()
    return results
