"""Where a HEIC/HEIF keeps its EXIF: the `meta` box (near the start) lists items in `iinf` and their
byte ranges in `iloc`. Encoders often put the Exif item's bytes after the image data, so reading
the first bytes tells us *where* the EXIF is, and one more Range request fetches just that."""

from __future__ import annotations

import struct

from turfbook.media.mp4 import boxes


def exif_location(data: bytes) -> tuple[int, int] | None:
    """(file offset, length) of the Exif item, from the file's first bytes; None when not found there."""
    try:
        for kind, _, payload, end in boxes(data):
            if kind == b"meta" and end <= len(data):
                return _from_meta(data, payload + 4, end)   # meta is a full box: skip version+flags
    except (IndexError, struct.error):                       # a garbled or truncated meta box
        return None
    return None


def tiff_block(item: bytes) -> bytes | None:
    """The TIFF header onwards of an Exif item's payload (4-byte offset, then the header)."""
    if len(item) < 8:
        return None
    skip = struct.unpack(">I", item[:4])[0]
    start = 4 + skip
    block = item[start:]
    if block.startswith(b"Exif\x00\x00"):
        block = block[6:]
    return block if block[:4] in (b"MM\x00*", b"II*\x00") else None


def _from_meta(data: bytes, start: int, end: int) -> tuple[int, int] | None:
    exif_id, locations = None, {}
    for kind, _, payload, box_end in boxes(data, start, end):
        if kind == b"iinf":
            exif_id = _exif_item(data, payload, box_end)
        elif kind == b"iloc":
            locations = _locations(data, payload, box_end)
    return locations.get(exif_id) if exif_id is not None else None


def _exif_item(data: bytes, pos: int, end: int) -> int | None:
    version = data[pos]
    pos += 4
    pos += 2 if version == 0 else 4              # entry count
    for kind, _, payload, _box_end in boxes(data, pos, end):
        if kind != b"infe":
            continue
        v = data[payload]
        p = payload + 4
        if v < 2:
            continue
        item_id = struct.unpack(">H", data[p:p + 2])[0] if v == 2 else struct.unpack(">I", data[p:p + 4])[0]
        p += 2 if v == 2 else 4
        p += 2                                   # protection index
        if data[p:p + 4] == b"Exif":
            return item_id
    return None


def _read(data: bytes, pos: int, size: int) -> tuple[int, int]:
    if size == 0:
        return 0, pos
    return int.from_bytes(data[pos:pos + size], "big"), pos + size


def _locations(data: bytes, pos: int, end: int) -> dict[int, tuple[int, int]]:
    version = data[pos]
    pos += 4
    offset_size, length_size = data[pos] >> 4, data[pos] & 15
    base_size, index_size = data[pos + 1] >> 4, (data[pos + 1] & 15) if version in (1, 2) else 0
    pos += 2
    count, pos = _read(data, pos, 2 if version < 2 else 4)
    out = {}
    for _ in range(count):
        if pos >= end:
            break
        item_id, pos = _read(data, pos, 2 if version < 2 else 4)
        method = 0
        if version in (1, 2):
            method, pos = _read(data, pos, 2)
            method &= 15
        pos += 2                                 # data reference index
        base, pos = _read(data, pos, base_size)
        extents, pos = _read(data, pos, 2)
        first = None
        for _ in range(extents):
            _, pos = _read(data, pos, index_size)
            offset, pos = _read(data, pos, offset_size)
            length, pos = _read(data, pos, length_size)
            if first is None:
                first = (base + offset, length)
        if first and method == 0:                # 0 = file offset; 1/2 (idat, item) are not used for Exif
            out[item_id] = first
    return out
