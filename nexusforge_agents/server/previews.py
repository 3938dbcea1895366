"""Template preview images: the offline wireframe of the template's main screen, rendered once, cached on disk.

The spec comes from the template's example prompt through the offline spec extractor; the screen is the
spec's Dashboard (or Home) component, else its first one. The cache key includes the package version and
the prompt, so a new renderer or a changed template draws a fresh image.
"""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

from .. import __version__
from ..templates import Template

PREFERRED_SCREENS = ("Dashboard", "Home")


def preview_screen(components: list[str]) -> str:
    for name in PREFERRED_SCREENS:
        if name in components:
            return name
    return components[0]


def render_preview(template: Template) -> bytes:
    from ..providers.offline.mockups import render_mockup
    from ..providers.offline.spec import extract_spec

    spec = extract_spec(template.example_prompt)
    return render_mockup(spec, preview_screen(spec.ui_components))


class TemplatePreviews:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._locks: dict[str, asyncio.Lock] = {}

    def path_for(self, template: Template) -> Path:
        key = hashlib.sha256(f"{__version__}\n{template.example_prompt}".encode()).hexdigest()[:16]
        return self.folder / f"{template.id}-{key}.png"

    async def get(self, template: Template) -> Path:
        """The cached PNG, rendered on first use (one render per template even under concurrent requests)."""
        path = self.path_for(template)
        if path.exists():
            return path
        lock = self._locks.setdefault(template.id, asyncio.Lock())
        async with lock:
            if not path.exists():
                image = await asyncio.to_thread(render_preview, template)
                self.folder.mkdir(parents=True, exist_ok=True)
                partial = path.with_suffix(".partial")
                partial.write_bytes(image)
                partial.replace(path)
        return path
