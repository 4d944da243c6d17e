"""Small HTTP wire helpers for the server: query strings as Google's clients send them, and request
bodies read to exactly Content-Length."""

from __future__ import annotations

from urllib.parse import parse_qsl


def query(text: str) -> dict:
    """Query parameters; a repeated one (Sheets `ranges=A&ranges=B`) becomes a list."""
    query: dict = {}
    for name, value in parse_qsl(text, keep_blank_values=True):
        if name in query:
            previous = query[name]
            query[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            query[name] = value
    return query


class Limited:
    """The request body as a stream of exactly Content-Length bytes."""

    def __init__(self, raw, length: int):
        self.raw, self.remaining = raw, length

    def read(self, size: int = -1) -> bytes:
        if self.remaining <= 0:
            return b""
        size = self.remaining if size < 0 else min(size, self.remaining)
        data = self.raw.read(size)
        self.remaining -= len(data)
        if not data:
            raise ConnectionError("client closed the connection mid-body")
        return data

    def drain(self) -> None:
        while self.remaining > 0:
            self.read(1 << 20)
