"""Syntax highlighting on the server with Pygments, answered as tokens, never as HTML.

The console renders each token as a ``<span class=...>`` whose text it sets with ``textContent``: generated
code can never become markup, whatever it holds. The classes are Pygments' short names (``k`` keyword, ``s``
string, ``c`` comment ...), styled by the console's stylesheet.
"""

from __future__ import annotations

from pydantic import BaseModel, Field
from pygments.lexer import Lexer
from pygments.lexers import TextLexer, get_lexer_for_filename
from pygments.token import STANDARD_TYPES, _TokenType
from pygments.util import ClassNotFound

MAX_CODE_CHARS = 400_000


class HighlightRequest(BaseModel):
    path: str = Field(min_length=1, max_length=500, description="The file's path: its name picks the language.")
    code: str = Field(max_length=MAX_CODE_CHARS)


class Highlighted(BaseModel):
    language: str
    tokens: list[tuple[str, str]] = Field(description="[css class ('' for plain text), text] in order")


def _lexer(path: str) -> Lexer:
    name = path.rsplit("/", 1)[-1]
    if name.endswith(".j2"):
        name = name.removesuffix(".j2")
    try:
        return get_lexer_for_filename(name, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return TextLexer(stripnl=False, ensurenl=False)


def _css_class(kind: _TokenType) -> str:
    while kind not in STANDARD_TYPES and kind.parent is not None:
        kind = kind.parent
    return STANDARD_TYPES.get(kind, "")


def highlight(request: HighlightRequest) -> Highlighted:
    lexer = _lexer(request.path)
    tokens: list[tuple[str, str]] = []
    for kind, text in lexer.get_tokens(request.code):
        css = _css_class(kind)
        if tokens and tokens[-1][0] == css:
            tokens[-1] = (css, tokens[-1][1] + text)
        else:
            tokens.append((css, text))
    return Highlighted(language=lexer.name, tokens=tokens)
