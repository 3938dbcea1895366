"""Small helpers for writing Python source the way ``ruff format`` would leave it."""

from __future__ import annotations

import json
import re
import textwrap

LINE = 110  # the optimizer formats generated Python at this width


def quote(text: str) -> str:
    """``text`` as a Python string literal in the quotes ruff picks: double, unless single needs fewer escapes."""
    literal = json.dumps(text, ensure_ascii=False)
    if text.count('"') > text.count("'"):
        return "'" + literal[1:-1].replace('\\"', '"').replace("'", "\\'") + "'"
    return literal


def snake(name: str) -> str:
    """'InventoryItem' -> 'inventory_item'."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


def call(head: str, args: list[str], *, indent: str = "", tail: str = "") -> str:
    """``head(args)tail`` on one line when it fits, otherwise one argument per line with a trailing comma
    (which ruff keeps exploded)."""
    one = f"{indent}{head}({', '.join(args)}){tail}"
    if len(one) <= LINE:
        return one
    inner = "".join(f"{indent}    {arg},\n" for arg in args)
    return f"{indent}{head}(\n{inner}{indent}){tail}"


def docstring(text: str, *, indent: str = "") -> str:
    """A one-sentence docstring, wrapped to the line width; quotes and backslashes in ``text`` made safe."""
    text = " ".join(text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').split())
    if text and text[-1] not in ".!?":
        text += "."
    width = LINE - len(indent) - 6
    lines = textwrap.wrap(text, width) or [""]
    if len(lines) == 1:
        return f'{indent}"""{lines[0]}"""'
    body = "\n".join(f"{indent}{line}" if i else line for i, line in enumerate(lines))
    return f'{indent}"""{body}\n{indent}"""'


def py_tuple(items: list[str], *, indent: str = "", prefix: str = "") -> str:
    """A tuple expression ``prefix(items)``: ``(a,)`` for one item, exploded with a trailing comma when long."""
    if len(items) == 1:
        return f"{indent}{prefix}({items[0]},)"
    return call(prefix, items, indent=indent)


def py_value(value: object) -> str:
    """A JSON-like value as Python source, double-quoted like ruff format writes it."""
    if isinstance(value, str):
        return quote(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{py_value(k)}: {py_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, tuple):
        return "(" + ", ".join(py_value(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, list):
        return "[" + ", ".join(py_value(v) for v in value) + "]"
    return repr(value)


def py_assign(name: str, value: dict[str, object] | list[object]) -> str:
    """``NAME = {...}`` on one line when it fits, else one entry per line with a trailing comma."""
    one = f"{name} = {py_value(value)}"
    if len(one) <= LINE:
        return one
    if isinstance(value, dict):
        entries = "".join(f"    {py_value(k)}: {py_value(v)},\n" for k, v in value.items())
        return f"{name} = {{\n{entries}}}"
    entries = "".join(f"    {py_value(v)},\n" for v in value)
    return f"{name} = [\n{entries}]"


def py_str(text: str, *, indent: str, key: str = "") -> str:
    """The string expression after ``key`` (e.g. ``description=``) in a call argument at ``indent``, laid out as
    ruff formats it: one literal when the line fits, else the literal alone in parentheses, else parenthesized
    literals that concatenate to exactly ``text``."""
    one = quote(text)
    if len(indent) + len(key) + len(one) + 1 <= LINE:  # + the argument's comma
        return one
    if len(indent) + 4 + len(one) <= LINE:
        return f"(\n{indent}    {one}\n{indent})"
    width = LINE - len(indent) - 4
    chunks, current = [], ""
    for word in re.findall(r"\s*\S+\s*", text) or [text]:
        if current and len(quote(current + word)) > width:
            chunks.append(current)
            current = ""
        current += word
    chunks.append(current)
    body = "".join(f"{indent}    {quote(chunk)}\n" for chunk in chunks)
    return f"(\n{body}{indent})"
