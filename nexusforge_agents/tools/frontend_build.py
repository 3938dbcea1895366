"""Building a generated React frontend (``npm install`` + ``npm run build``) with a shared ``node_modules`` cache.

QA builds it so the browser tests see the app users get (the backend serves ``frontend/dist``); the eval harness
builds it to score whether it builds. Installs are cached by the hash of ``package.json``'s dependency sections
(and the lockfile): the first app with a given dependency set installs into ``<cache>/<hash>``, later ones get a
hard-linked copy of that ``node_modules`` (each app keeps its own folder, so build tools writing under
``node_modules/.vite`` never share state between apps). A slot is installed in a temporary folder and renamed
into place, so concurrent builds never see a half-installed cache.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import shutil
import uuid
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from .processes import clean_env, run_process

CACHE_ENV = "NEXUSFORGE_NPM_CACHE"
_DEP_KEYS = ("dependencies", "devDependencies", "optionalDependencies", "peerDependencies", "overrides")
_PASSED_NPM_ENV = ("NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE", "HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY")


class FrontendBuild(BaseModel):
    """How building one frontend went: ``stage`` is where it stopped ("built" when it succeeded)."""

    ok: bool
    stage: Literal["built", "no_npm", "package_json", "install", "build"]
    note: str
    install_seconds: float = 0.0
    build_seconds: float = 0.0
    output: str = ""


def default_cache() -> Path:
    """``$NEXUSFORGE_NPM_CACHE``, else ``~/.cache/nexusforge/npm``."""
    configured = os.environ.get(CACHE_ENV)
    return Path(configured) if configured else Path.home() / ".cache" / "nexusforge" / "npm"


def npm_env(cache: Path) -> dict[str, str]:
    extra = {k: v for k in _PASSED_NPM_ENV if (v := os.environ.get(k))}
    extra["npm_config_cache"] = str(cache / "_npm")
    extra["npm_config_update_notifier"] = "false"
    return clean_env(extra)


def _tail(output: str, lines: int = 12) -> str:
    return "\n".join(output.strip().splitlines()[-lines:])[-2000:]


async def install_node_modules(frontend: Path, cache: Path, *, timeout_s: float) -> tuple[bool, str]:
    """Give ``frontend`` a ``node_modules`` from the cache, installing the cache slot first if it is new."""
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
    note = f"node_modules from cache {digest}"
    if not (slot / ".installed").is_file():
        staging = cache / f".{digest}-{uuid.uuid4().hex[:8]}"
        staging.mkdir(parents=True)
        (staging / "package.json").write_text(json.dumps({"name": "nf-npm-cache", "private": True, **deps}))
        if lock.is_file():
            shutil.copy2(lock, staging / "package-lock.json")
        result = await run_process(
            ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=staging,
            timeout_s=timeout_s,
            env=npm_env(cache),
        )
        if result.exit_code != 0:
            shutil.rmtree(staging, ignore_errors=True)
            return False, f"npm install failed (exit {result.exit_code}): {_tail(result.output, 4)[:400]}"
        (staging / ".installed").write_text(digest)
        try:
            staging.rename(slot)
            note = f"installed into cache {digest} in {result.duration_s:.1f} s"
        except OSError:  # another build installed the same slot meanwhile: use theirs
            shutil.rmtree(staging, ignore_errors=True)
    if (slot / "node_modules").is_dir():
        copied = await run_process(
            ["cp", "-al", str(slot / "node_modules"), str(frontend / "node_modules")], cwd=frontend, timeout_s=300
        )
        if copied.exit_code != 0:  # another filesystem: a real copy
            source, target = slot / "node_modules", frontend / "node_modules"
            await asyncio.to_thread(shutil.copytree, source, target, symlinks=True)
    return True, note


def built_is_current(frontend: Path) -> bool:
    """``dist/index.html`` is newer than every source of the frontend (so a rebuild would make the same)."""
    index = frontend / "dist" / "index.html"
    if not index.is_file():
        return False
    skip = {"node_modules", "dist"}
    sources = (p for p in frontend.rglob("*") if p.is_file() and not skip & set(p.relative_to(frontend).parts))
    built_at = index.stat().st_mtime
    return all(p.stat().st_mtime <= built_at for p in sources)


async def build_frontend(frontend: Path, cache: Path | None = None, *, timeout_s: float = 600.0) -> FrontendBuild:
    """``npm install`` (cached) and ``npm run build`` in ``frontend``, as the app's README says."""
    if not (frontend / "package.json").is_file():
        return FrontendBuild(ok=False, stage="package_json", note=f"no {frontend.name}/package.json")
    if shutil.which("npm") is None:
        return FrontendBuild(ok=False, stage="no_npm", note="npm is not installed")
    cache = (cache or default_cache()).resolve()
    started = asyncio.get_running_loop().time()
    ok, note = await install_node_modules(frontend, cache, timeout_s=timeout_s)
    install_s = round(asyncio.get_running_loop().time() - started, 2)
    if not ok:
        return FrontendBuild(ok=False, stage="install", note=note, install_seconds=install_s)
    built = await run_process(["npm", "run", "build"], cwd=frontend, timeout_s=timeout_s, env=npm_env(cache))
    dist = (frontend / "dist" / "index.html").is_file()
    if built.exit_code != 0 or not dist:
        why = "timed out" if built.timed_out else f"exit {built.exit_code}"
        why += "" if dist else ", no dist/index.html"
        return FrontendBuild(
            ok=False,
            stage="build",
            note=f"npm run build failed ({why}); {note}",
            install_seconds=install_s,
            build_seconds=built.duration_s,
            output=_tail(built.output),
        )
    return FrontendBuild(
        ok=True,
        stage="built",
        note=f"built in {built.duration_s:.1f} s ({note})",
        install_seconds=install_s,
        build_seconds=built.duration_s,
    )
