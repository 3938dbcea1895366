"""The console's security: public shell with a strict CSP that Chromium enforces, escaped-by-construction code
tokens, and app tickets that cannot be forged, reused for another build, or pointed elsewhere."""

from __future__ import annotations

import re
import time

import httpx
import pytest

from nexusforge_agents.server.console.proxy import TicketSigner, rewrite_body, rewrite_location, with_base_element
from nexusforge_agents.server.console.security import CONTENT_SECURITY_POLICY

from .conftest import USER_EMAIL, USER_PASSWORD, Console, sign_in


def test_the_page_and_its_files_are_public_with_a_strict_csp(console: Console) -> None:
    page = httpx.get(console.base + "/", timeout=10)
    assert page.status_code == 200
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY and "'unsafe-eval'" not in CONTENT_SECURITY_POLICY
    assert page.headers["x-frame-options"] == "DENY"
    scripts = re.findall(r"<script[^>]*>", page.text)
    assert scripts and all("src=" in tag for tag in scripts)  # no inline script
    assert "style=" not in page.text
    module = httpx.get(console.base + "/console/static/js/main.js", headers={"Accept-Encoding": "gzip"}, timeout=10)
    assert module.status_code == 200 and module.headers["content-encoding"] == "gzip"
    assert module.headers["content-type"].startswith("text/javascript")
    again = httpx.get(
        console.base + "/console/static/js/main.js", headers={"If-None-Match": module.headers["etag"]}, timeout=10
    )
    assert again.status_code == 304


@pytest.mark.parametrize("path", ["../routes.py", "..%2Froutes.py", ".hidden", "js/../../proxy.py", "nope.js"])
def test_static_files_outside_the_folder_are_not_served(console: Console, path: str) -> None:
    answer = httpx.get(console.base + "/console/static/" + path, timeout=10)
    assert answer.status_code in (401, 404)  # a path that leaves /console/static/ reaches no console route
    assert "def " not in answer.text


def test_highlighting_needs_a_signed_in_caller_and_returns_text_tokens(console: Console) -> None:
    code = 'html = "</script><script>alert(1)</script>"\n<img src=x onerror=alert(2)>\n'
    body = {"path": "backend/x.py", "code": code}
    assert httpx.post(console.base + "/console/api/highlight", json=body, timeout=10).status_code == 401
    answer = httpx.post(
        console.base + "/console/api/highlight",
        json=body,
        headers={"Authorization": f"Bearer {console.token()}"},
        timeout=10,
    )
    assert answer.status_code == 200
    data = answer.json()
    assert data["language"] == "Python"
    assert "".join(text for _, text in data["tokens"]) == code  # the text itself, nothing escaped or added
    bad = httpx.post(
        console.base + "/console/api/highlight",
        json={"path": "x.py"},
        headers={"Authorization": f"Bearer {console.token()}"},
        timeout=10,
    )
    assert bad.status_code == 400 and bad.json()["error_code"] == "INVALID_INPUT"


def test_app_tickets_cannot_be_forged_and_only_open_the_callers_deployed_build(console: Console) -> None:
    forged = TicketSigner("another-secret-that-is-long-enough-to-sign").issue("s", "u", "http://127.0.0.1:9")
    assert httpx.get(f"{console.base}/console/apps/{forged}/", timeout=10).status_code == 401
    assert httpx.get(f"{console.base}/console/apps/garbage/", timeout=10).status_code == 401
    member = {"Authorization": f"Bearer {console.token(USER_EMAIL, USER_PASSWORD)}"}
    admin = {"Authorization": f"Bearer {console.token()}"}
    started = httpx.post(
        console.base + "/api/nexus-forge/build",
        json={"prompt": "A reading list. Write the whole application in Python.", "config": {"enableVideoDemo": False}},
        headers=admin,
        timeout=30,
    ).json()
    session_id = started["session_id"]
    try:
        # Another account's build is not found; a build that is not deployed has no app to open.
        foreign = httpx.post(f"{console.base}/console/api/apps/{session_id}/ticket", headers=member, timeout=10)
        assert foreign.status_code == 404
        undeployed = httpx.post(f"{console.base}/console/api/apps/{session_id}/ticket", headers=admin, timeout=10)
        assert undeployed.status_code == 400 and "deploy" in undeployed.json()["detail"]
    finally:
        httpx.delete(f"{console.base}/api/nexus-forge/build/{session_id}", headers=admin, timeout=30)


def test_ticket_signer_checks_signature_and_expiry_and_refuses_non_local_targets() -> None:
    signer = TicketSigner("a-secret-that-is-long-enough-to-sign-tickets")
    ticket = signer.issue("build-1", "user-1", "http://127.0.0.1:4000")
    assert signer.check(ticket).target == "http://127.0.0.1:4000"
    payload, _, signature = ticket.partition(".")
    with pytest.raises(Exception, match="not valid"):
        signer.check(payload + "x." + signature)
    with pytest.raises(Exception, match="expired"):
        signer.check(ticket, now=time.time() + 3601)
    with pytest.raises(Exception, match="local deployment"):
        signer.issue("build-1", "user-1", "http://169.254.169.254/latest")


def test_proxied_html_css_and_redirects_keep_the_ticket_prefix() -> None:
    prefix = "/console/apps/T"
    html = b'<a href="/tasks">x</a><link href="/static/a.css"><form action="/t/new"><img src="//cdn/x"><a href="https://e.x/">'
    out = rewrite_body(html, "text/html; charset=utf-8", prefix).decode()
    assert 'href="/console/apps/T/tasks"' in out and 'href="/console/apps/T/static/a.css"' in out
    assert 'action="/console/apps/T/t/new"' in out and 'src="//cdn/x"' in out and 'href="https://e.x/"' in out
    assert (
        rewrite_body(b"body{background:url(/static/p.svg)}", "text/css", prefix)
        == b"body{background:url(/console/apps/T/static/p.svg)}"
    )
    assert rewrite_body(b'fetch("/api/x")', "text/javascript", prefix) == b'fetch("/api/x")'
    assert rewrite_location("/task-list?x=1", "http://127.0.0.1:5", prefix) == "/console/apps/T/task-list?x=1"
    assert rewrite_location("http://127.0.0.1:5/a", "http://127.0.0.1:5", prefix) == "/console/apps/T/a"


def test_proxied_html_gets_a_base_element_naming_the_prefix() -> None:
    prefix = "/console/apps/T"
    page = b'<!doctype html><html><head lang="en"><meta charset="UTF-8"></head><body></body></html>'
    out = rewrite_body(page, "text/html", prefix).decode()
    assert '<head lang="en"><base href="/console/apps/T/"><meta charset="UTF-8">' in out
    assert with_base_element("<p>no head</p>", prefix) == '<base href="/console/apps/T/"><p>no head</p>'
    own = '<html><HEAD><base href="/x/"></HEAD></html>'
    assert with_base_element(own, prefix) == own  # a page's own base is kept (its href is rewritten like any link)
    assert b"<base" not in rewrite_body(b"body{}", "text/css", prefix)
    # Under that base, page-relative links would lead to the app's home: they are spelled out for the page.
    links = b'<a href="?month=2026-02">next</a><a href="#top">top</a><form action="?q=1"></form>'
    out = rewrite_body(links, "text/html", prefix, "calendar?month=2026-01").decode()
    assert 'href="/console/apps/T/calendar?month=2026-02"' in out
    assert 'href="/console/apps/T/calendar?month=2026-01#top"' in out and 'action="/console/apps/T/calendar?q=1"' in out


def test_chromium_enforces_the_csp_on_the_console(browser, console: Console) -> None:
    context = browser.new_context()  # CSP on
    page = context.new_page()
    try:
        sign_in(page, console)  # the console works under its own policy
        page.evaluate(
            "() => { const s = document.createElement('script');"
            " s.textContent = 'window.__inline = 1'; document.body.append(s); }"
        )
        assert page.evaluate("() => window.__inline") is None
    finally:
        context.close()
