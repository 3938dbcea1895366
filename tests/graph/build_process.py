"""Runs a build (or resumes one) in its own process, for the kill-and-resume test.

Usage: python -m tests.graph.build_process start|resume SESSION_ID HOME
Prints one JSON event per line; the scripted provider's building branches wait, so the build can be killed
while it is in the ``building`` phase.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from nexusforge_agents.builds.library import stream_build, stream_resume
from tests.scripted import Script, install, scripted_settings


async def main(action: str, session_id: str, home: str) -> None:
    install(Script(wait_s={"design": 1.5, "video": 1.5, "coder": 1.5}))
    settings = scripted_settings(Path(home))
    events = (
        stream_build("Build a note app", session_id=session_id, settings=settings)
        if action == "start"
        else stream_resume(session_id, settings=settings)
    )
    async for event in events:
        print(json.dumps({**event.wire(), "spec_calls": _spec_calls(event)}), flush=True)


def _spec_calls(event) -> int | None:
    result = getattr(event, "result", None)
    return None if result is None else int(result.usage.by_agent.get("spec", {}).get("calls", 0))


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4]))
