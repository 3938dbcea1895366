"""Offline build time with browser QA, on WebGen-Bench dev prompts: the median wall time of a whole build.

    python benchmarks/build_with_browser.py [--limit 5] [--dataset evals/datasets/webgen-bench-dev.jsonl] [--video]

Each prompt is built one after another (no demo video unless --video, as the eval harness does), with QA running
the app's own tests including its browser tests in Chromium (a React frontend is built first, node_modules from
the shared cache). Per build it prints the total, the QA agent's time, the frontend build's share and the browser
tests' counts; then the median (goal: <= 15 s on a 2-core machine) and the load average, since the machine may
be shared.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path

from nexusforge_agents import Settings, build_app
from nexusforge_agents.errors import NexusForgeError
from nexusforge_agents.evals.dataset import load_dataset
from nexusforge_agents.tools.browser import find_chromium

GOAL_S = 15.0


async def main(dataset: str, limit: int, video: bool) -> None:
    chromium = find_chromium()
    print(f"Chromium: {chromium.reason}; CPUs: {os.cpu_count()}; load average before: {os.getloadavg()}")
    cases = load_dataset(dataset).head(limit)
    totals: list[float] = []
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="nf-bench-") as tmp:
        root = Path(tmp)
        for case in cases:
            started = time.perf_counter()
            try:
                result = await build_app(
                    case.prompt,
                    {"enable_video_demo": video},
                    settings=Settings(home=root / "home"),
                    output_dir=root / case.folder_name,
                )
            except NexusForgeError as exc:  # reported and counted, not hidden in the median
                failures.append(case.id)
                print(f"{case.id}: FAILED after {time.perf_counter() - started:.1f} s: {exc.message}", flush=True)
                continue
            totals.append(result.build_time_seconds)
            tests = result.tests
            browser = tests.browser if tests else None
            seen = "no browser tests"
            if browser is not None:
                seen = f"browser {browser.ran} ran, {browser.failed} failed, {browser.skipped} skipped"
                if browser.frontend_build:
                    seen += f"; frontend build {browser.frontend_build_seconds:.1f} s"
            qa = result.agent_times.get("qa", 0.0)
            print(f"{case.id}: {result.build_time_seconds:5.1f} s (QA {qa:4.1f} s; {seen})", flush=True)
    if failures:
        print(f"failed builds: {len(failures)} ({', '.join(failures)})")
    if totals:
        median = statistics.median(totals)
        verdict = "meets" if median <= GOAL_S else "misses"
        print(f"median build with browser QA: {median:.1f} s over {len(totals)} builds", end=" ")
        print(f"({verdict} the {GOAL_S:.0f} s goal)")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", default="evals/datasets/webgen-bench-dev.jsonl")
    parser.add_argument("--limit", type=int, default=5)
    parser.add_argument("--video", action="store_true", help="Also make the demo video.")
    args = parser.parse_args()
    asyncio.run(main(args.dataset, args.limit, args.video))
