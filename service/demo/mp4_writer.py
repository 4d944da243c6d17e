"""A minimal MP4 writer for demo videos: one video track of JPEG frames ("Motion JPEG").

Structurally valid ISO BMFF (ftyp, moov/mvhd/trak/..., mdat) that MediaInfo, Drive and most
players read, with the creation time in `mvhd`. `moov_first=False` writes moov after the media
data, as many phones do, so the filing job's tail-reading path is exercised too.
"""

from __future__ import annotations

import struct
from datetime import UTC, datetime

MP4_EPOCH = datetime(1904, 1, 1, tzinfo=UTC)
MATRIX = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)


def box(kind: bytes, *parts: bytes) -> bytes:
    payload = b"".join(parts)
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def full_box(kind: bytes, version: int, flags: int, *parts: bytes) -> bytes:
    return box(kind, struct.pack(">I", (version << 24) | flags), *parts)


def write_mp4(frames: list[bytes], width: int, height: int, created: datetime, *,
              fps: int = 2, moov_first: bool = True) -> bytes:
    """An MP4 of the given JPEG frames, `fps` frames per second, created at `created` (aware)."""
    seconds = int((created.astimezone(UTC) - MP4_EPOCH).total_seconds())
    timescale = 1000
    duration = len(frames) * timescale // fps
    ftyp = box(b"ftyp", b"isom", struct.pack(">I", 512), b"isomiso2mp41")
    mdat = box(b"mdat", *frames)

    def moov(mdat_offset: int) -> bytes:
        offsets, pos = [], mdat_offset + 8
        for frame in frames:
            offsets.append(pos)
            pos += len(frame)
        mvhd = full_box(b"mvhd", 0, 0, struct.pack(">IIII", seconds, seconds, timescale, duration),
                        struct.pack(">IH", 0x10000, 0x100), b"\0" * 10, MATRIX, b"\0" * 24, struct.pack(">I", 2))
        tkhd = full_box(b"tkhd", 0, 3, struct.pack(">IIII", seconds, seconds, 1, 0), struct.pack(">I", duration),
                        b"\0" * 8, struct.pack(">hhhh", 0, 0, 0, 0), MATRIX,
                        struct.pack(">II", width << 16, height << 16))
        mdhd = full_box(b"mdhd", 0, 0, struct.pack(">IIII", seconds, seconds, timescale, duration),
                        struct.pack(">HH", 0x55C4, 0))
        hdlr = full_box(b"hdlr", 0, 0, b"\0" * 4, b"vide", b"\0" * 12, b"VideoHandler\0")
        entry = box(b"jpeg", b"\0" * 6, struct.pack(">H", 1), b"\0" * 16, struct.pack(">HH", width, height),
                    struct.pack(">II", 0x480000, 0x480000), b"\0" * 4, struct.pack(">H", 1), b"\0" * 32,
                    struct.pack(">Hh", 24, -1))
        stbl = box(b"stbl",
                   full_box(b"stsd", 0, 0, struct.pack(">I", 1), entry),
                   full_box(b"stts", 0, 0, struct.pack(">III", 1, len(frames), timescale // fps)),
                   full_box(b"stsc", 0, 0, struct.pack(">IIII", 1, 1, 1, 1)),
                   full_box(b"stsz", 0, 0, struct.pack(">II", 0, len(frames)),
                            *(struct.pack(">I", len(f)) for f in frames)),
                   full_box(b"stco", 0, 0, struct.pack(">I", len(offsets)), *(struct.pack(">I", o) for o in offsets)))
        minf = box(b"minf", full_box(b"vmhd", 0, 1, b"\0" * 8),
                   box(b"dinf", full_box(b"dref", 0, 0, struct.pack(">I", 1), full_box(b"url ", 0, 1))), stbl)
        trak = box(b"trak", tkhd, box(b"mdia", mdhd, hdlr, minf))
        return box(b"moov", mvhd, trak)

    if moov_first:
        size = len(moov(0))
        return ftyp + moov(len(ftyp) + size) + mdat
    return ftyp + mdat + moov(len(ftyp))
