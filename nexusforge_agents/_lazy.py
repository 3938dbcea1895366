"""Module-level ``__getattr__`` for packages that export names whose modules load on first use."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_exports(package: str, lazy: dict[str, str], namespace: dict[str, Any]) -> Callable[[str], Any]:
    """``lazy`` maps an exported name to the (relative) module defining it; the value is cached in ``namespace``."""

    def __getattr__(name: str) -> Any:
        if name in lazy:
            value = getattr(importlib.import_module(lazy[name], package), name)
            namespace[name] = value
            return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
