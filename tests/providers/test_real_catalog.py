"""`nexusforge models`, the real-model catalog, presets, import hygiene and cassette hygiene."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from nexusforge_agents.config import PRESETS, Settings
from nexusforge_agents.providers.catalog import list_models
from nexusforge_agents.providers.litellm_provider import PROVIDER_ENV
from tests.providers import real_support
from tests.providers.real_support import FAKE_KEYS, SECRET_HEADERS

no_keys = real_support.no_keys

CASSETTES = Path(__file__).parent / "cassettes"
SDK_MODULES = ("litellm", "google", "langchain_google_genai", "langchain_core", "openai", "aiohttp", "tenacity")


def _entries(settings: Settings | None = None) -> dict[str, dict]:
    return {m["model_id"]: m for m in list_models(settings or Settings()) if m["provider"] != "offline"}


def test_import_pulls_in_no_sdk_and_stays_under_a_second():
    code = (
        "import json, sys, time\n"
        "start = time.perf_counter()\n"
        "import nexusforge_agents\n"
        "elapsed = time.perf_counter() - start\n"
        "from nexusforge_agents.config import Settings\n"
        "from nexusforge_agents.providers import catalog, gemini, litellm_provider, resilience, cost\n"
        "catalog.list_models(Settings())\n"
        f"loaded = sorted({{m.split('.')[0] for m in sys.modules}} & set({SDK_MODULES!r}))\n"
        "print(json.dumps({'elapsed': elapsed, 'loaded': loaded}))\n"
    )
    runs = [
        json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
        for _ in range(5)
    ]
    assert all(run["loaded"] == [] for run in runs), runs[0]["loaded"]
    assert min(run["elapsed"] for run in runs) < 1.0, f"best of five: {min(r['elapsed'] for r in runs):.2f} s"


@pytest.mark.usefixtures("no_keys")
def test_status_is_available_only_with_the_credentials_variable(monkeypatch):
    before = _entries()
    assert before["gemini:gemini-2.5-pro"]["status"] == "unavailable"
    assert before["litellm:openai/gpt-4.1"]["status"] == "unavailable"
    monkeypatch.setenv("GEMINI_API_KEY", "x")
    monkeypatch.setenv("OPENAI_API_KEY", "x")
    after = _entries()
    assert after["gemini:gemini-2.5-pro"]["status"] == "available"
    assert after["litellm:openai/gpt-4.1"]["status"] == "available"
    assert after["gemini:veo-3.1-generate-001"]["status"] == "unavailable", "Veo needs the Vertex AI backend"
    assert after["litellm:anthropic/claude-sonnet-4-5"]["status"] == "unavailable"
    monkeypatch.setenv("GOOGLE_GENAI_USE_VERTEXAI", "true")
    monkeypatch.setenv("GOOGLE_CLOUD_PROJECT", "my-project")
    assert _entries()["gemini:veo-3.1-generate-001"]["status"] == "available"


def test_every_entry_has_the_contract_fields():
    for entry in _entries(Settings(model_coder="litellm:mistral/codestral-latest")).values():
        assert {"name", "type", "status", "version", "provider", "model_id", "env_var", "capabilities"} <= set(entry)
        assert entry["status"] in ("available", "unavailable") and entry["env_var"]
    configured = _entries(Settings(model_coder="litellm:mistral/codestral-latest"))
    assert configured["litellm:mistral/codestral-latest"]["env_var"] == "MISTRAL_API_KEY"
    assert configured["litellm:mistral/codestral-latest"]["configured_for"] == ["coder"]


def test_provider_variables_are_the_ones_litellm_asks_for():
    import litellm

    samples = {"openai": "gpt-4.1", "anthropic": "claude-sonnet-4-5", "gemini": "gemini-2.5-flash",
               "mistral": "mistral-large-latest", "groq": "llama-3.3-70b-versatile", "deepseek": "deepseek-chat",
               "xai": "grok-4", "openrouter": "openai/gpt-4.1", "ollama": "qwen2.5-coder"}  # fmt: skip
    assert set(samples) == set(PROVIDER_ENV)
    for provider, model in samples.items():
        with pytest.MonkeyPatch.context() as patch:
            patch.delenv(PROVIDER_ENV[provider], raising=False)
            patch.delenv("GOOGLE_API_KEY", raising=False)
            missing = litellm.validate_environment(model=f"{provider}/{model}")["missing_keys"]
        assert PROVIDER_ENV[provider] in missing, (provider, missing)


def _nexusforge(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY") and not k.startswith("GOOGLE_")}
    return subprocess.run(
        [sys.executable, "-m", "nexusforge_agents.cli", *args],
        capture_output=True,
        text=True,
        check=True,
        env={**clean, "COLUMNS": "220", **env},
    )


def test_models_command_lists_every_model_with_availability_and_env_var():
    listed = json.loads(_nexusforge("models", "--json", GEMINI_API_KEY="x").stdout)["models"]
    by_id = {m["model_id"]: m for m in listed if m["provider"] != "offline"}
    assert by_id.keys() == _entries().keys()
    assert by_id["gemini:gemini-2.5-pro"]["status"] == "available"
    assert by_id["litellm:openai/gpt-4.1"]["status"] == "unavailable"
    assert any(m["provider"] == "offline" and m["status"] == "available" for m in listed)

    table = _nexusforge("models", NEXUSFORGE_PRESET="seed").stdout
    for needed in ("GEMINI_API_KEY", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GOOGLE_CLOUD_PROJECT"):
        assert needed in table
    assert re.search(r"gemini:imagen-4\.0-generate-001 .*unavailable.*in use: design", table)


def test_presets_reproduce_the_seed_line_up_and_env_still_wins(monkeypatch):
    seed = Settings(preset="seed")
    assert [seed.model_for(a) for a in ("spec", "design", "video", "coder", "optimizer")] == [
        "gemini:gemini-2.5-pro",
        "gemini:imagen-4.0-generate-001",
        "gemini:veo-3.0-generate-001",
        "gemini:gemini-2.5-pro",
        "gemini:gemini-2.5-flash",
    ]
    monkeypatch.setenv("NEXUSFORGE_PRESET", "google")
    monkeypatch.setenv("NEXUSFORGE_MODEL_CODER", "litellm:openai/gpt-4.1")
    monkeypatch.setenv("NEXUSFORGE_FALLBACK_SPEC", "litellm:openai/gpt-4.1, offline")
    settings = Settings()
    assert settings.model_for("design") == PRESETS["google"]["design"]
    assert settings.model_for("coder") == "litellm:openai/gpt-4.1"
    assert settings.fallbacks_for("spec") == ["litellm:openai/gpt-4.1", "offline"]
    with pytest.raises(ValueError, match="unknown preset"):
        Settings(preset="fastest")


def test_no_key_in_any_cassette():
    files = sorted(CASSETTES.rglob("*.yaml"))
    assert len(files) >= 20
    for path in files:
        text = path.read_text(encoding="utf-8")
        for value in FAKE_KEYS.values():
            assert value not in text, f"{path.name} holds a key"
        assert not re.search(r"AIza[0-9A-Za-z_\-]{30,}|sk-[A-Za-z0-9]{20,}|Bearer [A-Za-z0-9._\-]{20,}", text), (
            path.name
        )
        import yaml

        for interaction in yaml.safe_load(text)["interactions"]:
            headers = {k.lower(): v for k, v in interaction["request"]["headers"].items()}
            for name in SECRET_HEADERS:
                assert headers.get(name, ["REDACTED"]) == ["REDACTED"], (path.name, name)
