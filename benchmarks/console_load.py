"""How heavy and how fast the web console is on first load, measured in Chromium (Playwright) on loopback.

    python benchmarks/console_load.py                 # starts `nexusforge serve` on a free port, fresh home
    python benchmarks/console_load.py --runs 10 --json
    python benchmarks/console_load.py --url http://127.0.0.1:8000 --email ... --password ...

Each run opens a fresh browser context (empty cache) at ``/`` and records:
- transferred bytes: the sum of every response's encoded (on-the-wire, compressed) length, from Chromium's
  network events: the first load of ``/`` (the page, its stylesheet and modules), and then the signed-in first view
  (``#/new``: the view's modules and its API answers; template preview images listed apart);
- interactive: the console's ``console-ready`` performance mark (set once the first view is drawn and its handlers
  attached), in ms after navigation start.
Goals (issue 14): first load under 300 KB compressed; interactive within 1 s on loopback.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import statistics
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import sync_playwright

from nexusforge_agents.tools.browser import find_chromium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.serve_process: the one server start-and-wait
from tests.serve_process import serve_subprocess  # noqa: E402

BUDGET_BYTES = 300 * 1024
BUDGET_MS = 1000.0


@contextlib.contextmanager
def local_server(email: str, password: str) -> Iterator[str]:
    home = Path(tempfile.mkdtemp(prefix="nexusforge-console-bench-"))
    env = {**os.environ, "NEXUSFORGE_HOME": str(home), "NEXUSFORGE_ADMIN_EMAIL": email}
    env.update({"NEXUSFORGE_ADMIN_PASSWORD": password, "NEXUSFORGE_RATE_LIMIT_AUTH": "100000/minute"})
    with serve_subprocess(env, home / "server.log", timeout_s=180) as (base, _):
        yield base


class Transfers:
    """Encoded bytes per URL from Chromium's Network.loadingFinished events (a CDP session on the page)."""

    def __init__(self, page) -> None:
        self.urls: dict[str, str] = {}
        self.bytes: dict[str, int] = {}
        cdp = page.context.new_cdp_session(page)
        cdp.on("Network.responseReceived", lambda e: self.urls.__setitem__(e["requestId"], e["response"]["url"]))
        cdp.on("Network.loadingFinished", lambda e: self.bytes.__setitem__(e["requestId"], int(e["encodedDataLength"])))
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})

    def take(self) -> dict[str, int]:
        taken = {self.urls.get(rid, rid): size for rid, size in self.bytes.items()}
        self.bytes.clear()
        return taken


def one_run(browser, base: str, email: str, password: str) -> dict:
    context = browser.new_context(bypass_csp=True)  # the waits below evaluate script; the console's CSP forbids it
    page = context.new_page()
    try:
        transfers = Transfers(page)
        page.goto(base + "/")
        page.wait_for_function("document.body.dataset.ready === 'true'")
        interactive_ms = page.evaluate("performance.getEntriesByName('console-ready')[0].startTime")
        page.wait_for_load_state("networkidle")
        first = transfers.take()
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("button", name="Start build").wait_for()
        page.wait_for_load_state("networkidle")
        view = transfers.take()
    finally:
        context.close()
    previews = {url: size for url, size in view.items() if "/preview.png" in url}
    return {
        "first_load_bytes": sum(first.values()),
        "first_load_requests": len(first),
        "interactive_ms": round(interactive_ms, 1),
        "signed_in_view_bytes": sum(size for url, size in view.items() if url not in previews),
        "template_preview_bytes": sum(previews.values()),
        "first_load_files": {url.removeprefix(base): size for url, size in sorted(first.items())},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="an existing server (default: start one)")
    parser.add_argument("--email", default="admin@example.com")
    parser.add_argument("--password", default=None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    chromium = find_chromium()
    if chromium.path is None:
        raise SystemExit(f"no Chromium: {chromium.reason}")
    password = args.password or secrets.token_urlsafe(16)
    with contextlib.ExitStack() as stack:
        base = args.url or stack.enter_context(local_server(args.email, password))
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=chromium.path, args=["--no-sandbox"])
            one_run(browser, base, args.email, password)  # warm the server's file cache; not counted
            runs = [one_run(browser, base, args.email, password) for _ in range(args.runs)]
            browser.close()
    interactive = [r["interactive_ms"] for r in runs]
    report = {
        "runs": args.runs,
        "first_load_bytes": runs[-1]["first_load_bytes"],
        "first_load_requests": runs[-1]["first_load_requests"],
        "interactive_ms": {"median": statistics.median(interactive), "max": max(interactive)},
        "signed_in_view_bytes": runs[-1]["signed_in_view_bytes"],
        "template_preview_bytes": runs[-1]["template_preview_bytes"],
        "first_load_files": runs[-1]["first_load_files"],
        "goals_met": runs[-1]["first_load_bytes"] < BUDGET_BYTES and statistics.median(interactive) < BUDGET_MS,
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    kb = report["first_load_bytes"] / 1024
    print(f"first load: {kb:.1f} KB transferred in {report['first_load_requests']} requests (goal < 300 KB)")
    median, worst = report["interactive_ms"]["median"], report["interactive_ms"]["max"]
    print(f"interactive: median {median:.0f} ms, max {worst:.0f} ms over {args.runs} runs (goal < 1000 ms)")
    view, previews = report["signed_in_view_bytes"] / 1024, report["template_preview_bytes"] / 1024
    print(f"signed-in first view (#/new): +{view:.1f} KB, template previews +{previews:.1f} KB")
    print("goals met" if report["goals_met"] else "GOALS NOT MET")


if __name__ == "__main__":
    main()
