"""turfbook.media.decode: magic bytes are not a file; whole-file scans fed in any chunking."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from PIL import Image

from turfbook.demo import media_files
from turfbook.media.decode import CheckedStream, Undecodable, check_head, scanner

JPEG = media_files.jpeg("x")
MP4 = media_files.mp4("x", when=datetime(2026, 1, 1, tzinfo=UTC))


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(("mime", "data"), [
    ("image/jpeg", JPEG), ("image/jpeg", JPEG + JPEG), ("image/jpeg", JPEG + bytes(100)),
    ("image/png", png()), ("image/heic", media_files.heic("x")), ("video/mp4", MP4),
])
def test_real_files_pass(mime, data):
    assert check_head(mime, data, complete=True) is None


@pytest.mark.parametrize(("mime", "data", "code"), [
    ("image/jpeg", b"\xff\xd8\xff", "short"),
    ("image/jpeg", JPEG[: len(JPEG) // 3], "short"),
    ("image/jpeg", JPEG + b"<html></html>", "trailing"),
    ("image/jpeg", JPEG + b"PK\x03\x04zip", "trailing"),
    ("image/jpeg", JPEG + JPEG + b"<html>", "trailing"),
    ("image/png", b"\x89PNG\r\n\x1a\n", "short"),
    ("image/png", png() + b"<html>", "trailing"),
    ("video/webm", b"\x1a\x45\xdf\xa3", "short"),
    ("video/mp4", b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(64), "corrupt"),
    ("video/mp4", MP4[:-5], "corrupt"),       # its last box runs past the end
    ("image/heic", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "corrupt"),
])
def test_bad_files_are_named(mime, data, code):
    problem = check_head(mime, data, complete=True)
    assert problem is not None and problem.code == code, problem


@pytest.mark.parametrize("chunk", [1, 7, 4096])
def test_streamed_scan_finds_trailing_data_in_any_chunking(chunk):
    data = JPEG + bytes(50_000) + b"<script>"
    stream = CheckedStream(io.BytesIO(data), scanner("image/jpeg"))
    with pytest.raises(Undecodable) as caught:
        while stream.read(chunk):
            pass
    assert caught.value.problem.code == "trailing"
    ok = CheckedStream(io.BytesIO(JPEG), scanner("image/jpeg"))
    assert b"".join(iter(lambda: ok.read(chunk), b"")) == JPEG


def test_a_jpeg_whose_metadata_outgrows_the_head_is_checked_to_its_end_not_refused():
    """Phones write megabytes of APPn metadata (extended XMP depth maps) before the frame header:
    the head shows no frame yet, so the streamed scan decides (found by an outside attack)."""
    import struct

    from turfbook.media.decode import HEAD_BYTES

    out = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 40)).save(out, "JPEG")
    base = out.getvalue()
    segment = b"\xff\xe1" + struct.pack(">H", 65535) + b"x" * 65533
    data = base[:2] + segment * 40 + base[2:]                  # ~2.6 MB of APP1 before the frame
    assert len(data) > HEAD_BYTES
    assert check_head("image/jpeg", data[:HEAD_BYTES], complete=False) is None
    stream = CheckedStream(io.BytesIO(data), scanner("image/jpeg"))
    while stream.read(1 << 20):
        pass
    bad = base[:2] + segment * 40 + b"\x00\x01junk"              # no frame ever: refused by the scan
    stream = CheckedStream(io.BytesIO(bad), scanner("image/jpeg"))
    with pytest.raises(Undecodable):
        while stream.read(1 << 20):
            pass
