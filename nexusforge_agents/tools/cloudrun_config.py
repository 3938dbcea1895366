"""Cloud Run deployment settings and the pure mappings from the contract onto Cloud Run.

Nothing here talks to Google: the settings come from ``NEXUSFORGE_GCP_*`` environment variables, and the
functions turn an app slug, an environment and the contract's ``scaling`` object into the service name, labels
and resource limits that ``cloudrun_service`` puts on the revision template. Every check that can be made
without the network is made here, so a bad request fails before anything is uploaded.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from ..schemas import Scaling

ENV_PREFIX = "NEXUSFORGE_GCP_"
REQUIRED = ("project", "region", "bucket", "repository")
MAX_SERVICE_NAME = 49
"""Cloud Run service ids: lowercase letters, digits and hyphens, starting with a letter, at most 49 characters."""

WHOLE_CPUS = (1, 2, 4, 6, 8)
# Memory a CPU limit allows (MiB), from the Cloud Run "CPU and memory" table: (cpu millis, min MiB, max MiB).
_MEMORY_BY_CPU = (
    (499, 128, 512),
    (999, 128, 1024),
    (1000, 128, 4096),
    (2000, 128, 8192),
    (4000, 2048, 16384),
    (6000, 4096, 24576),
    (8000, 4096, 32768),
)


class CloudRunSettings(BaseSettings):
    """Where and how to deploy to Cloud Run; credentials come from Application Default Credentials."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, env_file=".env", extra="ignore")

    project: str | None = Field(None, description="Google Cloud project id that hosts the services.")
    region: str | None = Field(None, description="Cloud Run and Artifact Registry region, e.g. us-central1.")
    bucket: str | None = Field(None, description="Cloud Storage bucket that receives the source archives.")
    repository: str | None = Field(None, description="Artifact Registry Docker repository (in the region).")
    build_timeout_s: float = Field(1200.0, ge=0, description="Longest wait for Cloud Build, queueing included.")
    deploy_timeout_s: float = Field(600.0, ge=0, description="Longest wait for a Cloud Run create/update.")
    domain_timeout_s: float = Field(120.0, ge=0, description="Longest wait for a domain mapping's DNS records.")
    poll_interval_s: float = Field(5.0, ge=0, description="Pause between two polls of a long-running operation.")

    def missing(self) -> list[str]:
        """The environment variables still to set, in the order the docs list them."""
        return [f"{ENV_PREFIX}{name.upper()}" for name in REQUIRED if not (getattr(self, name) or "").strip()]

    def problems(self) -> list[str]:
        """Values that are set but cannot be right (checked before anything is uploaded)."""
        found = []
        if self.region and not re.fullmatch(r"[a-z]+-[a-z]+\d+", self.region):
            found.append(f"{ENV_PREFIX}REGION={self.region!r} is not a region name such as us-central1")
        if self.repository and not re.fullmatch(r"[a-z]([a-z0-9-]*[a-z0-9])?", self.repository):
            found.append(f"{ENV_PREFIX}REPOSITORY={self.repository!r} is not an Artifact Registry repository id")
        if self.bucket and not re.fullmatch(r"[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]", self.bucket):
            found.append(f"{ENV_PREFIX}BUCKET={self.bucket!r} is not a bucket name (no gs:// prefix)")
        return found

    @property
    def parent(self) -> str:
        return f"projects/{self.project}/locations/{self.region}"

    def image(self, service: str) -> str:
        """The Artifact Registry image (without tag) that Cloud Build pushes for ``service``."""
        return f"{self.region}-docker.pkg.dev/{self.project}/{self.repository}/{service}"


def service_name(slug: str, environment: str) -> str:
    """A stable Cloud Run service id: ``<slug>-<environment>``, shortened with a hash when too long.

    The same app and environment always give the same name, so a redeploy updates the service in place and its
    URL does not change.
    """
    base = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-") or "app"
    if not base[0].isalpha():
        base = f"app-{base}"
    room = MAX_SERVICE_NAME - len(environment) - 1
    if len(base) > room:
        digest = hashlib.sha256(base.encode()).hexdigest()[:6]
        base = f"{base[: room - 7].rstrip('-')}-{digest}"
    return f"{base}-{environment}"


def label_value(text: str) -> str:
    """A Google Cloud label value: lowercase letters, digits, ``-`` and ``_``, at most 63 characters."""
    return re.sub(r"[^a-z0-9_-]+", "-", text.lower())[:63].strip("-")


def labels(slug: str, environment: str) -> dict[str, str]:
    """Labels on the service and its revisions; ``managed-by`` marks services a redeploy may overwrite."""
    return {"managed-by": "nexusforge", "nexusforge-app": label_value(slug), "environment": label_value(environment)}


def cpu_millis(cpu: str) -> int:
    """``"1000m"`` -> 1000, ``"2"`` -> 2000, ``"0.5"`` -> 500."""
    if cpu.endswith("m"):
        return int(Decimal(cpu[:-1]))
    return int(Decimal(cpu) * 1000)


def cpu_limit(cpu: str) -> str:
    """The contract's CPU (Kubernetes millicores or cores) as Cloud Run's limit: ``"1000m"`` -> ``"1"``.

    Cloud Run takes 1, 2, 4, 6 or 8 whole CPUs, or a fraction between 0.08 and 1 (``"500m"`` -> ``"0.5"``).
    """
    millis = cpu_millis(cpu)
    if millis % 1000 == 0 and millis // 1000 in WHOLE_CPUS:
        return str(millis // 1000)
    if 80 <= millis < 1000:
        return str(Decimal(millis) / 1000)
    raise ValueError(f"cpu {cpu!r}: Cloud Run takes 1, 2, 4, 6 or 8 CPUs, or between 80m and 1000m")


def memory_mib(memory: str) -> int:
    number = int(memory[:-2])
    return number * 1024 if memory.endswith("Gi") else number


@dataclass(frozen=True)
class ResourcePlan:
    """What the contract's scaling becomes on the revision template."""

    min_instances: int
    max_instances: int
    cpu: str
    memory: str
    concurrency: int | None
    """None keeps Cloud Run's default (80); a fractional CPU requires 1."""
    first_generation: bool
    """A fractional CPU requires the first-generation execution environment."""


def resource_plan(scaling: Scaling) -> ResourcePlan:
    """Check the contract's scaling against Cloud Run's rules and map it; ``ValueError`` says what is wrong."""
    if scaling.min_instances > scaling.max_instances:
        raise ValueError(
            f"min_instances ({scaling.min_instances}) is larger than max_instances ({scaling.max_instances})"
        )
    cpu = cpu_limit(scaling.cpu)
    millis, mib = cpu_millis(scaling.cpu), memory_mib(scaling.memory)
    for top, low, high in _MEMORY_BY_CPU:
        if millis <= top:
            if not low <= mib <= high:
                raise ValueError(
                    f"memory {scaling.memory!r} with cpu {scaling.cpu!r}: Cloud Run allows {low}Mi to {high}Mi "
                    "for that CPU"
                )
            break
    fractional = millis < 1000
    return ResourcePlan(
        min_instances=scaling.min_instances,
        max_instances=scaling.max_instances,
        cpu=cpu,
        memory=scaling.memory,
        concurrency=1 if fractional else None,
        first_generation=fractional,
    )
