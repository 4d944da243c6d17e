"""Just enough of the ISO base media format (MP4, MOV, HEIC) to find a video's creation time.

A phone writes the `moov` box (which holds `mvhd` and its creation time) either before the media
data or after it. `creation_time(data, total)` reads what was downloaded from the start; when
`moov` lies beyond it, it answers the byte offset to fetch from, so the caller makes one more
`Range` request for the tail instead of downloading the whole video.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

MP4_EPOCH = datetime(1904, 1, 1, tzinfo=UTC)
CONTAINERS = {b"moov", b"trak", b"mdia", b"udta", b"meta"}


@dataclass(frozen=True)
class Found:
    time: datetime | None = None     # the creation time, when found
    fetch_from: int | None = None    # else the offset of the moov box still to download
    problem: str | None = None       # else why there is none


def boxes(data: bytes, start: int = 0, end: int | None = None):
    """(type, box_start, payload_start, box_end) for each box in data[start:end]; box_end may exceed it."""
    end = len(data) if end is None else end
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack(">I4s", data[pos:pos + 8])
        header = 8
        if size == 1:
            if pos + 16 > end:
                return
            size = struct.unpack(">Q", data[pos + 8:pos + 16])[0]
            header = 16
        elif size == 0:
            size = end - pos  # "to the end of the file"
        if size < header:
            return
        yield kind, pos, pos + header, pos + size
        pos += size


def creation_time(data: bytes, base: int = 0, total: int | None = None) -> Found:
    """Search top-level boxes of data (which starts at file offset `base`) for moov/mvhd."""
    pos = 0
    for kind, box_start, payload, box_end in boxes(data):
        pos = box_end
        if kind != b"moov":
            continue
        if box_end > len(data):
            return Found(fetch_from=base + box_start) if box_start > 0 else Found(problem="moov box truncated")
        return _from_moov(data, payload, box_end)
    if total is not None and base + pos < total and pos >= len(data):
        return Found(fetch_from=base + pos)
    return Found(problem="no moov box")


def _from_moov(data: bytes, start: int, end: int) -> Found:
    for kind, _, payload, box_end in boxes(data, start, end):
        if kind != b"mvhd" or box_end > end:
            continue
        version = data[payload]
        if version == 1:
            seconds = struct.unpack(">Q", data[payload + 4:payload + 12])[0]
        else:
            seconds = struct.unpack(">I", data[payload + 4:payload + 8])[0]
        if seconds == 0:
            return Found(problem="mvhd has no creation time")
        try:
            return Found(time=MP4_EPOCH + timedelta(seconds=seconds))
        except OverflowError:
            return Found(problem="mvhd creation time out of range")
    return Found(problem="no mvhd box")
