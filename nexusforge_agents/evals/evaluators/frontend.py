"""The generated frontend: what pages it has (read from its sources) and whether it builds with npm.

``frontend_pages`` reads the router and navigation of ``frontend/src`` without running anything: route paths
(``path: "/x"`` or ``<Route path="/x">``), navigation targets (``to="/x"``, ``href="/x"``) and page component file
names. The UI-test evaluator uses it to decide whether a feature has a page.

``FrontendBuildEvaluator`` runs ``npm install`` + ``npm run build`` through ``tools.frontend_build`` (installs
cached by dependency set, shared by every case of a run).
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ...tools.frontend_build import build_frontend
from .base import EvalContext, Score, not_built
from .text import vocabulary

SOURCE_SUFFIXES = (".tsx", ".ts", ".jsx", ".js", ".vue", ".svelte", ".html")
_ROUTE = re.compile(r"""(?:\bpath\s*[:=]\s*|<Route[^>]*\bpath=\{?)["'`](/[^"'`]*)["'`]""")
_LINK = re.compile(r"""\b(?:to|href)\s*[:=]\s*\{?["'`](/[^"'`]*|#[\w-]+)["'`]""")
_SECTION_ID = re.compile(r"""\bid=["']([\w-]+)["']""")
# A page registry read by the navigation: { ..., route: "/x", ..., nav: true }
_REGISTRY = re.compile(r"""\broute\s*:\s*["'`](/[^"'`]*)["'`][^{}]*?\bnav\s*:\s*(true|false)""")


@dataclass
class FrontendPages:
    routes: set[str] = field(default_factory=set)
    links: set[str] = field(default_factory=set)
    components: set[str] = field(default_factory=set)
    sections: set[str] = field(default_factory=set)

    @property
    def exists(self) -> bool:
        return bool(self.routes or self.components)

    def vocab(self) -> set[str]:
        """Words naming the pages, sections and components (not their prose)."""
        return vocabulary(*self.routes, *self.components, *self.sections)

    def page_for(self, words: set[str]) -> str | None:
        """A routed, linked page whose path or component name contains one of ``words``."""
        for route in sorted(self.routes):
            if vocabulary(route) & words and (route in self.links or route == "/"):
                return route
        return None


def frontend_pages(frontend: Path) -> FrontendPages:
    pages = FrontendPages()
    src = frontend / "src"
    if not src.is_dir():
        return pages
    for path in sorted(src.rglob("*")):
        if not path.is_file() or path.suffix not in SOURCE_SUFFIXES or "node_modules" in path.parts:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        pages.routes.update(r.rstrip("/") or "/" for r in _ROUTE.findall(text) if "*" not in r)
        pages.links.update(r.rstrip("/") or "/" for r in _LINK.findall(text))
        pages.sections.update(_SECTION_ID.findall(text))
        for route, nav in _REGISTRY.findall(text):
            (pages.links if nav == "true" else pages.routes).add(route.rstrip("/") or "/")
        if path.suffix in (".tsx", ".jsx", ".vue", ".svelte") and path.stem[:1].isupper():
            pages.components.add(path.stem)
    return pages


class FrontendBuildEvaluator:
    """1.0 when ``npm install`` and ``npm run build`` succeed in ``frontend/`` and leave a ``dist/index.html``."""

    name = "frontend_build"
    needs_server = False

    def __init__(self, cache_dir: Path | None = None, *, timeout_s: float = 600.0) -> None:
        self.cache_dir = cache_dir
        self.timeout_s = timeout_s

    async def evaluate(self, ctx: EvalContext) -> Score:
        if not ctx.built or ctx.app_dir is None:
            return not_built(self.name, ctx)
        frontend = ctx.app_dir / "frontend"
        if not (frontend / "package.json").is_file():
            return Score(name=self.name, value=0.0, passed=False, reason="no frontend/package.json")
        if shutil.which("npm") is None:
            return Score(name=self.name, value=None, reason="npm is not installed; frontend build not measured")
        cache = self.cache_dir or ctx.app_dir.parent / ".npm-cache"
        build = await build_frontend(frontend, cache, timeout_s=self.timeout_s)
        ctx.shared["frontend_build"] = build.ok
        if not build.ok:
            details = {"stage": build.stage, "output": build.output}
            return Score(name=self.name, value=0.0, passed=False, reason=build.note, details=details)
        details = {"build_seconds": build.build_seconds, "install_seconds": build.install_seconds}
        return Score(name=self.name, value=1.0, passed=True, reason=build.note, details=details)
