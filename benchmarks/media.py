"""How fast the offline engine draws an app's mockups and renders its demo video (goals: a mockup in under 0.15 s
median, the whole video in under 15 s).

    python benchmarks/media.py [--prompt "..."] [--repeat 2]

The spec is read from the prompt by the offline spec writer; every page is drawn ``--repeat`` times after one
warm-up drawing (fonts load once per process), then the demo video is rendered once. The numbers are printed with
the machine's load average (other work on the machine slows them). tests/providers/test_offline_media.py checks
what the pictures and the video hold, not how long they take.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from nexusforge_agents.providers.offline import video
from nexusforge_agents.providers.offline.mockups import render_mockup
from nexusforge_agents.providers.offline.spec import extract_spec

PROMPT = (
    "An expense tracker for a small team: members log expenses with an amount, a date, a category (travel, food, "
    "office) and a receipt photo; managers approve or reject them; a dashboard shows totals per category."
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--prompt", default=PROMPT, help="the app request whose pages are drawn")
    parser.add_argument("--repeat", type=int, default=2, help="drawings of each page to time (default 2)")
    args = parser.parse_args()
    spec = extract_spec(args.prompt)
    render_mockup(spec, spec.ui_components[0])  # warm-up: fonts load once per process
    timings = []
    for _ in range(max(1, args.repeat)):
        for page in spec.ui_components:
            start = time.perf_counter()
            render_mockup(spec, page)
            timings.append(time.perf_counter() - start)
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        asyncio.run(video.render_demo_video(spec, Path(folder) / "demo.mp4"))
        video_s = time.perf_counter() - start
    print(
        json.dumps(
            {
                "pages": len(spec.ui_components),
                "mockup_median_s": round(statistics.median(timings), 3),
                "mockup_worst_s": round(max(timings), 3),
                "mockup_goal_s": 0.15,
                "video_s": round(video_s, 2),
                "video_goal_s": 15.0,
                "load_average": round(os.getloadavg()[0], 1),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
