"""Finding a Chromium for the browser tests, the browser evaluator and the demo video.

Looked for in this order: ``$NEXUSFORGE_CHROMIUM``, Debian's ``/usr/bin/chromium``, a ``chromium`` (or
``chromium-browser``) on ``PATH``, then a Chromium Playwright downloaded itself (``$PLAYWRIGHT_BROWSERS_PATH`` or
``~/.cache/ms-playwright``). Nothing is downloaded here: no browser found is an answer, with the reason.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from .browser_checks import CHROMIUM_ENV, DEFAULT_CHROMIUM

_PATH_NAMES = ("chromium", "chromium-browser")
# Executables inside a Playwright browser folder (chromium-<rev>/ or chromium_headless_shell-<rev>/).
_PLAYWRIGHT_BINARIES = (
    "chrome-linux/chrome",
    "chrome-linux/headless_shell",
    "chrome-headless-shell-linux64/chrome-headless-shell",
)


@dataclass(frozen=True)
class ChromiumLookup:
    """``path`` of the Chromium to launch, or None; ``reason`` says where it came from or why there is none."""

    path: str | None
    reason: str

    @property
    def found(self) -> bool:
        return self.path is not None


def _executable(path: str | Path) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


def _playwright_chromium() -> str | None:
    root = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or Path.home() / ".cache" / "ms-playwright")
    if not root.is_dir():
        return None
    for folder in sorted(root.glob("chromium*"), reverse=True):  # the newest revision first
        for binary in _PLAYWRIGHT_BINARIES:
            if _executable(folder / binary):
                return str(folder / binary)
    return None


def find_chromium() -> ChromiumLookup:
    configured = os.environ.get(CHROMIUM_ENV)
    if configured:
        if _executable(configured):
            return ChromiumLookup(configured, f"{CHROMIUM_ENV}={configured}")
        return ChromiumLookup(None, f"{CHROMIUM_ENV}={configured} is not an executable file")
    if _executable(DEFAULT_CHROMIUM):
        return ChromiumLookup(DEFAULT_CHROMIUM, f"system Chromium {DEFAULT_CHROMIUM}")
    for name in _PATH_NAMES:
        found = shutil.which(name)
        if found:
            return ChromiumLookup(found, f"{name} on PATH ({found})")
    bundled = _playwright_chromium()
    if bundled:
        return ChromiumLookup(bundled, f"Playwright's Chromium ({bundled})")
    return ChromiumLookup(
        None,
        f"no Chromium: {CHROMIUM_ENV} is unset, {DEFAULT_CHROMIUM} does not exist, no chromium on PATH and no "
        "Playwright browser download (install one: apt-get install chromium)",
    )
