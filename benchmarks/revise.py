"""Revision timing: the offline engine's median time per documented change kind.

    python benchmarks/revise.py [--repeat 3] [--prompt "..."] [--full [--kinds N]]

For every change kind of docs/iterate.md ("add a due date to tasks", "rename Task to Chore", ...), starting from
one base app built by the offline engine (spec, code and mockups on disk), it times what a revision does before
the app's tests run: read the request into a spec delta, apply it, regenerate the code and write only the files
that changed, repaint the mockups of the changed pages only. It prints each kind's median and the median over
all kinds (goal: <= 5 s), with how many files and mockups each revision touched.

``--full`` also times whole revisions through the library (``nexusforge_agents.revise`` on an app a real offline
build made, no video): the same steps plus the optimizer, the app's own tests with browser tests, and the
version commit; the first ``--kinds`` change kinds, one after the other on the same app.
"""

from __future__ import annotations

import argparse
import asyncio
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
from nexusforge_agents.tools.workspace import write_files

DEFAULT_PROMPT = (
    "Build a to-do list app with server-rendered HTML templates where I can add tasks with a title, notes, "
    "a status and a priority, and filter tasks by status"
)
CHANGE_KINDS = {
    "add a field": "add a due date to tasks",
    "add a field with choices": "add a severity field with choices minor, major and critical to tasks",
    "remove a field": "remove the description field",
    "rename a field": "rename the description field to details",
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


def _base(folder: Path, prompt: str) -> tuple[AppSpec, dict[str, str]]:
    spec = ensure_pages(extract_spec(prompt))
    files = generate_app(spec)
    write_files(folder, files)
    for page in spec.ui_components:
        (folder / "mockups").mkdir(exist_ok=True)
        (folder / "mockups" / f"{page}.png").write_bytes(render_mockup(spec, page))
    return spec, files


def revise_once(folder: Path, spec: AppSpec, files: dict[str, str], request: str) -> tuple[float, int, int]:
    """(seconds, files written or removed, mockups painted) for one revision of the app in ``folder``."""
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


async def full_revisions(root: Path, prompt: str, kinds: int) -> list[float]:
    """Seconds per whole revision (library ``revise``), each kind once, chained on one built app."""
    settings = Settings(home=root / "home")
    built = await build_app(prompt, {"enableVideoDemo": False}, settings=settings, output_dir=root / "full-app")
    seconds = []
    for kind, request in list(CHANGE_KINDS.items())[:kinds]:
        start = time.perf_counter()
        events = [event async for event in revise(built.session_id, request, settings=settings)]
        seconds.append(time.perf_counter() - start)
        outcome = "completed" if isinstance(events[-1], BuildCompleted) else f"FAILED: {events[-1]}"
        print(f"{kind:28} {seconds[-1]:9.2f}  {outcome}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--prompt", default=DEFAULT_PROMPT)
    parser.add_argument("--full", action="store_true", help="Also time whole revisions through the library.")
    parser.add_argument("--kinds", type=int, default=len(CHANGE_KINDS), help="With --full: how many change kinds.")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="nf-revise-bench-"))
    try:
        medians = []
        print(f"{'change kind':28} {'median s':>9} {'files':>6} {'mockups':>8}")
        for kind, request in CHANGE_KINDS.items():
            times = []
            for n in range(args.repeat):
                folder = root / f"{len(medians)}-{n}"
                spec, files = _base(folder, args.prompt)
                seconds, touched, painted = revise_once(folder, spec, files, request)
                times.append(seconds)
            medians.append(statistics.median(times))
            print(f"{kind:28} {medians[-1]:9.2f} {touched:6d} {painted:8d}")
        overall = statistics.median(medians)
        print(f"\nmedian over {len(CHANGE_KINDS)} change kinds: {overall:.2f} s (goal <= 5 s)")
        if args.full:
            print(f"\nwhole revisions (library revise, with the app's tests):\n{'change kind':28} {'seconds':>9}")
            seconds = asyncio.run(full_revisions(root, args.prompt, args.kinds))
            print(f"\nmedian whole revision over {len(seconds)} change kinds: {statistics.median(seconds):.2f} s")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
