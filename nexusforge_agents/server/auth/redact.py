"""Keep credentials passed in URLs out of the server's logs.

The access middleware strips ``?token=`` from the request before the access log line is written, but a
WebSocket handshake is logged (at debug level) by the protocol layer before any application code runs. This
filter, on the server's loggers, rewrites any ``token=`` query value to ``[redacted]``.
"""

from __future__ import annotations

import logging
import re

TOKEN_IN_URL = re.compile(r"([?&](?:token|api_key|access_token)=)[^&\s\"']+", re.IGNORECASE)
SERVER_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "websockets.server", "websockets.protocol")


class UrlTokenRedactor(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "token=" in message.lower():
            record.msg, record.args = TOKEN_IN_URL.sub(r"\1[redacted]", message), None
        return True


def install_redactor() -> UrlTokenRedactor:
    redactor = UrlTokenRedactor()
    for name in SERVER_LOGGERS:
        logging.getLogger(name).addFilter(redactor)
    return redactor


def remove_redactor(redactor: UrlTokenRedactor) -> None:
    for name in SERVER_LOGGERS:
        logging.getLogger(name).removeFilter(redactor)
