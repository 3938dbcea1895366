"""Prompt templates, one text file per prompt, versioned with the code and loaded by name.

Templates use ``string.Template`` placeholders (``$spec``, ``${app_name}``), so the JSON and code that prompts
quote need no escaping. A missing placeholder is an error, never a silently empty hole.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from string import Template

__all__ = ["load_prompt", "prompt_names", "render_prompt"]


@cache
def load_prompt(name: str) -> str:
    """The text of ``prompts/<name>.txt``."""
    path = resources.files(__package__).joinpath(f"{name}.txt")
    if not path.is_file():
        raise KeyError(f"no prompt named {name!r}; known prompts: {', '.join(prompt_names())}")
    return path.read_text(encoding="utf-8")


def render_prompt(name: str, **values: object) -> str:
    """``prompts/<name>.txt`` with its ``$placeholders`` filled in; every placeholder must be given."""
    return Template(load_prompt(name)).substitute({key: str(value) for key, value in values.items()})


def prompt_names() -> list[str]:
    return sorted(p.name[: -len(".txt")] for p in resources.files(__package__).iterdir() if p.name.endswith(".txt"))
