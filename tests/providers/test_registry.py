"""The provider registry: built-ins come from this package's own entry points, and a provider package that is
broken, mistyped or clashing is reported by name (a clear refusal, never a traceback)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nexusforge_agents.config import Settings
from nexusforge_agents.context import Capability
from nexusforge_agents.errors import InvalidInputError
from nexusforge_agents.providers import builtin
from nexusforge_agents.providers.registry import (
    ENTRY_POINT_GROUP,
    ModelNotConfiguredError,
    installed_prefixes,
    model_problem,
    provider,
    register_provider,
    resolve,
)


def test_the_builtin_providers_are_this_packages_entry_points():
    assert installed_prefixes()[:4] == ["offline", "gemini", "jules", "litellm"]
    for spec in (builtin.OFFLINE, builtin.GEMINI, builtin.LITELLM, builtin.JULES):
        loaded = provider(spec.prefix)
        assert loaded.factory is spec.factory and loaded.distribution == "nexusforge-agents"
    assert resolve("offline", Capability.SPEC, Settings()).model_id == "offline-spec-1"


def test_an_unknown_prefix_names_the_installed_providers():
    with pytest.raises(InvalidInputError) as caught:
        resolve("nosuch:model", Capability.SPEC, Settings())
    assert "Unknown model provider 'nosuch'" in caught.value.message and "gemini:..." in caught.value.message


def test_an_object_without_the_capabilitys_methods_is_refused_by_name():
    class OnlyAnId:
        model_id = "half"

    register_provider("halfdone", lambda name, capability, settings: OnlyAnId())
    with pytest.raises(ModelNotConfiguredError) as caught:
        resolve("halfdone", Capability.CODER, Settings())
    assert "without write_code (CodeWriter" in caught.value.message and caught.value.details["missing"] == [
        "write_code"
    ]


def test_an_agent_without_a_model_has_nothing_to_resolve():
    with pytest.raises(InvalidInputError) as caught:
        resolve("offline", Capability.QA, Settings())
    assert "runs tools, not a model" in caught.value.message


def test_a_missing_credential_is_named_with_its_variable(monkeypatch):
    for name in ("GEMINI_API_KEY", "GOOGLE_API_KEY", "GOOGLE_GENAI_USE_VERTEXAI"):
        monkeypatch.delenv(name, raising=False)
    problem = model_problem("gemini:gemini-2.5-pro")
    assert problem is not None and problem.details == {"env_var": "GEMINI_API_KEY"}
    monkeypatch.setenv("GEMINI_API_KEY", "set")
    assert model_problem("gemini:gemini-2.5-pro") is None


def fake_distribution(root: Path, name: str, entry_points: dict[str, str]) -> None:
    """An installed distribution as pip leaves it: a dist-info folder with METADATA and entry_points.txt."""
    info = root / f"{name.replace('-', '_')}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    lines = "".join(f"{key} = {value}\n" for key, value in entry_points.items())
    (info / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\n{lines}")


PROBE = """
import json, sys
from nexusforge_agents.config import Settings
from nexusforge_agents.errors import NexusForgeError
from nexusforge_agents.providers.catalog import list_models
from nexusforge_agents.providers.registry import check_model_id
out = {"listed": {m["model_id"]: m for m in list_models(Settings())}, "errors": {}}
for model_id in sys.argv[1:]:
    try:
        check_model_id(model_id)
    except NexusForgeError as exc:
        out["errors"][model_id] = [exc.error_code, exc.message]
print(json.dumps(out))
"""


def test_broken_mistyped_and_clashing_provider_packages_are_reported_by_name(tmp_path):
    site = tmp_path / "site"
    fake_distribution(site, "nexusforge-broken", {"broken": "nexusforge_no_such_module:PROVIDER"})
    (site / "mistyped_provider.py").write_text("PROVIDER = {'prefix': 'mistyped'}\n")
    fake_distribution(site, "nexusforge-mistyped", {"mistyped": "mistyped_provider:PROVIDER"})
    fake_distribution(site, "nexusforge-clash", {"gemini": "mistyped_provider:PROVIDER"})
    env = {**os.environ, "PYTHONPATH": str(site), "NEXUSFORGE_HOME": str(tmp_path / "home")}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "broken", "mistyped:x", "gemini:gemini-2.5-pro", "offline"],
        capture_output=True, text=True, env=env, timeout=120, check=True,
    )  # fmt: skip
    out = json.loads(done.stdout)
    errors = out["errors"]
    assert set(errors) == {"broken", "mistyped:x", "gemini:gemini-2.5-pro"}, "offline still resolves"
    assert "nexusforge-broken" in errors["broken"][1] and "ModuleNotFoundError" in errors["broken"][1]
    assert "must name a ProviderSpec" in errors["mistyped:x"][1] and "nexusforge-mistyped" in errors["mistyped:x"][1]
    clash = errors["gemini:gemini-2.5-pro"][1]
    assert "Two installed packages" in clash and "nexusforge-clash" in clash and "nexusforge-agents" in clash
    assert {code for code, _ in errors.values()} == {"MODEL_UNAVAILABLE"}
    listed = out["listed"]
    assert listed["broken"]["status"] == "unavailable" and "nexusforge-broken" in listed["broken"]["note"]
    assert listed["offline"]["status"] == "available"
