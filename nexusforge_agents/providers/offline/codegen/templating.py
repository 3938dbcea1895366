"""Template files shipped with the package, filled by plain ``__KEY__`` replacement.

``__KEY__`` markers (upper case) were chosen over ``str.format`` or ``string.Template`` because the templates
are Python, TypeScript and CSS full of braces and ``$``. Filling is one pass, so a value that happens to contain
a marker-like word is never filled again; a marker left without a value is an error, not silent text.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

_MARKER = re.compile(r"__([A-Z][A-Z0-9_]*)__")


@cache
def load(name: str) -> str:
    """The text of ``templates/<name>`` (POSIX path)."""
    return files(__package__).joinpath("templates", *name.split("/")).read_text(encoding="utf-8")


def render(name: str, **values: str) -> str:
    """``templates/<name>`` with every ``__KEY__`` replaced by ``values[KEY]``; markers and keys must match."""
    text = load(name)
    markers = set(_MARKER.findall(text))
    if markers != set(values):
        raise KeyError(
            f"template {name!r}: markers without a value {sorted(markers - set(values))}, "
            f"values without a marker {sorted(set(values) - markers)}"
        )
    return _MARKER.sub(lambda match: values[match.group(1)], text)
