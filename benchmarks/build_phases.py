"""Build timing: an offline build's wall time per phase, then the graph's own overhead and parallelism.

    python benchmarks/build_phases.py [--wait-ms 300] [--prompt "..."]

Part 1 runs a real offline build and prints each phase's wall time.
Part 2 swaps every model for a provider that only waits (--wait-ms per call) and returns outputs the offline engine
made beforehand, so the graph's orchestration is what is measured:
- building speed-up = (design + video + coder branch times) / building phase wall time   (goal >= 2.5x)
- total wall / critical path, where critical path = spec + the longest building branch + optimizer + qa + deployer
  (goal <= 1.10)
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import tempfile
from pathlib import Path

from nexusforge_agents import AppSpec, Settings, build_app
from nexusforge_agents.context import AgentContext, Capability
from nexusforge_agents.providers.offline.codegen import generate_app
from nexusforge_agents.providers.offline.mockups import render_mockup
from nexusforge_agents.providers.offline.spec import extract_spec
from nexusforge_agents.providers.offline.video import render_demo_video
from nexusforge_agents.providers.registry import register_provider

DEFAULT_PROMPT = "Build an analytics dashboard that shows real-time sales data with interactive charts"


class WaitingProvider:
    """Every call waits ``wait_s`` (a model's latency) and returns an output prepared in advance."""

    def __init__(self, capability: Capability, wait_s: float, made: dict) -> None:
        self.model_id = f"waiting-{capability.value}"
        self.wait_s = wait_s
        self.made = made

    async def _call(self, ctx: AgentContext) -> None:
        with ctx.timed_call(self.model_id):
            await asyncio.sleep(self.wait_s)  # the simulated model latency is the quantity under test

    async def write_spec(self, ctx: AgentContext, prompt: str) -> AppSpec:
        await self._call(ctx)
        return self.made["spec"]

    async def paint(self, ctx: AgentContext, spec: AppSpec, component: str) -> bytes:
        await self._call(ctx)
        return self.made["mockups"][component]

    async def make_video(self, ctx: AgentContext, spec: AppSpec, out: Path) -> Path:
        await self._call(ctx)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.made["video"], out)
        return out

    async def write_code(self, ctx: AgentContext, spec: AppSpec, *, feedback, previous) -> dict[str, str]:
        await self._call(ctx)
        return self.made["code"]


async def prepare(prompt: str, scratch: Path) -> dict:
    spec = extract_spec(prompt)
    video = await render_demo_video(spec, scratch / "made.mp4")
    return {
        "spec": spec,
        "mockups": {c: render_mockup(spec, c) for c in spec.ui_components},
        "video": video,
        "code": generate_app(spec),
    }


def print_phases(title: str, result) -> None:
    print(f"\n{title}: total {result.build_time_seconds:.2f} s")
    for phase, seconds in result.phase_times.items():
        print(f"  {phase:<16} {seconds:7.3f} s")


async def main(prompt: str, wait_ms: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        offline = await build_app(prompt, settings=Settings(home=root / "offline"), output_dir=root / "offline-app")
        print_phases("Offline build", offline)
        print("  agents: " + ", ".join(f"{a} {s:.2f} s" for a, s in offline.agent_times.items()))

        made = await prepare(prompt, root)
        wait_s = wait_ms / 1000
        register_provider("waiting", lambda name, capability, settings: WaitingProvider(capability, wait_s, made))
        models = {f"model_{a}": "waiting" for a in ("spec", "design", "video", "coder")}
        settings = Settings(home=root / "waiting", parallel_mockups=len(made["spec"].ui_components), **models)
        result = await build_app(prompt, settings=settings, output_dir=root / "waiting-app")
        print_phases(f"Waiting provider ({wait_ms} ms per call)", result)
        agents = result.agent_times
        branches = [agents[a] for a in ("design", "video", "coder")]
        speedup = sum(branches) / result.phase_times["building"]
        critical = agents["spec"] + max(branches) + agents["optimizer"] + agents["qa"] + agents["deployer"]
        ratio = result.build_time_seconds / critical
        print(f"  branches: design {branches[0]:.3f} s, video {branches[1]:.3f} s, coder {branches[2]:.3f} s")
        print(f"  building phase parallel speed-up: {speedup:.2f}x (goal >= 2.5x)")
        print(f"  critical path {critical:.3f} s; total wall / critical path = {ratio:.3f} (goal <= 1.10)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--prompt", default=DEFAULT_PROMPT)
    parser.add_argument("--wait-ms", type=int, default=300)
    args = parser.parse_args()
    asyncio.run(main(args.prompt, args.wait_ms))
