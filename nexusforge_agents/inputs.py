"""Types for untrusted input, shared by the library's models (``BuildConfig``, template customizations) and the
hosted API's bodies, query strings and paths, so that a value the API refuses is refused the same way in Python.

- ``SafeText``: text that can be stored and sent anywhere: valid UTF-8 (no lone surrogates) and no control
  characters other than tab, newline and carriage return.
- ``VisibleText``: ``SafeText`` that also holds at least one visible character (a prompt of only blanks, NULs or
  zero-width characters says nothing).
- ``FiniteFloat``: a number that is neither Infinity nor NaN.
- ``IntRange(lo, hi)``: an integer (or its decimal string) from ``lo`` to ``hi``; anything else is refused
  with a message naming that range.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator, Field, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
# Blanks, controls and the zero-width and other format characters that draw nothing.
_INVISIBLE = (
    "\x00-\x20\x7f-\xa0\xad\u034f\u061c\u115f\u1160\u1680\u180e\u2000-\u200f\u2028-\u202f"
    "\u205f-\u206f\u3000\u3164\ufeff\uffa0\ufff9-\ufffb"
)
_CONTROL = re.compile(f"[{_CONTROLS}]")
_VISIBLE = re.compile(f"[^{_INVISIBLE}]")
_INTEGER = re.compile(r"[+-]?\d{1,40}")
SAFE_PATTERN = f"^[^{_CONTROLS}]*$"
VISIBLE_PATTERN = f"^[^{_CONTROLS}]*[^{_INVISIBLE}][^{_CONTROLS}]*$"
"""The same rules as JSON Schema patterns, so the OpenAPI document says what is accepted (lone surrogates,
which no pattern can express, are refused as well)."""


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored and sent as text, or None when it can."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"text must be valid UTF-8 (lone surrogate U+{ord(value[exc.start]):04X} at position {exc.start})"
    control = _CONTROL.search(value)
    if control:
        return f"text must not contain control characters (U+{ord(control.group()):04X} at position {control.start()})"
    return None


def has_visible_text(value: str) -> bool:
    return _VISIBLE.search(value) is not None


def _safe(value: str) -> str:
    problem = text_problem(value)
    if problem:
        raise PydanticCustomError("unsafe_text", problem)
    return value


def _visible(value: str) -> str:
    if not has_visible_text(value):
        raise PydanticCustomError(
            "no_visible_text", "needs visible text (only blanks, control or zero-width characters were sent)"
        )
    return value


SafeText = Annotated[str, AfterValidator(_safe), Field(json_schema_extra={"pattern": SAFE_PATTERN})]
VisibleText = Annotated[
    str, AfterValidator(_safe), AfterValidator(_visible), Field(json_schema_extra={"pattern": VISIBLE_PATTERN})
]
FiniteFloat = Annotated[float, Field(allow_inf_nan=False)]


@dataclass(frozen=True)
class IntRange:
    """Annotation for an integer from ``lo`` to ``hi``: JSON numbers, and decimal strings from query strings,
    paths and headers. Anything else (a float, ``abc``, ``2**70``) is refused with a message naming the range."""

    lo: int
    hi: int

    @property
    def message(self) -> str:
        return f"must be an integer from {self.lo} to {self.hi}"

    def parse(self, value: Any) -> int:
        number: int | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
            number = int(value)
        if number is None or not self.lo <= number <= self.hi:
            raise PydanticCustomError("int_range", self.message + " (got {got})", {"got": repr(value)[:40]})
        return number

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_plain_validator_function(self.parse)

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return {"type": "integer", "minimum": self.lo, "maximum": self.hi}
