"""A pull-based multipart/form-data reader that never holds more than what the caller asks for.

werkzeug's form parser writes every file to a spooled temporary file before the view runs; the
upload page must instead pipe each file to Drive as it arrives. This wraps werkzeug's sans-IO
`MultipartDecoder`: `iter_parts(stream, boundary)` yields `FieldPart`s (small, in memory) and
`FilePart`s, file-like objects whose `read(n)` pulls just enough of the request body to return n
bytes. The parts come in body order, so the fields before a file are known when it starts; a
file part not fully read is skipped (drained) when the next part is asked for.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from werkzeug.sansio.multipart import NEED_DATA, Data, Epilogue, Field, File, MultipartDecoder, Preamble

READ_SIZE = 64 * 1024
MAX_FIELD_BYTES = 16 * 1024
MAX_PARTS = 1000      # a form over the upload page's file limit is still read, to refuse each extra file


class MultipartError(ValueError):
    """The body is not well-formed multipart/form-data (or breaks a limit)."""


class _Events:
    def __init__(self, stream: BinaryIO, boundary: bytes):
        self.stream = stream
        self.decoder = MultipartDecoder(boundary, max_parts=MAX_PARTS)
        self.bytes_in = 0

    def next(self):
        while True:
            try:
                event = self.decoder.next_event()
            except ValueError as exc:  # truncated body or a part without Content-Disposition
                raise MultipartError(str(exc)) from None
            except Exception as exc:  # werkzeug's RequestEntityTooLarge for too many parts
                raise MultipartError(f"too many parts ({exc.__class__.__name__})") from None
            if event is not NEED_DATA:
                return event
            chunk = self.stream.read(READ_SIZE)
            self.bytes_in += len(chunk)
            self.decoder.receive_data(chunk or None)


@dataclass
class FieldPart:
    name: str
    value: str


class FilePart:
    """One uploaded file, readable once, front to back."""

    def __init__(self, events: _Events, name: str, filename: str, content_type: str):
        self._events = events
        self.name, self.filename, self.content_type = name, filename, content_type
        self._buffer = bytearray()
        self.done = False
        self.bytes_read = 0

    def _fill(self) -> None:
        event = self._events.next()
        if not isinstance(event, Data):
            raise MultipartError(f"unexpected {type(event).__name__} inside a file part")
        self._buffer += event.data
        if not event.more_data:
            self.done = True

    def peek(self, size: int) -> bytes:
        while len(self._buffer) < size and not self.done:
            self._fill()
        return bytes(self._buffer[:size])

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            while not self.done:
                self._fill()
            size = len(self._buffer)
        while len(self._buffer) < size and not self.done:
            self._fill()
        out = bytes(self._buffer[:size])
        del self._buffer[:size]
        self.bytes_read += len(out)
        return out

    def readable(self) -> bool:
        return True

    def drain(self) -> int:
        """Skip the rest of the part; returns how many bytes were skipped."""
        skipped = len(self._buffer)
        self._buffer.clear()
        while not self.done:
            self._fill()
            skipped += len(self._buffer)
            self._buffer.clear()
        return skipped


def _read_field(events: _Events, name: str) -> FieldPart:
    data = bytearray()
    while True:
        event = events.next()
        if not isinstance(event, Data):
            raise MultipartError(f"unexpected {type(event).__name__} inside field {name!r}")
        data += event.data
        if len(data) > MAX_FIELD_BYTES:
            raise MultipartError(f"field {name!r} is longer than {MAX_FIELD_BYTES} bytes")
        if not event.more_data:
            return FieldPart(name, data.decode("utf-8", errors="replace"))


def iter_parts(stream: BinaryIO, boundary: bytes) -> Iterator[FieldPart | FilePart]:
    events = _Events(stream, boundary)
    current: FilePart | None = None
    while True:
        if current is not None:
            current.drain()
            current = None
        event = events.next()
        if isinstance(event, Preamble):
            continue
        if isinstance(event, Epilogue):
            return
        if isinstance(event, Field):
            yield _read_field(events, event.name)
        elif isinstance(event, File):
            current = FilePart(events, event.name, event.filename,
                               event.headers.get("Content-Type", "application/octet-stream"))
            yield current
        else:
            raise MultipartError(f"unexpected {type(event).__name__}")
