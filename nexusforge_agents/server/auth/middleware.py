"""Response timing for the admin metrics: every HTTP response's time to its first byte, measured here.

Access control is not here: each route declares it as a dependency (``access.py``).
"""

from __future__ import annotations

import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .metrics import RequestStats


class ResponseTimer:
    def __init__(self, app: ASGIApp, stats: RequestStats) -> None:
        self.app = app
        self.stats = stats

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()

        async def timed(message: Message) -> None:
            if message["type"] == "http.response.start":  # time to the first byte: streams stay open for long
                self.stats.record(message["status"], time.perf_counter() - started)
            await send(message)

        await self.app(scope, receive, timed)
