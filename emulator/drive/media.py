"""What Drive derives from uploaded content: MIME type sniffing, md5Checksum, imageMediaMetadata
(JPEG/PNG/HEIC via Pillow + pillow-heif: width, height, rotation, EXIF time, location, camera) and
videoMediaMetadata (MP4/MOV: width, height, durationMillis from the moov box; nothing if the
container does not say, as Drive leaves it absent until processed).
"""

from __future__ import annotations

import hashlib
import mimetypes
import struct
from pathlib import Path
from typing import Any

SNIFF = [
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF8", "image/gif"),
    (b"%PDF", "application/pdf"),
]
BRANDS = {b"heic": "image/heic", b"heix": "image/heic", b"mif1": "image/heif", b"qt  ": "video/quicktime",
          b"isom": "video/mp4", b"mp41": "video/mp4", b"mp42": "video/mp4", b"avc1": "video/mp4",
          b"M4V ": "video/x-m4v", b"3gp4": "video/3gpp", b"3gp5": "video/3gpp"}
ORIENTATION_ROTATION = {3: 2, 6: 1, 8: 3}


def md5_of(path: Path) -> str:
    digest = hashlib.md5()  # noqa: S324 - Drive's md5Checksum, not security
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def sniff(path: Path, name: str, declared: str | None) -> str:
    if declared and declared not in ("application/octet-stream", ""):
        return declared
    with path.open("rb") as fh:
        head = fh.read(32)
    for magic, mime in SNIFF:
        if head.startswith(magic):
            return mime
    if head[4:8] == b"ftyp" and head[8:12] in BRANDS:
        return BRANDS[head[8:12]]
    guessed = mimetypes.guess_type(name)[0]
    return guessed or declared or "application/octet-stream"


def describe(path: Path, mime: str) -> dict[str, Any]:
    """Extra stored fields for the content at path: imageMediaMetadata / videoMediaMetadata."""
    try:
        if mime.startswith("image/"):
            meta = image_metadata(path)
            return {"imageMediaMetadata": meta} if meta else {}
        if mime.startswith("video/"):
            meta = video_metadata(path)
            return {"videoMediaMetadata": meta} if meta else {}
    except Exception:  # noqa: BLE001 - content Drive cannot read simply gets no metadata
        return {}
    return {}


def image_metadata(path: Path) -> dict[str, Any]:
    from PIL import Image

    _register_heif()
    with Image.open(path) as image:
        meta: dict[str, Any] = {"width": image.width, "height": image.height}
        exif = image.getexif()
    if not exif:
        return meta
    rotation = ORIENTATION_ROTATION.get(exif.get(0x0112))
    if rotation:
        meta["rotation"] = rotation
    details = exif.get_ifd(0x8769)
    taken = details.get(0x9003) or exif.get(0x0132)
    if taken:
        meta["time"] = str(taken).strip("\x00 ")
    for tag, key in ((0x010F, "cameraMake"), (0x0110, "cameraModel")):
        if exif.get(tag):
            meta[key] = str(exif[tag]).strip("\x00 ")
    location = _gps(exif.get_ifd(0x8825))
    if location:
        meta["location"] = location
    return meta


def _register_heif() -> None:
    try:
        from pillow_heif import register_heif_opener

        register_heif_opener()
    except ImportError:
        pass


def _gps(gps: dict) -> dict[str, float] | None:
    def degrees(value) -> float:
        d, m, s = (float(x) for x in value)
        return d + m / 60 + s / 3600

    try:
        if not gps or 2 not in gps or 4 not in gps:
            return None
        lat = degrees(gps[2]) * (-1 if gps.get(1) in ("S", b"S") else 1)
        lon = degrees(gps[4]) * (-1 if gps.get(3) in ("W", b"W") else 1)
        out = {"latitude": lat, "longitude": lon}
        if 6 in gps:
            out["altitude"] = float(gps[6]) * (-1 if gps.get(5) in (1, b"\x01") else 1)
        return out
    except (TypeError, ValueError, ZeroDivisionError):
        return None


def video_metadata(path: Path) -> dict[str, Any]:
    """Width, height and duration of an ISO-BMFF (MP4/MOV) file, reading box headers only."""
    with path.open("rb") as fh:
        moov = _find_box(fh, 0, path.stat().st_size, b"moov")
        if moov is None:
            return {}
        meta: dict[str, Any] = {}
        mvhd = _find_box(fh, *moov, b"mvhd")
        if mvhd:
            fh.seek(mvhd[0])
            version = fh.read(1)[0]
            fh.seek(mvhd[0] + 4 + (16 if version == 1 else 8))
            if version == 1:
                scale, duration = struct.unpack(">IQ", fh.read(12))
            else:
                scale, duration = struct.unpack(">II", fh.read(8))
            if scale:
                meta["durationMillis"] = str(duration * 1000 // scale)
        start, end = moov
        while (trak := _find_box(fh, start, end, b"trak")) is not None:
            tkhd = _find_box(fh, *trak, b"tkhd")
            if tkhd:
                fh.seek(tkhd[1] - 8)
                width, height = struct.unpack(">II", fh.read(8))
                if width and height:
                    meta["width"], meta["height"] = width >> 16, height >> 16
                    break
            start = trak[1]
        return meta


def _find_box(fh, start: int, end: int, kind: bytes) -> tuple[int, int] | None:
    """(payload start, box end) of the first box of this type between start and end."""
    pos = start
    while pos + 8 <= end:
        fh.seek(pos)
        header = fh.read(8)
        if len(header) < 8:
            return None
        size, box = struct.unpack(">I4s", header)
        payload = pos + 8
        if size == 1:
            size = struct.unpack(">Q", fh.read(8))[0]
            payload += 8
        elif size == 0:
            size = end - pos
        if size < 8:
            return None
        if box == kind:
            return payload, pos + size
        pos += size
    return None
