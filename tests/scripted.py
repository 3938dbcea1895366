"""A scripted provider for graph tests: small, fixed outputs, with hooks to make calls wait or fail.

Like pydantic-ai's FunctionModel: a real provider implementation whose behaviour the test decides.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from pathlib import Path

from nexusforge_agents.config import MODEL_AGENTS, Settings
from nexusforge_agents.context import AgentContext, Capability
from nexusforge_agents.providers.registry import register_provider
from nexusforge_agents.schemas import AppSpec, Entity, EntityField
from nexusforge_agents.spec_conventions import derive_endpoints

PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)

PASSING_APP = {  # a real (tiny) app: its test passes and the local deployer can serve it (/api/health)
    "backend/__init__.py": "",
    "backend/main.py": (
        "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get('/api/health')\n"
        "def health():\n    return {'status': 'ok'}\n"
    ),
    "tests/test_main.py": (
        "from backend.main import health\n\n\ndef test_health():\n    assert health() == {'status': 'ok'}\n"
    ),
    "pytest.ini": "[pytest]\npythonpath = .\n",
}
NOT_DEPLOYABLE_APP = {  # its test passes, but there is no ASGI app for the local deployer to serve
    **PASSING_APP,
    "backend/main.py": "def health():\n    return {'status': 'ok'}\n",
}
FAILING_TEST = "from backend.main import health\n\n\ndef test_health():\n    assert health() == {'status': 'broken'}\n"


def tiny_spec(name: str = "Tiny Notes") -> AppSpec:
    spec = AppSpec(
        name=name,
        description="A tiny note keeper",
        features=["Write notes"],
        ui_components=["NoteList", "NoteForm"],
        entities=[Entity(name="Note", plural="notes", fields=[EntityField(name="title")])],
    )
    return spec.model_copy(update={"api_endpoints": derive_endpoints(spec)})


@dataclass
class Script:
    """What the scripted provider does: per-capability waits, and how many coder rounds write failing tests."""

    wait_s: dict[str, float] = field(default_factory=dict)
    failing_coder_rounds: int = 0
    coder_calls: int = 0
    feedback_seen: list[str | None] = field(default_factory=list)
    gate: asyncio.Event | None = None  # when set, the coder waits for it (to cancel mid-build)
    fail: dict[str, Exception] = field(default_factory=dict)
    intervals: dict[str, tuple[float, float]] = field(default_factory=dict)
    app: dict[str, str] = field(default_factory=lambda: dict(PASSING_APP))  # what the coder writes

    async def pause(self, capability: str) -> None:
        start = time.perf_counter()
        if capability in self.fail:
            raise self.fail[capability]
        if self.wait_s.get(capability):
            await asyncio.sleep(self.wait_s[capability])  # the provider's latency is what is being measured
        self.intervals[capability] = (start, time.perf_counter())


class ScriptedProvider:
    def __init__(self, script: Script, capability: Capability) -> None:
        self.script = script
        self.model_id = f"scripted-{capability.value}"

    async def write_spec(self, ctx: AgentContext, prompt: str) -> AppSpec:
        with ctx.timed_call(self.model_id) as call:
            await self.script.pause("spec")
            call.tokens_in, call.tokens_out, call.cost_usd = len(prompt.split()), 50, 0.001
        return tiny_spec()

    async def paint(self, ctx: AgentContext, spec: AppSpec, component: str) -> bytes:
        with ctx.timed_call(self.model_id):
            await self.script.pause("design")
        return PNG_1X1

    async def make_video(self, ctx: AgentContext, spec: AppSpec, out: Path) -> Path:
        with ctx.timed_call(self.model_id):
            await self.script.pause("video")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(b"\x00\x00\x00\x18ftypmp42")
        return out

    async def write_code(self, ctx: AgentContext, spec: AppSpec, *, feedback, previous) -> dict[str, str]:
        with ctx.timed_call(self.model_id):
            self.script.feedback_seen.append(feedback)
            if self.script.gate is not None:
                await self.script.gate.wait()
            await self.script.pause("coder")
            self.script.coder_calls += 1
        files = dict(self.script.app)
        if self.script.coder_calls <= self.script.failing_coder_rounds:
            files["tests/test_main.py"] = FAILING_TEST
        return files

    async def review(self, ctx: AgentContext, spec: AppSpec, files: dict[str, str]):
        return {}, ["scripted review: nothing to change"]


def install(script: Script) -> Script:
    register_provider("scripted", lambda name, capability, settings: ScriptedProvider(script, capability))
    return script


def scripted_settings(tmp_path: Path, **overrides) -> Settings:
    models = {f"model_{a}": "scripted" for a in MODEL_AGENTS}
    return Settings(home=tmp_path / "home", **{**models, **overrides})
