"""Keep credentials passed in URLs out of the server's logs.

The access middleware strips ``?token=`` from WebSocket and event-stream requests before the access line is
written, but any URL can carry a credential (``?api_key=pk_live_...`` pasted by a careless client, a WebSocket
handshake logged by the protocol layer before any application code runs). This filter, on the server's loggers,
rewrites the value of every credential-looking query parameter to ``[redacted]``.

It edits the record's arguments in place and keeps their shape: uvicorn's access formatter unpacks
``record.args`` as a 5-tuple, so flattening the record into one message would break every access line.
"""

from __future__ import annotations

import logging
import re
from typing import Any

REDACTED = "[redacted]"
QUERY_PAIR = re.compile(r"(?P<lead>[?&;])(?P<name>[^=&;?#\s\"']+)=(?P<value>[^&;#\s\"']*)")
# A parameter is a credential when one of its words (split on _ - .) is one of these, or ends like one.
CREDENTIAL_WORDS = frozenset(
    {"token", "key", "apikey", "password", "passwd", "pwd", "pass", "secret", "auth", "authorization",
     "signature", "sig", "credential", "credentials", "jwt", "bearer", "code"}
)  # fmt: skip
CREDENTIAL_ENDINGS = ("token", "key", "secret", "password")
SERVER_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "websockets.server", "websockets.protocol")


def is_credential_name(name: str) -> bool:
    words = [word for word in re.split(r"[_\-.\[\]]", name.lower()) if word]
    return any(word in CREDENTIAL_WORDS or word.endswith(CREDENTIAL_ENDINGS) for word in words)


def redact_url_credentials(text: str) -> str:
    """``text`` with the value of every credential-looking query parameter replaced by ``[redacted]``."""
    if "=" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        if not match["value"] or not is_credential_name(match["name"]):
            return match[0]
        return f"{match['lead']}{match['name']}={REDACTED}"

    return QUERY_PAIR.sub(replace, text)


def _redacted_arg(value: Any) -> Any:
    if isinstance(value, str):
        return redact_url_credentials(value)
    if isinstance(value, bytes | bytearray):
        text = bytes(value).decode("latin-1")
        cleaned = redact_url_credentials(text)
        return value if cleaned == text else cleaned.encode("latin-1")
    if isinstance(value, int | float | bool) or value is None:
        return value
    text = str(value)  # e.g. a request object logged with %s: only replaced when it carried a credential
    cleaned = redact_url_credentials(text)
    return value if cleaned == text else cleaned


class UrlCredentialRedactor(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact_url_credentials(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_redacted_arg(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: _redacted_arg(arg) for key, arg in record.args.items()}
        return True


def install_redactor() -> UrlCredentialRedactor:
    redactor = UrlCredentialRedactor()
    for name in SERVER_LOGGERS:
        logging.getLogger(name).addFilter(redactor)
    return redactor


def remove_redactor(redactor: UrlCredentialRedactor) -> None:
    for name in SERVER_LOGGERS:
        logging.getLogger(name).removeFilter(redactor)
