"""Revision timing: the median time of a whole offline revision over the documented change kinds (goal: <= 5 s).

    python benchmarks/revise.py [--kinds N] [--prompt "..."] [--out F]  # whole revisions (the headline)
    python benchmarks/revise.py --engine [--repeat 3]                 # the engine's part only

One offline build (no video) makes the base app; then, for every change kind of docs/iterate.md ("add a due date
to tasks", "rename Task to Chore", ...), it times a whole revision through the library (``nexusforge_agents.revise``,
what a user waits for): read the request into a spec delta, apply it, regenerate the code and write only the files
that changed, repaint the mockups of the changed pages, the optimizer (ruff), the app's own tests with its browser
tests, and the version commit. Between two kinds the app is rolled back to v1 (not timed), so every kind revises
the same base app. Each line gives the wall-clock seconds, the CPU seconds the revision used (this process and
every process it started: pytest, the app server, Chromium, ruff, also through the warm pytest server), the
1-minute load average after it and the repair rounds (a round runs the app's tests again); the
headline is the median wall-clock time over the kinds, with the load average it was measured under (the machine
is shared: wall-clock time grows with the load, CPU time hardly does).

``--engine`` times only the engine's part of a revision on a base app written to disk (read, apply, regenerate and
write the changed files, repaint the changed mockups), ``--repeat`` times per kind.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from nexusforge_agents import BuildCompleted, Settings, build_app, revise
from nexusforge_agents.appspec import AppSpec
from nexusforge_agents.providers.offline.codegen import generate_app
from nexusforge_agents.providers.offline.mockups import render_mockup
from nexusforge_agents.providers.offline.revise import read_change_request
from nexusforge_agents.providers.offline.spec import extract_spec
from nexusforge_agents.spec_conventions import ensure_pages
from nexusforge_agents.spec_impact import file_changes, page_impact
from nexusforge_agents.spec_revision import apply_delta
from nexusforge_agents.tools import warm_pytest
from nexusforge_agents.tools.processes import TOOL_NICE_ENV
from nexusforge_agents.tools.workspace import write_files
from nexusforge_agents.versions import rollback

DEFAULT_PROMPT = (
    "Build a to-do list app with server-rendered HTML templates where I can add tasks with a title, notes, "
    "a status and a priority, and filter tasks by status"
)
CHANGE_KINDS = {
    "add a field": "add a due date to tasks",
    "add a field with choices": "add a severity field with choices minor, major and critical to tasks",
    "remove a field": "remove the priority field",
    "rename a field": "rename the priority field to urgency",
    "add an entity": "add customers with name, email and phone",
    "rename an entity": "rename Task to Chore",
    "add a page": "add a dashboard page",
    "remove a page": "remove the task form page",
    "add a feature": "let users export tasks to CSV",
    "colours": "make the primary colour teal",
    "theme": "use a dark theme",
    "app name": 'call the app "Chore Chart"',
    "page title": "change the title of the task list page to 'My Tasks'",
    "element label": "rename the 'Save' button to 'Store task'",
    "sign-in on": "turn on sign-in",
    "real-time on": "turn on real-time updates",
}


def cpu_seconds() -> float:
    """User + system CPU seconds of this process, of every child process it has waited for, and of the warm pytest
    servers with the runs they made (their children, which ``RUSAGE_CHILDREN`` does not see while they live)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime + warm_pytest.cpu_seconds()


def load() -> float:
    return os.getloadavg()[0]


def _base(folder: Path, prompt: str) -> tuple[AppSpec, dict[str, str]]:
    spec = ensure_pages(extract_spec(prompt))
    files = generate_app(spec)
    write_files(folder, files)
    for page in spec.ui_components:
        (folder / "mockups").mkdir(exist_ok=True)
        (folder / "mockups" / f"{page}.png").write_bytes(render_mockup(spec, page))
    return spec, files


def revise_once(folder: Path, spec: AppSpec, files: dict[str, str], request: str) -> tuple[float, int, int]:
    """(seconds, files written or removed, mockups painted) for the engine's part of one revision."""
    start = time.perf_counter()
    delta = read_change_request(spec, request)
    if not delta.changes:
        raise SystemExit(f"{request!r} was not built: {delta.summary()}")
    new_spec = apply_delta(spec, delta)
    changes = file_changes(files, generate_app(new_spec))
    write_files(folder, changes.written)
    for path in changes.removed:
        (folder / path).unlink()
    impact = page_impact(spec, new_spec)
    for page in impact.to_paint:
        (folder / "mockups" / f"{page}.png").write_bytes(render_mockup(new_spec, page))
    for page in impact.removed:
        (folder / "mockups" / f"{page}.png").unlink()
    return time.perf_counter() - start, len(changes.written) + len(changes.removed), len(impact.to_paint)


def engine_only(root: Path, prompt: str, repeat: int) -> None:
    medians = []
    print(f"{'change kind':28} {'median s':>9} {'files':>6} {'mockups':>8}")
    for kind, request in CHANGE_KINDS.items():
        times = []
        for n in range(repeat):
            folder = root / f"{len(medians)}-{n}"
            spec, files = _base(folder, prompt)
            seconds, touched, painted = revise_once(folder, spec, files, request)
            times.append(seconds)
        medians.append(statistics.median(times))
        print(f"{kind:28} {medians[-1]:9.2f} {touched:6d} {painted:8d}")
    print(f"\nengine part, median over {len(CHANGE_KINDS)} change kinds: {statistics.median(medians):.2f} s")


async def whole_revisions(root: Path, prompt: str, kinds: int, out: Path | None) -> None:
    settings = Settings(home=root / "home")
    folder = root / "app"
    built = await build_app(prompt, {"enableVideoDemo": False}, settings=settings, output_dir=folder)
    walls, cpus, loads, failed, rows = [], [], [load()], [], []
    print(f"{'change kind':28} {'wall s':>7} {'CPU s':>6} {'load':>5}  outcome (repair rounds)")
    for kind, request in list(CHANGE_KINDS.items())[:kinds]:
        cpu, start = cpu_seconds(), time.perf_counter()
        events = [event async for event in revise(built.session_id, request, settings=settings)]
        walls.append(time.perf_counter() - start)
        cpus.append(cpu_seconds() - cpu)
        loads.append(load())
        last = events[-1]
        outcome = "completed" if isinstance(last, BuildCompleted) else f"FAILED: {getattr(last, 'message', last)}"
        if isinstance(last, BuildCompleted) and last.result is not None:
            outcome += f" ({last.result.repair_rounds})"  # each round ran the app's tests again
        if not isinstance(last, BuildCompleted):
            failed.append(kind)
        print(f"{kind:28} {walls[-1]:7.2f} {cpus[-1]:6.2f} {loads[-1]:5.1f}  {outcome}", flush=True)
        rows.append({"kind": kind, "wall_s": round(walls[-1], 2), "cpu_s": round(cpus[-1], 2), "load": loads[-1],
                     "outcome": outcome})  # fmt: skip
        rollback(folder, 1)  # the next kind revises the same base app
    print(
        f"\nmedian whole offline revision over {len(walls)} change kinds: {statistics.median(walls):.2f} s wall, "
        f"{statistics.median(cpus):.2f} s CPU (goal <= 5 s wall on a quiet 2-core machine)\n"
        f"load average (1 min) while measuring: {min(loads):.1f} to {max(loads):.1f} on {os.cpu_count()} CPUs"
        + (f"\nFAILED: {', '.join(failed)}" if failed else "")
    )
    if out is not None:
        summary = {
            "median_wall_s": round(statistics.median(walls), 2),
            "median_cpu_s": round(statistics.median(cpus), 2),
            "load_average": [round(min(loads), 1), round(max(loads), 1)],
            "cpus": os.cpu_count(),
            "niceness": os.nice(0),
            "settings": {name: os.environ.get(name) for name in (warm_pytest.WARM_ENV, TOOL_NICE_ENV)},
            "kinds": rows,
        }
        out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--prompt", default=DEFAULT_PROMPT)
    parser.add_argument("--kinds", type=int, default=len(CHANGE_KINDS), help="How many change kinds (in order).")
    parser.add_argument("--engine", action="store_true", help="Time only the engine's part of a revision.")
    parser.add_argument("--repeat", type=int, default=3, help="With --engine: runs per change kind.")
    parser.add_argument("--out", type=Path, help="Also write the whole revisions' numbers as JSON to this file.")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="nf-revise-bench-"))
    try:
        if args.engine:
            engine_only(root, args.prompt, args.repeat)
        else:
            asyncio.run(whole_revisions(root, args.prompt, args.kinds, args.out))
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
