"""``wait`` / ``wait:<ms>``: a model provider that only waits, for benchmarks and tests — not a model.

Every call sleeps the given latency (300 ms by default; ``asyncio.sleep``, so no CPU) and returns what the offline
engine made for the same request beforehand, so a build runs end to end while its model time costs no CPU: the
figures measure the system's own overhead (queue, workers, event fan-out), not the machine's CPU contention.

The offline outputs are made once per prompt and kept in a folder shared by every process
(``$NEXUSFORGE_WAIT_CACHE``, else ``<settings.home>/wait-cache``); ``python -m nexusforge_wait_provider warm``
makes them before a timed run. A call whose output is not cached yet makes it (that first call is not "only
waiting", which is why a benchmark warms the cache first).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import shutil
from importlib.metadata import version
from pathlib import Path

from nexusforge_agents.config import Settings
from nexusforge_agents.context import AgentContext, Capability
from nexusforge_agents.errors import InvalidInputError
from nexusforge_agents.providers.base import ProviderSpec
from nexusforge_agents.schemas import AppSpec

DEFAULT_WAIT_MS = 300
CACHE_ENV = "NEXUSFORGE_WAIT_CACHE"


def cache_dir(settings: Settings) -> Path:
    return Path(os.environ.get(CACHE_ENV) or Path(settings.home) / "wait-cache")


def _key(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def _write_atomically(path: Path, data: bytes) -> None:
    """Several worker processes may make the same entry at once: each writes its own file, the last rename wins."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


class OfflineOutputs:
    """What the offline engine makes for a prompt or a spec, made once and read back from the cache folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def spec(self, prompt: str) -> AppSpec:
        path = self.folder / "spec" / f"{_key(prompt)}.json"
        if not path.is_file():
            from nexusforge_agents.providers.offline.spec import extract_spec

            _write_atomically(path, extract_spec(prompt).model_dump_json().encode())
        return AppSpec.model_validate_json(path.read_bytes())

    def mockup(self, spec: AppSpec, component: str) -> bytes:
        path = self.folder / "mockups" / f"{_key(spec.model_dump_json() + component)}.png"
        if not path.is_file():
            from nexusforge_agents.providers.offline.mockups import render_mockup

            _write_atomically(path, render_mockup(spec, component))
        return path.read_bytes()

    async def video(self, spec: AppSpec, out: Path) -> Path:
        path = self.folder / "video" / f"{_key(spec.model_dump_json())}.mp4"
        if not path.is_file():
            from nexusforge_agents.providers.offline.video import render_demo_video

            made = await render_demo_video(spec, path.with_name(f"{path.stem}.{os.getpid()}.mp4"))
            os.replace(made, path)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, out)
        return out

    def code(self, spec: AppSpec) -> dict[str, str]:
        path = self.folder / "code" / f"{_key(spec.model_dump_json())}.json"
        if not path.is_file():
            from nexusforge_agents.providers.offline.codegen import generate_app

            _write_atomically(path, json.dumps(generate_app(spec)).encode())
        return json.loads(path.read_bytes())


class WaitingModel:
    """Every capability: wait ``wait_s``, record the call, return the cached offline output."""

    def __init__(self, wait_ms: int, outputs: OfflineOutputs) -> None:
        self.model_id = f"wait:{wait_ms}"
        self.wait_s = wait_ms / 1000
        self.outputs = outputs

    async def _wait(self, ctx: AgentContext) -> None:
        with ctx.timed_call(self.model_id):
            await asyncio.sleep(self.wait_s)

    async def write_spec(self, ctx: AgentContext, prompt: str) -> AppSpec:
        await self._wait(ctx)
        return self.outputs.spec(prompt)

    async def paint(self, ctx: AgentContext, spec: AppSpec, component: str) -> bytes:
        await self._wait(ctx)
        return self.outputs.mockup(spec, component)

    async def make_video(self, ctx: AgentContext, spec: AppSpec, out: Path) -> Path:
        await self._wait(ctx)
        return await self.outputs.video(spec, out)

    async def write_code(
        self, ctx: AgentContext, spec: AppSpec, *, feedback: str | None, previous: dict[str, str] | None
    ) -> dict[str, str]:
        await self._wait(ctx)
        return self.outputs.code(spec)

    async def review(self, ctx: AgentContext, spec: AppSpec, files: dict[str, str]) -> tuple[dict[str, str], list[str]]:
        await self._wait(ctx)
        return {}, [f"{self.model_id} waited {self.wait_s:.3f} s and changed nothing"]


def wait_factory(name: str, capability: Capability, settings: Settings) -> WaitingModel:
    if name and not name.isdigit():
        raise InvalidInputError(
            f"wait model ids are 'wait' or 'wait:<milliseconds>', e.g. 'wait:300' (got 'wait:{name}')."
        )
    return WaitingModel(int(name) if name else DEFAULT_WAIT_MS, OfflineOutputs(cache_dir(settings)))


def wait_models(settings: Settings) -> list[dict[str, object]]:
    return [
        {
            "name": "wait",
            "type": "benchmark",
            "status": "available",
            "provider": "wait",
            "model_id": f"wait:{DEFAULT_WAIT_MS}",
            "env_var": None,
            "version": version("nexusforge-wait-provider"),
            "agents": ["spec", "design", "video", "coder", "optimizer"],
            "note": "waits per call and returns offline outputs: for benchmarks and tests, not a model",
        }
    ]


PROVIDER = ProviderSpec(
    prefix="wait",
    summary="Waits a fixed latency per call and returns offline outputs: for benchmarks and tests, not a model.",
    factory=wait_factory,
    models=wait_models,
)
