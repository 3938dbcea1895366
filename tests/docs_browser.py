"""Open a Swagger UI page in headless Chromium (no network beyond 127.0.0.1) and return the DOM it rendered."""

from __future__ import annotations

import shutil
import subprocess
import tempfile

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def rendered_dom(url: str, *, screenshot: str | None = None) -> str:
    """The page's DOM after its scripts ran (Swagger UI fetches /openapi.json and renders the operations)."""
    assert CHROMIUM, "chromium is not installed"
    with tempfile.TemporaryDirectory() as profile:
        args = [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            f"--user-data-dir={profile}",
            "--virtual-time-budget=15000",
            "--window-size=1280,900",
        ]
        if screenshot:
            subprocess.run([*args, f"--screenshot={screenshot}", url], capture_output=True, timeout=120)
        done = subprocess.run([*args, "--dump-dom", url], capture_output=True, text=True, timeout=120)
    return done.stdout
