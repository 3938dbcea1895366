"""The server's own settings, next to the library's ``Settings`` (same ``NEXUSFORGE_`` prefix, distinct names)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from ..config import Settings


class ServerSettings(BaseSettings):
    """How the hosted API runs: database, artifact storage, address, public URL. Env: ``NEXUSFORGE_*``."""

    model_config = SettingsConfigDict(env_prefix="NEXUSFORGE_", env_file=".env", extra="ignore")

    database_url: str | None = Field(
        None,
        validation_alias=AliasChoices("NEXUSFORGE_DATABASE_URL", "DATABASE_URL"),
        description="SQLAlchemy async URL; default: sqlite+aiosqlite file server.sqlite under Settings().home.",
    )
    artifacts_dir: Path | None = Field(
        None, description="Where code zips and template previews go; default: <home>/artifacts."
    )
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

    def resolved_database_url(self, settings: Settings) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{settings.home / 'server.sqlite'}"

    def resolved_artifacts_dir(self, settings: Settings) -> Path:
        return (self.artifacts_dir or settings.home / "artifacts").resolve()
