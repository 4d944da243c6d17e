"""Bytes of demo photos and videos: JPEG/HEIC with EXIF date and GPS, tiny MP4s. Deterministic."""

from __future__ import annotations

import io
from datetime import datetime

from PIL import Image, ImageDraw

from turfbook.demo.mp4_writer import write_mp4

EXIF_IFD, GPS_IFD = 0x8769, 0x8825


def _picture(width: int, height: int, color: tuple[int, int, int], label: str) -> Image.Image:
    image = Image.new("RGB", (width, height), color)
    draw = ImageDraw.Draw(image)
    shade = tuple(max(0, c - 60) for c in color)
    draw.rectangle([width // 8, height // 3, width * 7 // 8, height * 2 // 3], outline=shade, width=3)
    draw.text((8, 8), label[:40], fill=(255, 255, 255))
    return image


def _exif(when: datetime | None, gps: tuple[float, float] | None) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Turfbook demo"
    if when:
        stamp = when.strftime("%Y:%m:%d %H:%M:%S")
        exif[0x0132] = stamp
        exif.get_ifd(EXIF_IFD)[36867] = stamp
        exif.get_ifd(EXIF_IFD)[36868] = stamp
    if gps:
        def dms(value: float):
            value = abs(value)
            degrees = int(value)
            minutes = int((value - degrees) * 60)
            seconds = round(((value - degrees) * 60 - minutes) * 60, 2)
            return (float(degrees), float(minutes), float(seconds))
        lat, lon = gps
        exif.get_ifd(GPS_IFD).update({1: "N" if lat >= 0 else "S", 2: dms(lat), 3: "E" if lon >= 0 else "W",
                                      4: dms(lon)})
    return exif


def jpeg(label: str, *, when: datetime | None = None, gps: tuple[float, float] | None = None,
         color: tuple[int, int, int] = (90, 120, 160), size: tuple[int, int] = (320, 240)) -> bytes:
    out = io.BytesIO()
    image = _picture(*size, color, label)
    if when or gps:
        image.save(out, "JPEG", quality=70, exif=_exif(when, gps))
    else:
        image.save(out, "JPEG", quality=70)
    return out.getvalue()


def heic(label: str, *, when: datetime | None = None, gps: tuple[float, float] | None = None,
         color: tuple[int, int, int] = (150, 110, 90), size: tuple[int, int] = (320, 240)) -> bytes:
    from pillow_heif import register_heif_opener

    register_heif_opener()
    out = io.BytesIO()
    image = _picture(*size, color, label)
    kwargs = {"exif": _exif(when, gps).tobytes()} if (when or gps) else {}
    image.save(out, "HEIF", quality=50, **kwargs)
    return out.getvalue()


def corrupt_exif_jpeg(label: str) -> bytes:
    """A JPEG whose EXIF block claims more entries than it holds: viewers show it, parsers choke."""
    good = jpeg(label, when=datetime(2026, 1, 2, 3, 4, 5))
    start = good.index(b"Exif\x00\x00") + 6
    # Garble the TIFF header's byte-order mark and first IFD offset.
    return good[:start] + b"XX\x00\x2a\xff\xff\xff\xff" + good[start + 8:]


def mp4(label: str, *, when: datetime, frames: int = 3, moov_first: bool = True,
        color: tuple[int, int, int] = (60, 140, 90), size: tuple[int, int] = (160, 120)) -> bytes:
    shots = []
    for i in range(frames):
        out = io.BytesIO()
        shade = tuple(min(255, c + 25 * i) for c in color)
        _picture(*size, shade, f"{label} {i + 1}").save(out, "JPEG", quality=60)
        shots.append(out.getvalue())
    return write_mp4(shots, size[0], size[1], when, moov_first=moov_first)
