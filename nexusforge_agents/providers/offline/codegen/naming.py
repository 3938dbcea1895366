"""How names are spelled across the generated app: one place for snake_case, kebab-case and labels."""

from __future__ import annotations

import re

_WORD_BREAK = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def snake(name: str) -> str:
    """'InventoryItem' -> 'inventory_item'."""
    return _WORD_BREAK.sub("_", name).lower()


def kebab(name: str) -> str:
    """'InventoryItem' or 'inventory_item' -> 'inventory-item'."""
    return snake(name).replace("_", "-")


def pascal(name: str) -> str:
    """'inventory_item' -> 'InventoryItem'."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[_\W]+", name) if part)


def label(name: str) -> str:
    """'cooked_on' or 'CookedOn' -> 'Cooked on'."""
    return snake(name).replace("_", " ").capitalize()
