"""The one templating way for generated files: Jinja2 over the package's template folders.

``templates/`` holds the app's own files (backend, tests, frontend, project); ``features/<kind>/`` holds each
feature kind's templates. Rendering is strict (an undefined variable is an error, not empty text) and
deterministic. Python comes out valid but not laid out: ``pyformat.format_python`` (ruff) lays it out after.
Filters: ``py`` (a Python literal), ``ts`` (a JSON/TypeScript literal), ``docstring``, ``label``, ``snake``,
``kebab``, ``cell`` (Markdown table cell).
"""

from __future__ import annotations

import json
import re
import textwrap
from functools import cache
from importlib.resources import files
from typing import Any

import jinja2

from .naming import kebab, label, snake

_WIDTH = 100  # docstring text width: well inside the generated code's 110-column limit


def py(value: Any) -> str:
    """A JSON-like value as Python source (ruff normalises the quotes)."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{py(k)}: {py(v)}" for k, v in value.items()) + "}"
    if isinstance(value, tuple):
        return f"({py(value[0])},)" if len(value) == 1 else "(" + ", ".join(py(v) for v in value) + ")"
    if isinstance(value, list):
        return "[" + ", ".join(py(v) for v in value) + "]"
    return repr(value)


def py_text(text: str) -> str:
    """A long string as parenthesised literals that concatenate to exactly ``text`` (ruff never splits strings,
    and a generated line must stay within the limit)."""
    chunks = re.findall(r".{1,70}(?:\s+|$)|\S+", text) or [""]
    if len(chunks) == 1:
        return py(text)
    return "(" + " ".join(py(chunk) for chunk in chunks) + ")"


def docstring(text: str, indent: int = 0) -> str:
    """A docstring from prose: quotes and backslashes made safe, wrapped as text (not code) to the width."""
    text = " ".join(text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').split())
    if text and text[-1] not in ".!?":
        text += "."
    pad = " " * indent
    lines = textwrap.wrap(text, _WIDTH - indent) or [""]
    if len(lines) == 1:
        return f'"""{lines[0]}"""'
    return '"""' + f"\n{pad}".join(lines) + f'\n{pad}"""'


def cell(text: Any) -> str:
    """Text that stays inside one Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def ts(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _root() -> Any:
    return files(__package__)


@cache
def environment() -> jinja2.Environment:
    root = _root()
    loader = jinja2.PrefixLoader(
        {
            "app": jinja2.FileSystemLoader(str(root.joinpath("templates"))),
            "features": jinja2.FileSystemLoader(str(root.joinpath("features"))),
        }
    )
    env = jinja2.Environment(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # the output is source code of several languages; each filter escapes for its own
    )
    env.filters.update(
        py=py, py_text=py_text, ts=ts, docstring=docstring, label=label, snake=snake, kebab=kebab, cell=cell
    )
    return env


def render(name: str, /, **variables: Any) -> str:
    """``templates/<name>`` rendered with ``variables``."""
    return environment().get_template(f"app/{name}").render(**variables)


def feature_template_exists(kind: str, name: str) -> bool:
    return _root().joinpath("features", kind, name).is_file()


def render_feature(kind: str, name: str, variables: dict[str, Any]) -> str:
    """``features/<kind>/<name>`` rendered with ``variables``."""
    return environment().get_template(f"features/{kind}/{name}").render(**variables)


def load_feature(kind: str, name: str) -> str:
    return _root().joinpath("features", kind, name).read_text(encoding="utf-8")
