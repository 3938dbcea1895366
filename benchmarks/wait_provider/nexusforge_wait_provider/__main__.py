"""``python -m nexusforge_wait_provider warm --prompt P [--prompt P2] [--cache DIR]``: make the offline outputs the
``wait`` provider returns, before a timed run, so that every timed call only waits."""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

from nexusforge_agents.config import Settings

from . import CACHE_ENV, OfflineOutputs, cache_dir


async def warm(prompts: list[str], folder: Path) -> None:
    outputs = OfflineOutputs(folder)
    with tempfile.TemporaryDirectory() as scratch:
        for prompt in prompts:
            spec = outputs.spec(prompt)
            for component in spec.ui_components:
                outputs.mockup(spec, component)
            await outputs.video(spec, Path(scratch) / "video.mp4")
            outputs.code(spec)
            print(f"warmed {folder} for {prompt!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("command", choices=["warm"])
    parser.add_argument("--prompt", action="append", required=True)
    parser.add_argument("--cache", type=Path, help=f"the cache folder (default ${CACHE_ENV} or <home>/wait-cache)")
    args = parser.parse_args()
    folder = args.cache or cache_dir(Settings())
    asyncio.run(warm(args.prompt, folder))


if __name__ == "__main__":
    main()
