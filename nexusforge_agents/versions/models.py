"""The typed vocabulary of an app's versions: what ``history``, ``diff`` and ``rollback`` return.

The models are the wire's (``nexusforge.wire.versions``, shared with the SDK); version numbers are read here."""

from __future__ import annotations

import re

from nexusforge.wire.versions import FileChange, Version, VersionDiff

from ..errors import InvalidInputError

TAG_PREFIX = "v"
_VERSION_TEXT = re.compile(r"^v?([1-9][0-9]{0,8})$")


def tag_of(number: int) -> str:
    return f"{TAG_PREFIX}{number}"


def parse_version(text: str | int) -> int:
    """``'v2'``, ``'2'`` or ``2`` -> 2; anything else is an ``InvalidInputError``."""
    if isinstance(text, int) and not isinstance(text, bool) and text >= 1:
        return text
    match = _VERSION_TEXT.match(str(text).strip())
    if match is None:
        raise InvalidInputError(f"{text!r} is not a version; write it as v1, v2, ... (or 1, 2, ...).")
    return int(match.group(1))


__all__ = ["TAG_PREFIX", "FileChange", "Version", "VersionDiff", "parse_version", "tag_of"]
