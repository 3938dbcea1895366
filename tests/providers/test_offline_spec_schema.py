"""The JSON Schema published in docs/spec.md is the model's own.

Run this file as a script to rewrite the published copy after changing the model:
``python tests/providers/test_offline_spec_schema.py``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from nexusforge_agents.schemas import AppSpec

DOC = Path(__file__).resolve().parents[2] / "docs" / "spec.md"
_BLOCK = re.compile(r"<!-- schema:start -->\n(.*?)<!-- schema:end -->", re.DOTALL)


def current_schema() -> str:
    return json.dumps(AppSpec.model_json_schema(), indent=2) + "\n"


def published_schema() -> str:
    match = _BLOCK.search(DOC.read_text(encoding="utf-8"))
    assert match, "docs/spec.md lost its schema markers"
    return match.group(1).removeprefix("```json\n").removesuffix("```\n")


def test_the_published_schema_is_the_models() -> None:
    assert published_schema() == current_schema(), "run: python tests/providers/test_offline_spec_schema.py"


def test_the_schema_describes_the_v2_fields() -> None:
    properties = json.loads(published_schema())["properties"]
    for name in ("pages", "entities", "features", "storage", "roles", "flows", "warnings", "frontend_style", "port"):
        assert name in properties, name


if __name__ == "__main__":
    text = DOC.read_text(encoding="utf-8")
    block = f"<!-- schema:start -->\n```json\n{current_schema()}```\n<!-- schema:end -->"
    DOC.write_text(_BLOCK.sub(lambda _: block, text), encoding="utf-8")
    print(f"wrote the schema into {DOC}")
