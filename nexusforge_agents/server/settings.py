"""The server's own settings, next to the library's ``Settings`` (same ``NEXUSFORGE_`` prefix, distinct names)."""

from __future__ import annotations

import os
from typing import Literal

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from ..builds.process_settings import ProcessSettings


class ServerSettings(ProcessSettings):
    """How the hosted API runs: database and artifact storage (``ProcessSettings``), address, public URL, where
    builds run. Env: ``NEXUSFORGE_*``."""

    model_config = SettingsConfigDict(env_prefix="NEXUSFORGE_", env_file=".env", extra="ignore")

    host: str = Field("127.0.0.1", description="Address `nexusforge serve` binds to.")
    port: int = Field(8000, ge=0, le=65535, description="Port `nexusforge serve` listens on.")
    public_url: str | None = Field(
        None,
        description="Public base URL (https://api.example.com). Used for websocket_url and artifact links; "
        "unset: websocket_url is the contract's relative path and links use the request's own base URL.",
    )
    environment: str = Field("development", description="Reported by /health.")
    deploy_target: Literal["local", "cloudrun"] = Field(
        "local", description="Where POST /deploy/{id} puts a completed app."
    )
    api_only: bool = Field(
        False,
        description="Run no builds here: submit them to the job queue on NEXUSFORGE_REDIS_URL, where "
        "`nexusforge worker` processes run them (`nexusforge serve --api-only`).",
    )
    freeze_heap: bool = Field(
        False,
        description="Once started, leave the start-up heap out of the garbage collector's full collections "
        "(builds/heap.py). `nexusforge serve` sets it: for a process that lives long, not an app embedded in tests.",
    )
    build_runner: Literal["process", "inline"] = Field(
        "process",
        description="'process': builds run in a build-worker process at lower CPU priority, so the API answers "
        "promptly while they work; 'inline': in the server's own event loop (simplest; for tests and embedding).",
    )
    worker_nice: int = Field(10, ge=0, le=19, description="How much the build worker lowers its CPU priority.")
    worker_imports: list[str] = Field(
        default_factory=list,
        description="Modules the build worker imports first, e.g. ones that register custom model providers.",
    )
    max_concurrent_builds: int = Field(
        default_factory=lambda: max(2, 2 * (os.cpu_count() or 1)),
        ge=1,
        le=1000,
        description="Builds running at once (default: twice the CPUs; offline builds are CPU-bound, so more only "
        "slows every one down). More wait in 'initializing' until a slot frees. Raise it for real, network-bound "
        "models.",
    )
    max_request_bytes: int = Field(
        1 << 20,
        ge=1024,
        le=1 << 30,
        description="Largest request body any route accepts (bytes); larger ones get 413 before they are read.",
    )
    estimate_prior_s: float = Field(
        30.0,
        gt=0,
        description="Build time assumed while the server has no completed build to measure "
        "(an offline build with video takes about this long on a laptop).",
    )
