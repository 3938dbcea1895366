"""Where the generated app keeps an entity's rows: the database, or the plain-text files the spec prescribes."""

from __future__ import annotations

from typing import Any

from ....schemas import AppSpec


def text_files(spec: AppSpec) -> list[dict[str, Any]]:
    """The plain-text files the spec prescribes as storage, for entities the spec has."""
    if spec.storage.kind != "text_files":
        return []
    return [
        {
            "path": f.path,
            "model": f.entity,
            "entity": f.entity,
            "delimiter": f.delimiter or ",",
            "columns": f.columns,
            "example_lines": f.example_lines,
        }  # fmt: skip
        for f in spec.storage.files
        if spec.entity(f.entity) is not None
    ]
