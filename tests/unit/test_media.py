"""Media: sniffing, MP4 boxes, EXIF and the order of capture-date sources."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from turfbook.demo import media_files
from turfbook.media import mp4
from turfbook.media.capture import capture, exif_time, parse_exif_time
from turfbook.media.sniff import sniff

TZ = ZoneInfo("America/New_York")
TAKEN = datetime(2026, 11, 21, 9, 30)


def fetcher(data: bytes, calls: list):
    def fetch(first: int, last: int) -> bytes:
        calls.append((first, last))
        return data[first:last + 1]
    return fetch


def resource(data: bytes, name: str, mime: str, **extra) -> dict:
    return {"id": "f1", "name": name, "mimeType": mime, "size": str(len(data)),
            "createdTime": "2026-11-22T15:00:00.000Z", **extra}


@pytest.mark.parametrize("data, mime", [
    (media_files.jpeg("x"), "image/jpeg"),
    (media_files.heic("x"), "image/heic"),
    (media_files.mp4("x", when=datetime(2026, 1, 1, tzinfo=UTC)), "video/mp4"),
    (b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  ", "video/quicktime"),
    (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01", "video/webm"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
    (b"%PDF-1.7\n", "application/pdf"),
    (b"#!/bin/sh\n", None),
    (b"", None),
])
def test_sniff(data, mime):
    assert sniff(data[:4096]) == mime


def test_drive_time_needs_no_download():
    calls = []
    found = capture(resource(b"x" * 10, "a.jpg", "image/jpeg", imageMediaMetadata={"time": "2026:11:21 09:30:00"}),
                    fetcher(b"", calls), TZ)
    assert (found.source, found.captured_at, calls) == ("drive", TAKEN.replace(tzinfo=TZ), [])


def test_exif_from_a_prefix_when_drive_has_no_time():
    data = media_files.jpeg("x", when=TAKEN, gps=(41.7, -72.6)) + b"\0" * 300_000
    calls = []
    found = capture(resource(data, "a.jpg", "image/jpeg", imageMediaMetadata={"time": "0000:00:00 00:00:00"}),
                    fetcher(data, calls), TZ)
    assert found.source == "exif" and found.captured_at == TAKEN.replace(tzinfo=TZ)
    assert calls == [(0, 128 * 1024 - 1)]


def test_heic_exif():
    data = media_files.heic("x", when=TAKEN)
    found = capture(resource(data, "IMG_1.HEIC", "image/heic"), fetcher(data, []), TZ)
    assert (found.source, found.content_type) == ("exif", "image/heic")


@pytest.mark.parametrize("moov_first", [True, False])
def test_video_moov_at_start_or_end(moov_first):
    when = datetime(2026, 11, 20, 17, 0, tzinfo=UTC)
    data = media_files.mp4("v", when=when, frames=40, moov_first=moov_first, size=(320, 240))
    data_calls: list = []
    found = capture(resource(data, "v.mp4", "video/mp4"), fetcher(data, data_calls), TZ)
    assert found.source == "video" and found.captured_at == when
    assert len(data_calls) == (1 if moov_first or len(data) <= 128 * 1024 else 2)


def test_moov_at_end_needs_a_second_range():
    when = datetime(2026, 11, 20, 17, 0, tzinfo=UTC)
    data = media_files.mp4("v", when=when, frames=3, moov_first=False)
    first = mp4.creation_time(data[:100], 0, len(data))
    assert first.fetch_from is not None and first.time is None
    assert mp4.creation_time(data[first.fetch_from:], first.fetch_from, len(data)).time == when


def test_falls_back_to_upload_time_and_says_why():
    data = media_files.jpeg("no exif")
    found = capture(resource(data, "IMG_0001.JPG", "image/jpeg"), fetcher(data, []), TZ)
    assert found.source == "uploaded" and found.note == "no EXIF" and found.problem is None
    assert found.captured_at == datetime(2026, 11, 22, 10, 0, tzinfo=TZ)


def test_corrupt_exif_is_a_note_not_a_crash():
    data = media_files.corrupt_exif_jpeg("bad")
    found = capture(resource(data, "bad.jpg", "image/jpeg"), fetcher(data, []), TZ)
    assert found.source == "uploaded" and "EXIF" in found.note
    assert exif_time(b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00garbage", TZ)[0] is None


def test_pdf_named_jpg_and_empty_file_are_problems():
    pdf = b"%PDF-1.4\n" + b"x" * 100
    found = capture(resource(pdf, "heat.jpg", "image/jpeg"), fetcher(pdf, []), TZ)
    assert found.content_type == "application/pdf" and "PDF" in found.problem
    calls: list = []
    empty = capture(resource(b"", "empty.jpg", "image/jpeg"), fetcher(b"", calls), TZ)
    assert empty.problem == "empty file (0 bytes)" and calls == []


def test_parse_exif_time_rejects_junk():
    assert parse_exif_time("0000:00:00 00:00:00", TZ) is None
    assert parse_exif_time("garbage", TZ) is None
    assert parse_exif_time(None, TZ) is None
    assert parse_exif_time("2026:11:21 09:30:00\x00", TZ) == TAKEN.replace(tzinfo=TZ)


def test_image_drive_decoded_without_time_needs_no_download():
    calls: list = []
    found = capture(resource(b"x" * 10, "IMG_0001.JPG", "image/jpeg", imageMediaMetadata={"width": 320}),
                    fetcher(b"", calls), TZ)
    assert found.source == "uploaded" and "EXIF" in found.note and calls == []


def test_a_4_gb_video_is_read_by_ranges_only():
    import struct

    when = datetime(2026, 1, 1, tzinfo=UTC)
    small = media_files.mp4("v", when=when, moov_first=False)
    ftyp_end = struct.unpack(">I", small[:4])[0]
    mdat_size = struct.unpack(">I", small[ftyp_end:ftyp_end + 4])[0]
    moov = small[ftyp_end + mdat_size:]
    size = 4 * 1024 ** 3
    big_mdat = size - ftyp_end - len(moov)
    head = small[:ftyp_end] + struct.pack(">I4sQ", 1, b"mdat", big_mdat)   # 64-bit box size
    calls: list = []

    def fetch(first: int, last: int) -> bytes:   # a virtual 4 GB file: head, zeros, moov
        calls.append((first, last))
        out = bytearray()
        for pos in range(first, min(last, first + 300_000) + 1):
            if pos < len(head):
                out.append(head[pos])
            elif pos >= size - len(moov):
                out.append(moov[pos - (size - len(moov))])
            else:
                out.append(0)
        if last - first >= 300_000 and first >= size - len(moov):
            return bytes(out)
        return bytes(out[: last - first + 1])

    found = capture({"id": "big", "name": "huge.mp4", "mimeType": "video/mp4", "size": str(size),
                     "createdTime": "2026-11-22T15:00:00Z"}, fetch, TZ)
    assert (found.source, found.captured_at) == ("video", when)
    assert calls[0] == (0, 128 * 1024 - 1) and calls[1] == (size - len(moov), size - 1)


def test_exif_of_a_large_heic_by_its_iloc_entry():
    import io
    import random

    from PIL import Image

    rng = random.Random(1)
    noise = bytes(rng.getrandbits(8) for _ in range(900 * 700 * 3))
    image = Image.frombytes("RGB", (900, 700), noise)
    out = io.BytesIO()
    from pillow_heif import register_heif_opener

    register_heif_opener()
    image.save(out, "HEIF", quality=90, exif=media_files._exif(TAKEN, (41.7, -72.6)).tobytes())
    data = out.getvalue()
    assert len(data) > 200 * 1024
    calls: list = []
    found = capture(resource(data, "IMG_9.HEIC", "image/heic"), fetcher(data, calls), TZ)
    assert (found.source, found.captured_at) == ("exif", TAKEN.replace(tzinfo=TZ))
    assert calls[0] == (0, 128 * 1024 - 1) and len(calls) == 2 and calls[1][1] - calls[1][0] < 4096
