"""The streaming pieces of the upload page: the multipart reader and the unknown-length media."""

from __future__ import annotations

import io
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from turfbook.web.inbox import fit_property, safe_name
from turfbook.web.multipart import FieldPart, FilePart, MultipartError, iter_parts
from turfbook.workspace.drive_stream import RewindError, StreamMedia

BOUNDARY = b"----turfbookBoundary7MA4YWxkTrZu0gW"


def body(*parts: tuple[str, bytes, str | None]) -> bytes:
    out = b""
    for name, value, filename in parts:
        out += b"--" + BOUNDARY + b"\r\n"
        disposition = f'Content-Disposition: form-data; name="{name}"'
        if filename is not None:
            disposition += f'; filename="{filename}"'
            out += disposition.encode() + b"\r\nContent-Type: application/octet-stream\r\n\r\n"
        else:
            out += disposition.encode() + b"\r\n\r\n"
        out += value + b"\r\n"
    return out + b"--" + BOUNDARY + b"--\r\n"


class CountingStream(io.BytesIO):
    def __init__(self, data: bytes):
        super().__init__(data)
        self.largest_read = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.largest_read = max(self.largest_read, len(chunk))
        return chunk


def test_fields_and_files_in_order_streamed_in_small_reads():
    big = os.urandom(3 * 1024 * 1024 + 17)
    stream = CountingStream(body(("csrf", b"tok", None), ("worksite", "Ñandú Kids".encode(), None),
                                 ("file", big, "a.jpg"), ("file", b"second", "b.png")))
    seen = []
    for part in iter_parts(stream, BOUNDARY):
        if isinstance(part, FieldPart):
            seen.append((part.name, part.value))
        else:
            got = bytearray()
            while chunk := part.read(100_000):
                got += chunk
            seen.append((part.filename, bytes(got)))
    assert seen == [("csrf", "tok"), ("worksite", "Ñandú Kids"), ("a.jpg", big), ("b.png", b"second")]
    assert stream.largest_read <= 64 * 1024


def test_unread_file_is_skipped_and_peek_does_not_consume():
    parts = iter_parts(io.BytesIO(body(("file", b"\xff\xd8\xffrest", "x.jpg"), ("note", b"hi", None))), BOUNDARY)
    first = next(parts)
    assert isinstance(first, FilePart) and first.peek(3) == b"\xff\xd8\xff" and first.read(4) == b"\xff\xd8\xffr"
    second = next(parts)
    assert (second.name, second.value) == ("note", "hi")
    assert list(parts) == []


@pytest.mark.parametrize("damage", [lambda b: b[: len(b) // 2], lambda b: b.replace(b"Content-Disposition", b"X"),
                                    lambda b: b.replace(b"--" + BOUNDARY + b"--", b"")])
def test_broken_bodies_raise_multipart_error(damage):
    raw = damage(body(("csrf", b"tok", None), ("file", b"x" * 5000, "a.jpg")))
    with pytest.raises(MultipartError):
        for part in iter_parts(io.BytesIO(raw), BOUNDARY):
            if isinstance(part, FilePart):
                part.read()


def test_huge_field_is_refused():
    with pytest.raises(MultipartError, match="longer than"):
        list(iter_parts(io.BytesIO(body(("note", b"n" * 20_000, None))), BOUNDARY))


@settings(max_examples=40, deadline=None)
@given(data=st.binary(max_size=3000), read=st.integers(1, 700))
def test_any_bytes_survive_the_round_trip(data, read):
    part = next(iter_parts(io.BytesIO(body(("file", data, "f.bin"))), BOUNDARY))
    got = bytearray()
    while chunk := part.read(read):
        got += chunk
    assert bytes(got) == data


class Fake:
    """Drive's side of a resumable upload, as googleapiclient drives StreamMedia."""

    @staticmethod
    def upload(media: StreamMedia, chunk: int) -> tuple[bytes, list[str]]:
        sent, ranges, progress = bytearray(), [], 0
        while True:
            size = media.size()
            data = media.getbytes(progress, chunk)
            total = str(progress + len(data)) if len(data) < chunk else ("*" if size is None else str(size))
            ranges.append(f"{progress}-{progress + len(data) - 1}/{total}")
            sent += data
            progress += len(data)
            if total != "*" and progress == int(total):
                return bytes(sent), ranges


@pytest.mark.parametrize("length", [0, 1, 256 * 1024, 256 * 1024 + 1, 3 * 256 * 1024, 3 * 256 * 1024 - 5])
def test_stream_media_ends_with_a_valid_range_even_on_a_chunk_boundary(length):
    data = os.urandom(length)
    media = StreamMedia(io.BytesIO(data), "image/jpeg", chunksize=256 * 1024)
    sent, ranges = Fake.upload(media, 256 * 1024)
    assert sent == data
    if length:
        start, end_total = ranges[-1].split("-", 1)
        end, total = end_total.split("/")
        assert int(end) + 1 == int(total) == length   # never "N-(N-1)/N" or an open total at the end
    assert len(media._buffer) <= 2 * 256 * 1024 + 1


def test_stream_media_resends_a_chunk_but_cannot_rewind_past_it():
    data = os.urandom(5 * 256 * 1024)
    media = StreamMedia(io.BytesIO(data), "video/mp4", chunksize=256 * 1024)
    media.size()
    assert media.getbytes(0, 256 * 1024) == data[:256 * 1024]
    assert media.getbytes(0, 256 * 1024) == data[:256 * 1024]             # retry of the same chunk
    assert media.getbytes(100, 256 * 1024) == data[100:100 + 256 * 1024]  # server kept only part of it
    with pytest.raises(RewindError):
        media.getbytes(0, 256 * 1024)


def test_names_and_properties_are_made_safe():
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\Users\\ana\\IMG_1.HEIC") == "IMG_1.HEIC"
    assert safe_name("bad\x00name\n.jpg") == "badname.jpg"
    assert safe_name("") == "upload" and safe_name(".hidden") == "hidden"
    assert safe_name("a" * 300 + ".jpg").endswith(".jpg") and len(safe_name("a" * 300 + ".jpg")) == 200
    value = fit_property("note", "ñ" * 100)
    assert len(("note" + value).encode()) <= 124 and value == "ñ" * 60
