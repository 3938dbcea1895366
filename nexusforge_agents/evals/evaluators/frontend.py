"""The generated frontend: what pages it has (read from its sources) and whether it builds with npm.

``frontend_pages`` reads the router and navigation of ``frontend/src`` without running anything: route paths
(``path: "/x"`` or ``<Route path="/x">``), navigation targets (``to="/x"``, ``href="/x"``) and page component file
names. The UI-test evaluator uses it to decide whether a feature has a page.

``FrontendBuildEvaluator`` runs ``npm install`` + ``npm run build``. Installs are cached by the hash of
``package.json``'s dependency sections (and the lockfile): the first case with a given dependency set installs
into the cache, later ones get a hard-linked copy of that ``node_modules`` (each case keeps its own folder, so
build tools writing under ``node_modules/.vite`` or ``.tmp`` never share state between cases).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ...tools.processes import clean_env, run_process
from .base import EvalContext, Score, not_built
from .text import vocabulary

SOURCE_SUFFIXES = (".tsx", ".ts", ".jsx", ".js", ".vue", ".svelte", ".html")
_ROUTE = re.compile(r"""(?:\bpath\s*[:=]\s*|<Route[^>]*\bpath=\{?)["'`](/[^"'`]*)["'`]""")
_LINK = re.compile(r"""\b(?:to|href)\s*[:=]\s*\{?["'`](/[^"'`]*|#[\w-]+)["'`]""")
_SECTION_ID = re.compile(r"""\bid=["']([\w-]+)["']""")
# A page registry read by the navigation: { ..., route: "/x", ..., nav: true }
_REGISTRY = re.compile(r"""\broute\s*:\s*["'`](/[^"'`]*)["'`][^{}]*?\bnav\s*:\s*(true|false)""")
_DEP_KEYS = ("dependencies", "devDependencies", "optionalDependencies", "peerDependencies", "overrides")
_PASSED_NPM_ENV = ("NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE", "HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY")


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


def npm_env(cache: Path) -> dict[str, str]:
    extra = {k: v for k in _PASSED_NPM_ENV if (v := os.environ.get(k))}
    extra["npm_config_cache"] = str(cache / "_npm")
    extra["npm_config_update_notifier"] = "false"
    return clean_env(extra)


class FrontendBuildEvaluator:
    """1.0 when ``npm install`` and ``npm run build`` succeed in ``frontend/`` and leave a ``dist/index.html``."""

    name = "frontend_build"
    needs_server = False

    def __init__(self, cache_dir: Path | None = None, *, timeout_s: float = 600.0) -> None:
        self.cache_dir = cache_dir
        self.timeout_s = timeout_s
        self._locks: dict[str, asyncio.Lock] = {}

    async def evaluate(self, ctx: EvalContext) -> Score:
        if not ctx.built or ctx.app_dir is None:
            return not_built(self.name, ctx)
        frontend = ctx.app_dir / "frontend"
        if not (frontend / "package.json").is_file():
            return Score(name=self.name, value=0.0, passed=False, reason="no frontend/package.json")
        if shutil.which("npm") is None:
            return Score(name=self.name, value=None, reason="npm is not installed; frontend build not measured")
        cache = self.cache_dir or ctx.app_dir.parent / ".npm-cache"
        ok, note = await self._install(frontend, cache.resolve())
        ctx.shared["frontend_build"] = False
        if not ok:
            return Score(name=self.name, value=0.0, passed=False, reason=note, details={"stage": "install"})
        built = await run_process(["npm", "run", "build"], cwd=frontend, timeout_s=self.timeout_s, env=npm_env(cache))
        dist = (frontend / "dist" / "index.html").is_file()
        if built.exit_code != 0 or not dist:
            tail = "\n".join(built.output.strip().splitlines()[-12:])
            why = "timed out" if built.timed_out else f"exit {built.exit_code}"
            why += "" if dist else ", no dist/index.html"
            return Score(
                name=self.name,
                value=0.0,
                passed=False,
                reason=f"npm run build failed ({why})",
                details={"stage": "build", "output": tail[-2000:], "install": note},
            )
        ctx.shared["frontend_build"] = True
        return Score(
            name=self.name,
            value=1.0,
            passed=True,
            reason=f"builds in {built.duration_s:.1f} s ({note})",
            details={"build_seconds": built.duration_s, "install": note},
        )

    async def _install(self, frontend: Path, cache: Path) -> tuple[bool, str]:
        if (frontend / "node_modules").exists():
            return True, "node_modules already present"
        try:
            package = json.loads((frontend / "package.json").read_text(encoding="utf-8"))
        except ValueError as exc:
            return False, f"frontend/package.json is not valid JSON: {exc}"
        # Only what decides node_modules: apps that differ in name or scripts share one install.
        deps = {k: package.get(k) for k in _DEP_KEYS if package.get(k)}
        lock = frontend / "package-lock.json"
        seed = json.dumps(deps, sort_keys=True).encode() + (lock.read_bytes() if lock.is_file() else b"")
        digest = hashlib.sha256(seed).hexdigest()[:16]
        slot = cache / digest
        async with self._locks.setdefault(digest, asyncio.Lock()):
            if not (slot / ".installed").is_file():
                shutil.rmtree(slot, ignore_errors=True)
                slot.mkdir(parents=True)
                (slot / "package.json").write_text(json.dumps({"name": "nf-eval-cache", "private": True, **deps}))
                if lock.is_file():
                    shutil.copy2(lock, slot / "package-lock.json")
                result = await run_process(
                    ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"],
                    cwd=slot,
                    timeout_s=self.timeout_s,
                    env=npm_env(cache),
                )
                if result.exit_code != 0:
                    tail = " | ".join(result.output.strip().splitlines()[-4:])
                    return False, f"npm install failed (exit {result.exit_code}): {tail[:400]}"
                (slot / ".installed").write_text(digest)
                note = f"installed into cache {digest}"
            else:
                note = f"node_modules from cache {digest}"
        if (slot / "node_modules").is_dir():
            copied = await run_process(
                ["cp", "-al", str(slot / "node_modules"), str(frontend / "node_modules")], cwd=frontend, timeout_s=300
            )
            if copied.exit_code != 0:  # another filesystem: a real copy
                source, target = slot / "node_modules", frontend / "node_modules"
                await asyncio.to_thread(shutil.copytree, source, target, symlinks=True)
        return True, note
