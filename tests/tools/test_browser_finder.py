"""Finding a Chromium: the environment variable first, then the system one, PATH, Playwright's own."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from nexusforge_agents.tools import browser
from nexusforge_agents.tools.browser import find_chromium


def fake_binary(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def nowhere(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No Chromium anywhere: no variable, no system binary, an empty PATH and no Playwright download."""
    monkeypatch.delenv("NEXUSFORGE_CHROMIUM", raising=False)
    monkeypatch.setattr(browser, "DEFAULT_CHROMIUM", str(tmp_path / "missing" / "chromium"))
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "ms-playwright"))
    return tmp_path


def test_the_environment_variable_wins(nowhere: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chromium = fake_binary(nowhere / "custom" / "chrome")
    monkeypatch.setenv("NEXUSFORGE_CHROMIUM", str(chromium))
    found = find_chromium()
    assert found.path == str(chromium) and "NEXUSFORGE_CHROMIUM" in found.reason


def test_a_variable_naming_no_executable_is_an_answer_not_a_fallback(nowhere: Path, monkeypatch) -> None:
    fake_binary(nowhere / "bin" / "chromium")
    monkeypatch.setenv("NEXUSFORGE_CHROMIUM", str(nowhere / "nope"))
    found = find_chromium()
    assert found.path is None and "is not an executable file" in found.reason


def test_chromium_on_path(nowhere: Path) -> None:
    chromium = fake_binary(nowhere / "bin" / "chromium")
    assert find_chromium().path == str(chromium)


def test_playwrights_own_download_newest_first(nowhere: Path) -> None:
    fake_binary(nowhere / "ms-playwright" / "chromium-1100" / "chrome-linux" / "chrome")
    newest = fake_binary(nowhere / "ms-playwright" / "chromium-1200" / "chrome-linux" / "chrome")
    found = find_chromium()
    assert found.path == str(newest) and "Playwright" in found.reason


def test_none_found_says_where_it_looked(nowhere: Path) -> None:
    found = find_chromium()
    assert not found.found and found.path is None
    assert "NEXUSFORGE_CHROMIUM is unset" in found.reason and "apt-get install chromium" in found.reason


@pytest.mark.skipif(not os.access("/usr/bin/chromium", os.X_OK), reason="Debian's chromium is not installed")
def test_the_system_chromium_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEXUSFORGE_CHROMIUM", raising=False)
    assert find_chromium().path == "/usr/bin/chromium"
