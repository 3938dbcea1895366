"""A small Server-Sent Events reader over httpx (what a browser's EventSource does)."""

from __future__ import annotations

import json
from typing import Any

import httpx


async def read_sse(
    client: httpx.AsyncClient, url: str, *, last_event_id: str | None = None, stop_after: int | None = None
) -> tuple[int, list[dict[str, Any]]]:
    """(status, events) where each event is {"event", "id", "data"} with data parsed as JSON."""
    headers = {"Last-Event-ID": last_event_id} if last_event_id is not None else {}
    events: list[dict[str, Any]] = []
    async with client.stream("GET", url, headers=headers, timeout=60) as response:
        if response.status_code != 200:
            await response.aread()
            return response.status_code, events
        assert response.headers["content-type"].startswith("text/event-stream")
        current: dict[str, Any] = {}
        async for line in response.aiter_lines():
            if not line:
                if "data" in current:
                    current["data"] = json.loads(current["data"])
                    events.append(current)
                    if stop_after is not None and len(events) >= stop_after:
                        break
                current = {}
            elif line.startswith(":"):
                continue
            else:
                field, _, value = line.partition(":")
                current[field] = value.removeprefix(" ")
    return 200, events
