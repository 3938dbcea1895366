"""``tinywait`` / ``tinywait:<ms>``: waits per call (300 ms by default; ``asyncio.sleep``, no CPU) and returns a
tiny fixed app — for the scale-out tests and ``benchmarks/scale.py``, not a model.

Unlike ``wait`` (benchmarks/wait_provider, which returns the offline engine's full app), the app here is one FastAPI
route (`/api/health`) over one plain function whose test imports no framework, so a build's own CPU work (QA runs the
app's test from the warm pytest, ~0.05 s; the optimizer runs ruff) stays small and the figures measure the system
(queue, workers, database, event fan-out) rather than this machine's CPU.

``NEXUSFORGE_TINYWAIT_LOG=<file>``: every call appends ``<capability> <build folder name>`` to that file (one
``write`` per line, O_APPEND), so a test can count, e.g., how often a build's spec was written.

``tinywait:crash`` (opt-in, per build through its config's ``models``): the first call kills its own process with
SIGKILL after logging it, as a build that runs its worker out of memory would; for the attempt-limit test.
"""

from __future__ import annotations

import asyncio
import os
import signal
from importlib.metadata import version
from pathlib import Path

from nexusforge_agents.config import Settings
from nexusforge_agents.context import AgentContext, Capability
from nexusforge_agents.errors import InvalidInputError
from nexusforge_agents.providers.base import ProviderSpec
from nexusforge_agents.schemas import AppSpec, Entity, EntityField
from nexusforge_agents.spec_conventions import derive_endpoints

DEFAULT_WAIT_MS = 300
CRASH = "crash"
LOG_ENV = "NEXUSFORGE_TINYWAIT_LOG"
PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)
TINY_APP = {
    "backend/__init__.py": "",
    "backend/health.py": "def health() -> dict[str, str]:\n    return {'status': 'ok'}\n",
    "backend/main.py": (
        "from fastapi import FastAPI\n\nfrom backend.health import health\n\napp = FastAPI()\n"
        "app.get('/api/health')(health)\n"
    ),
    # The test imports no framework: QA's pytest run then costs ~0.05 s of CPU, so the benchmark measures the system.
    "tests/test_main.py": (
        "from backend.health import health\n\n\ndef test_health():\n    assert health() == {'status': 'ok'}\n"
    ),
    "pytest.ini": "[pytest]\npythonpath = .\n",
}


def tiny_spec(name: str = "Tiny Notes") -> AppSpec:
    spec = AppSpec(
        name=name,
        description="A tiny note keeper",
        features=["Write notes"],
        ui_components=["NoteList", "NoteForm"],
        entities=[Entity(name="Note", plural="notes", fields=[EntityField(name="title")])],
    )
    return spec.model_copy(update={"api_endpoints": derive_endpoints(spec)})


class TinyWaitingModel:
    def __init__(self, wait_ms: int, capability: Capability, *, crash: bool = False) -> None:
        self.model_id = f"tinywait:{CRASH if crash else wait_ms}"
        self.wait_s = wait_ms / 1000
        self.capability = capability.value
        self.crash = crash

    async def _wait(self, ctx: AgentContext) -> None:
        if log := os.environ.get(LOG_ENV):
            fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, f"{self.capability} {Path(ctx.workdir).name}\n".encode())
            finally:
                os.close(fd)
        if self.crash:
            os.kill(os.getpid(), signal.SIGKILL)
        with ctx.timed_call(self.model_id):
            await asyncio.sleep(self.wait_s)

    async def write_spec(self, ctx: AgentContext, prompt: str) -> AppSpec:
        await self._wait(ctx)
        return tiny_spec()

    async def paint(self, ctx: AgentContext, spec: AppSpec, component: str) -> bytes:
        await self._wait(ctx)
        return PNG_1X1

    async def make_video(self, ctx: AgentContext, spec: AppSpec, out: Path) -> Path:
        await self._wait(ctx)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(b"\x00\x00\x00\x18ftypmp42")  # an MP4 header only: this provider makes no video
        return out

    async def write_code(
        self, ctx: AgentContext, spec: AppSpec, *, feedback: str | None, previous: dict[str, str] | None
    ) -> dict[str, str]:
        await self._wait(ctx)
        return dict(TINY_APP)

    async def review(self, ctx: AgentContext, spec: AppSpec, files: dict[str, str]) -> tuple[dict[str, str], list[str]]:
        await self._wait(ctx)
        return {}, [f"{self.model_id} waited {self.wait_s:.3f} s and changed nothing"]


def tinywait_factory(name: str, capability: Capability, settings: Settings) -> TinyWaitingModel:
    if name == CRASH:
        return TinyWaitingModel(0, capability, crash=True)
    if name and not name.isdigit():
        raise InvalidInputError(
            f"tinywait model ids are 'tinywait', 'tinywait:<milliseconds>' or 'tinywait:{CRASH}' (got {name!r})."
        )
    return TinyWaitingModel(int(name) if name else DEFAULT_WAIT_MS, capability)


def tinywait_models(settings: Settings) -> list[dict[str, object]]:
    return [
        {
            "name": "tinywait",
            "type": "benchmark",
            "status": "available",
            "provider": "tinywait",
            "model_id": f"tinywait:{DEFAULT_WAIT_MS}",
            "env_var": None,
            "version": version("nexusforge-scale-provider"),
            "agents": ["spec", "design", "video", "coder", "optimizer"],
            "note": "waits per call and returns a tiny fixed app: for scale tests and benchmarks, not a model",
        }
    ]


PROVIDER = ProviderSpec(
    prefix="tinywait",
    summary="Waits a fixed latency per call and returns a tiny fixed app: for scale tests and benchmarks, not a model.",
    factory=tinywait_factory,
    models=tinywait_models,
)
