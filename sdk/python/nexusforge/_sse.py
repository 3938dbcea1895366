"""Server-Sent Events, decoded line by line (the WHATWG rules the SDK needs: data, event, id, comments)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class SSEMessage:
    event: str
    data: str
    id: str | None


class SSEDecoder:
    def __init__(self) -> None:
        self._data: list[str] = []
        self._event = ""
        self._id: str | None = None
        self.last_event_id: str | None = None

    def feed(self, line: str) -> SSEMessage | None:
        """One line without its line break; returns a message when a blank line completes one."""
        if not line:
            if not self._data:
                self._event = ""
                return None
            message = SSEMessage(event=self._event or "message", data="\n".join(self._data), id=self._id)
            if self._id is not None:
                self.last_event_id = self._id
            self._data, self._event, self._id = [], "", None
            return message
        if line.startswith(":"):
            return None  # a comment: the server's keep-alive ping
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id" and "\0" not in value:
            self._id = value
        return None
