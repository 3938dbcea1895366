"""Where a build process keeps its shared data: the database and the artifacts (a folder, or Cloud Storage). API
processes (``ServerSettings`` extends this) and queue workers read the same variables, so they meet in the same
places."""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ..config import Settings
from .artifact_store import ArtifactStore, open_artifact_store, parse_gs_url


class ProcessSettings(BaseSettings):
    """Env: ``NEXUSFORGE_DATABASE_URL`` (or ``DATABASE_URL``), ``NEXUSFORGE_ARTIFACTS_DIR``,
    ``NEXUSFORGE_ARTIFACTS_URL``."""

    model_config = SettingsConfigDict(env_prefix="NEXUSFORGE_", env_file=".env", extra="ignore")

    database_url: str | None = Field(
        None,
        validation_alias=AliasChoices("NEXUSFORGE_DATABASE_URL", "DATABASE_URL"),
        description="SQLAlchemy async URL of the builds, their event logs, the accounts and (PostgreSQL) the "
        "LangGraph checkpoints; default: sqlite+aiosqlite file server.sqlite under Settings().home.",
    )
    artifacts_dir: Path | None = Field(
        None,
        description="Where code zips and template previews go; default: <home>/artifacts. With several API "
        "replicas and workers, a folder they all mount (the shared artifact storage).",
    )
    artifacts_url: str | None = Field(
        None,
        description="gs://bucket[/prefix]: workers upload each completed build's mockups, video and code zip there "
        "and API replicas stream them from there (Application Default Credentials), so no folder need be shared "
        "for artifacts. Needs the gcs extra.",
    )

    @field_validator("artifacts_url")
    @classmethod
    def _gs_url(cls, value: str | None) -> str | None:
        if value:
            parse_gs_url(value)
        return value or None

    def resolved_database_url(self, settings: Settings) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{settings.home / 'server.sqlite'}"

    def resolved_artifacts_dir(self, settings: Settings) -> Path:
        return (self.artifacts_dir or settings.home / "artifacts").resolve()

    def artifact_store(self, settings: Settings) -> ArtifactStore:
        return open_artifact_store(self.resolved_artifacts_dir(settings), self.artifacts_url)
