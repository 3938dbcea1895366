"""What a build request must satisfy before a session exists (so an API answers 400, a CLI exits early)."""

from __future__ import annotations

from typing import Any

from ..config import MAX_PROMPT_CHARS, BuildConfig, Settings
from ..errors import InvalidInputError
from ..inputs import has_visible_text, text_problem
from ..providers.registry import check_available


def validate_prompt(prompt: Any) -> str:
    if not isinstance(prompt, str) or not has_visible_text(prompt):
        raise InvalidInputError("App description is required")
    if problem := text_problem(prompt):
        raise InvalidInputError(f"App description: {problem}", details={"field": "prompt"})
    if len(prompt) > MAX_PROMPT_CHARS:
        raise InvalidInputError(f"App description is too long ({len(prompt)} characters; at most {MAX_PROMPT_CHARS}).")
    return prompt.strip()


def coerce_config(config: BuildConfig | dict[str, Any] | None) -> BuildConfig:
    if config is None:
        return BuildConfig()
    try:
        # An instance is checked again: one made with model_copy(update=...) (a template's features added to the
        # config's) or changed after construction skipped validation.
        values = config.model_dump() if isinstance(config, BuildConfig) else config
        return BuildConfig.model_validate(values)
    except ValueError as exc:
        raise InvalidInputError(f"Invalid build config: {exc}") from exc


def validate_request(
    prompt: Any, config: BuildConfig | dict[str, Any] | None, settings: Settings
) -> tuple[str, BuildConfig]:
    """The prompt and config of a new build, or ``InvalidInputError``; every model it names must be usable here
    (its extra installed, its credentials set)."""
    text = validate_prompt(prompt)
    build_config = coerce_config(config)
    check_available(build_config, settings)
    return text, build_config
