"""A scripted provider for graph tests: small, fixed outputs, with hooks to make calls wait or fail.

Like pydantic-ai's FunctionModel: a real provider implementation whose behaviour the test decides.
"""

from __future__ import annotations

import asyncio
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from nexusforge_agents.config import MODEL_AGENTS, Settings
from nexusforge_agents.context import AgentContext, Capability
from nexusforge_agents.providers.registry import register_provider
from nexusforge_agents.schemas import AppSpec

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks" / "scale_provider"))
# The tinywait plugin's tiny app, 1x1 PNG and spec (its source, not its installed entry point): one copy.
from nexusforge_scale_provider import PNG_1X1, tiny_spec  # noqa: E402
from nexusforge_scale_provider import TINY_APP as PASSING_APP  # noqa: E402  (its test passes; serves /api/health)

NOT_DEPLOYABLE_APP = {  # its test passes, but there is no ASGI app for the local deployer to serve
    **PASSING_APP,
    "backend/main.py": "def health():\n    return {'status': 'ok'}\n",
}
FAILING_TEST = "from backend.main import health\n\n\ndef test_health():\n    assert health() == {'status': 'broken'}\n"


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
