"""Settings for accounts and access, read from ``NEXUSFORGE_*`` environment variables.

The JWT signing secret is never a default: it comes from ``NEXUSFORGE_JWT_SECRET`` or is generated once and kept
in ``<home>/jwt_secret`` with 0600 permissions, so every restart of the embedded server keeps sessions valid.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ...builds.queue_settings import DEFAULT_REDIS_PREFIX, RedisPrefix
from ...config import Settings

SECRET_FILE = "jwt_secret"
MIN_SECRET_BYTES = 32


class AuthSettings(BaseSettings):
    """Accounts, tokens, API keys, rate limits and credits."""

    model_config = SettingsConfigDict(env_prefix="NEXUSFORGE_", env_file=".env", extra="ignore")

    home: Path | None = Field(None, description="Where the generated JWT secret lives (default: Settings().home).")
    jwt_secret: SecretStr | None = Field(None, description="HS256 signing secret (at least 32 bytes).")
    jwt_algorithm: Literal["HS256"] = Field("HS256", description="Pinned; tokens with any other alg are refused.")
    jwt_issuer: str = Field("nexusforge", description="The iss claim written and required.")
    access_token_ttl_s: int = Field(1800, gt=0, description="Access token lifetime (the contract's expires_in).")
    refresh_token_ttl_s: int = Field(30 * 24 * 3600, gt=0, description="Refresh token (session family) lifetime.")
    admin_email: str | None = Field(None, description="First admin's email, created on first start if none exists.")
    admin_password: SecretStr | None = Field(None, description="First admin's password (with admin_email).")
    min_password_length: int = Field(12, ge=8, description="Shortest password accepted for new accounts.")

    redis_url: str | None = Field(None, description="redis://host:port/db for shared rate-limit counters.")
    redis_prefix: RedisPrefix = DEFAULT_REDIS_PREFIX
    rate_limit_build: str = Field("5/hour", description="POST /api/nexus-forge/build (and from-template).")
    rate_limit_build_status: str = Field("60/minute", description="/api/nexus-forge/build/{session_id}.")
    rate_limit_builds_list: str = Field("100/minute", description="GET /api/nexus-forge/builds.")
    rate_limit_auth: str = Field("10/5 minutes", description="/auth/* (per client address before sign-in).")
    rate_limit_default: str = Field("1000/hour", description="Every other endpoint.")
    api_key_rate_window: Literal["second", "minute", "hour", "day"] = Field(
        "minute", description="A key's own rate_limit counts requests per this window, across all endpoints."
    )

    initial_credits: int = Field(100, ge=0, description="Credit balance of a new account.")
    credits_per_build: int = Field(1, ge=0, description="Cost of a build that uses any non-offline model.")
    credits_per_offline_build: int = Field(0, ge=0, description="Cost of a build that only uses offline models.")
    credits_settle_interval_s: float = Field(2.0, gt=0, description="How often finished builds' charges settle.")
    heartbeat_interval_s: float = Field(15.0, gt=0, description="How often the server records it is up.")

    @field_validator("jwt_secret")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value().encode()) < MIN_SECRET_BYTES:
            raise ValueError(f"NEXUSFORGE_JWT_SECRET must be at least {MIN_SECRET_BYTES} bytes")
        return value

    @property
    def secret_home(self) -> Path:
        return self.home or Settings().home

    def signing_secret(self) -> str:
        """The configured secret, or the one generated on first start (created now if missing)."""
        if self.jwt_secret is not None:
            return self.jwt_secret.get_secret_value()
        return load_or_create_secret(self.secret_home / SECRET_FILE)


def load_or_create_secret(path: Path) -> str:
    """Read the secret file, creating it the first time: written to a private temp file, then linked into place
    (atomic, never overwrites), so concurrent first starts agree on one secret and never read a partial file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".jwt_secret.")  # mkstemp creates it 0600
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(48) + "\n")
            with contextlib.suppress(FileExistsError):
                os.link(tmp, path)
        finally:
            os.unlink(tmp)
    if path.stat().st_mode & 0o077:
        os.chmod(path, 0o600)
    secret = path.read_text().strip()
    if len(secret.encode()) < MIN_SECRET_BYTES:
        raise RuntimeError(f"{path} holds a secret shorter than {MIN_SECRET_BYTES} bytes; delete it to regenerate")
    return secret
