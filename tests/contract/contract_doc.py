"""The contract document (docs/contract/nexus-forge-api.md, a verbatim copy of the shared contract) as data.

``examples()`` gives every JSON block under its heading: ``("POST /api/nexus-forge/build", "request")`` ->
the documented request body, ``(..., "response")`` -> the documented response, ``("Progress Updates",
"message")`` -> a WebSocket message. ``curl_calls()`` gives the cURL examples as (method, path, body).
``assert_shape`` holds a real answer against a documented one, field for field.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "contract" / "nexus-forge-api.md"
SHARED = ROOT.parent / "shared" / "contract" / "nexus-forge-api.md"
"""Where the contract is maintained, beside this repository in the workspace it was built in (not in a clone)."""
BASE = "https://api.nexusforge.example.com"
EXAMPLE_SESSION = "550e8400-e29b-41d4-a716-446655440000"
_HEADING = re.compile(r"^#{3,4} (.+)$")
_BLOCK = re.compile(r"```(\w*)\n(.*?)```", re.S)


def _strip_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))


def examples() -> dict[tuple[str, str], Any]:
    text = DOC.read_text(encoding="utf-8")
    found: dict[tuple[str, str], Any] = {}
    heading = ""
    label = "message"
    position = 0
    for line in text.splitlines(keepends=True):
        match = _HEADING.match(line.rstrip("\n"))
        if match:
            heading, label = match.group(1).strip(), "message"
        elif line.startswith("**Request Body:**"):
            label = "request"
        elif line.startswith("**Response:**"):
            label = "response"
        elif line.startswith("**Error Responses:**"):
            label = "errors"
        elif line.startswith("```json"):
            block = _BLOCK.match(text, position)
            assert block is not None
            body = _strip_comments(block.group(2))
            if label == "errors":  # several objects in one block
                found[(heading, label)] = [json.loads(obj) for obj in re.findall(r"\{.*?\n\}", body, re.S)]
            else:
                found[(heading, label)] = json.loads(body)
        position += len(line)
    return found


def curl_calls() -> list[tuple[str, str, dict[str, Any] | None]]:
    text = DOC.read_text(encoding="utf-8")
    block = text.split("### cURL Examples", 1)[1]
    bash = _BLOCK.search(block)
    assert bash is not None
    joined = bash.group(2).replace("\\\n", " ")
    commands: list[str] = []
    for line in joined.splitlines(keepends=True):
        if line.lstrip().startswith("#") or not line.strip():
            continue
        if line.lstrip().startswith("curl"):
            commands.append(line)
        elif commands:
            commands[-1] += line
    calls = []
    for command in commands:
        args = shlex.split(command)
        method, url, body = "GET", "", None
        i = 1
        while i < len(args):
            if args[i] == "-X":
                method, i = args[i + 1], i + 2
            elif args[i] == "-H":
                i += 2
            elif args[i] == "-d":
                body, i = json.loads(args[i + 1]), i + 2
                method = "POST" if method == "GET" else method
            else:
                url, i = args[i], i + 1
        calls.append((method, url.removeprefix(BASE), body))
    return calls


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


def assert_shape(documented: Any, actual: Any, where: str = "$", *, maps: tuple[str, ...] = ()) -> None:
    """Every documented field is present in ``actual`` with the same kind of value (null allowed for text).

    Paths in ``maps`` are data-keyed objects (component -> URL): only their values' kinds are checked.
    """
    if isinstance(documented, dict):
        assert isinstance(actual, dict), f"{where}: expected an object, got {actual!r}"
        if where in maps:
            for key, value in actual.items():
                sample = next(iter(documented.values()))
                assert _kind(value) == _kind(sample), f"{where}.{key}: {value!r} is not like {sample!r}"
            return
        for key, value in documented.items():
            assert key in actual, f"{where}: field {key!r} is missing (got {sorted(actual)})"
            assert_shape(value, actual[key], f"{where}.{key}", maps=maps)
    elif isinstance(documented, list):
        assert isinstance(actual, list), f"{where}: expected a list, got {actual!r}"
        if documented and actual:
            for item in actual:
                assert_shape(documented[0], item, f"{where}[]", maps=maps)
    elif isinstance(documented, str):
        assert actual is None or isinstance(actual, str), f"{where}: expected text, got {actual!r}"
    else:
        assert _kind(actual) == _kind(documented), f"{where}: expected {_kind(documented)}, got {actual!r}"
