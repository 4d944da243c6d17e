"""A resumable-upload body read from a forward-only stream (the upload page's request body), for
Drive.upload: googleapiclient's MediaUpload, fed chunk by chunk."""

from __future__ import annotations

from typing import BinaryIO

from googleapiclient.http import MediaUpload

CHUNK = 4 * 1024 * 1024      # a multiple of 256 KiB; two of these are the most held per upload
READ = 256 * 1024


class RewindError(RuntimeError):
    """Drive asked for bytes the request body has already streamed past (its session expired)."""


class StreamMedia(MediaUpload):
    """A resumable-upload body of unknown length read from a forward-only stream.

    googleapiclient asks `getbytes(begin, n)` for each chunk; a short answer ends the upload. So
    that a file ending exactly on a chunk boundary is still finished with a proper Content-Range,
    `size()` reads ahead up to two chunks: when the end is within reach the total is known before
    the last chunk is sent. Memory: at most two chunks (+1 byte), whatever the file size.
    """

    def __init__(self, stream: BinaryIO, mimetype: str, chunksize: int = CHUNK):
        super().__init__()
        self._stream, self._mimetype, self._chunksize = stream, mimetype, chunksize
        self._start = 0               # file offset of self._buffer[0]
        self._buffer = bytearray()
        self._eof = False
        self.bytes_read = 0

    def chunksize(self) -> int:
        return self._chunksize

    def mimetype(self) -> str:
        return self._mimetype

    def resumable(self) -> bool:
        return True

    def has_stream(self) -> bool:
        return False

    def _fill(self, upto: int) -> None:
        while not self._eof and self._start + len(self._buffer) < upto:
            more = self._stream.read(min(READ, upto - self._start - len(self._buffer)))
            if not more:
                self._eof = True
                break
            self._buffer += more
            self.bytes_read += len(more)

    def size(self) -> int | None:
        self._fill(self._start + 2 * self._chunksize + 1)
        return self._start + len(self._buffer) if self._eof else None

    def getbytes(self, begin: int, length: int) -> bytes:
        if begin < self._start:
            raise RewindError(f"Drive asked for byte {begin}, but the upload has streamed past {self._start}")
        self._fill(begin + length)
        del self._buffer[: begin - self._start]
        self._start = begin
        return bytes(self._buffer[:length])

    def stream(self):
        raise NotImplementedError("StreamMedia hands out bytes with getbytes()")

    def to_json(self) -> str:
        raise NotImplementedError("a streamed upload cannot be serialized")
