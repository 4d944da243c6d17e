"""When a photo or video was taken, and where that answer came from.

Sources, best first (recorded in the Media tab's `capture_source`):
  drive     Drive's `imageMediaMetadata.time` (EXIF DateTimeOriginal, parsed by Drive; no download).
            When Drive decoded the image (width known) but has no time, the EXIF has none: no download.
  exif      EXIF read by Pillow (+ pillow-heif) from the first bytes of the file (one Range request)
  video     the `mvhd` creation time of an MP4/MOV (prefix, plus the tail when moov is at the end),
            or a WebM's container date via pymediainfo
  uploaded  the upload's `createdTime`, when the file itself says nothing
EXIF and Drive times have no zone: they are read as the organization's local time. MP4 times are UTC.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from turfbook.media import mp4
from turfbook.media.decode import check_head
from turfbook.media.sniff import family, sniff

PREFIX_BYTES = 128 * 1024          # EXIF lives in the first 64 KiB of a JPEG; HEIC's meta box is near the start
TAIL_BYTES = 8 * 1024 * 1024       # a moov box at the end of a long phone video is a few MiB at most
EXIF_DATETIME_ORIGINAL, EXIF_DATETIME_DIGITIZED, EXIF_DATETIME = 36867, 36868, 306
EXIF_IFD = 0x8769

Fetch = Callable[[int, int], bytes]  # (first byte, last byte inclusive) -> bytes


@dataclass(frozen=True)
class Capture:
    captured_at: datetime | None
    source: str                      # drive | exif | video | uploaded
    content_type: str | None = None  # sniffed from the bytes when they were read, else the declared type
    problem: str | None = None       # the file cannot be filed as it is (empty, not what it claims ...)
    note: str | None = None          # worth telling, does not stop filing (EXIF unreadable ...)


def parse_exif_time(value: object, tz: tzinfo) -> datetime | None:
    """'2026:11:21 09:30:00' (EXIF or Drive style, local time) -> aware datetime; junk -> None."""
    if not isinstance(value, str):
        return None
    text = value.strip().rstrip("\x00").strip()
    for fmt in ("%Y:%m:%d %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y:%m:%d %H:%M", "%Y-%m-%dT%H:%M:%S"):
        try:
            parsed = datetime.strptime(text[:19], fmt)
        except ValueError:
            continue
        if parsed.year < 1980:
            return None
        return parsed.replace(tzinfo=tz)
    return None


def parse_rfc3339(value: str | None, tz: tzinfo) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(tz)
    except ValueError:
        return None


def exif_time(data: bytes, tz: tzinfo) -> tuple[datetime | None, str | None]:
    """(time, problem) from the EXIF of a JPEG/PNG/HEIC given its first bytes."""
    from PIL import Image, ImageFile
    from pillow_heif import register_heif_opener

    register_heif_opener()
    ImageFile.LOAD_TRUNCATED_IMAGES = True
    try:
        with Image.open(io.BytesIO(data)) as image:
            exif = image.getexif()
            sub = exif.get_ifd(EXIF_IFD)
    except Exception as exc:  # Pillow raises many kinds for broken or truncated metadata
        return None, f"EXIF unreadable ({type(exc).__name__})"
    for raw in (sub.get(EXIF_DATETIME_ORIGINAL), sub.get(EXIF_DATETIME_DIGITIZED), exif.get(EXIF_DATETIME)):
        found = parse_exif_time(raw, tz)
        if found:
            return found, None
    if len(exif):
        return None, "no capture date in EXIF"
    return None, "EXIF block unreadable" if b"Exif\x00\x00" in data[:70000] else "no EXIF"



def heif_exif_time(fetch: Fetch, prefix: bytes, tz: tzinfo) -> tuple[datetime | None, str | None] | None:
    """EXIF time of a HEIC whose Exif item lies beyond the prefix: one more Range request, for it alone."""
    from PIL import Image

    from turfbook.media import heif

    where = heif.exif_location(prefix)
    if where is None or where[1] <= 0 or where[1] > 1024 * 1024:
        return None
    offset, length = where
    try:
        item = prefix[offset:offset + length] if offset + length <= len(prefix) else fetch(offset, offset + length - 1)
    except Exception:  # e.g. 416 for a range past the end: the file simply has no readable EXIF
        return None
    block = heif.tiff_block(item)
    if block is None:
        return None, "EXIF block unreadable"
    exif = Image.Exif()
    try:
        exif.load(block)
        sub = exif.get_ifd(EXIF_IFD)
    except Exception:  # garbled TIFF structure
        return None, "EXIF block unreadable"
    for raw in (sub.get(EXIF_DATETIME_ORIGINAL), sub.get(EXIF_DATETIME_DIGITIZED), exif.get(EXIF_DATETIME)):
        found = parse_exif_time(raw, tz)
        if found:
            return found, None
    return None, "no capture date in EXIF"


def video_time(fetch: Fetch, size: int | None, prefix: bytes, tz: tzinfo, content_type: str | None
               ) -> tuple[datetime | None, str | None]:
    if content_type == "video/webm":
        return _mediainfo_time(prefix, tz)
    found = mp4.creation_time(prefix, 0, size)
    if found.fetch_from is not None and size:
        last = min(size, found.fetch_from + TAIL_BYTES) - 1
        found = mp4.creation_time(fetch(found.fetch_from, last), found.fetch_from, size)
    if found.time:
        return found.time.astimezone(tz), None
    return None, found.problem or "moov box out of reach"


def _mediainfo_time(data: bytes, tz: tzinfo) -> tuple[datetime | None, str | None]:
    try:
        from pymediainfo import MediaInfo

        info = MediaInfo.parse(io.BytesIO(data))
    except Exception as exc:  # libmediainfo missing or the bytes unparseable
        return None, f"container unreadable ({type(exc).__name__})"
    for track in info.general_tracks:
        for value in (track.encoded_date, track.tagged_date, getattr(track, "recorded_date", None)):
            if value:
                text = str(value).replace("UTC", "").strip()
                try:
                    return datetime.fromisoformat(text).replace(tzinfo=UTC).astimezone(tz), None
                except ValueError:
                    continue
    return None, "no date in the container"


def capture(file: dict, fetch: Fetch, tz: tzinfo) -> Capture:
    """Capture date of a Drive file resource (id, name, mimeType, size, createdTime, *MediaMetadata).

    `fetch(first, last)` downloads a byte range; it is called only when Drive's metadata is not enough.
    """
    declared = file.get("mimeType") or ""
    size = int(file["size"]) if file.get("size") not in (None, "") else None
    uploaded = parse_rfc3339(file.get("createdTime"), tz)
    if declared.startswith("application/vnd.google-apps."):
        kind = declared.rsplit(".", 1)[-1]
        return Capture(uploaded, "uploaded", declared, problem=f"a Google {kind}, not a photo or video")
    if size == 0:
        return Capture(uploaded, "uploaded", None, problem="empty file (0 bytes)")
    image_meta = file.get("imageMediaMetadata") or {}
    drive_time = parse_exif_time(image_meta.get("time"), tz)
    if drive_time:
        return Capture(drive_time, "drive", declared)
    if image_meta.get("width") and family(declared) == "image":
        # Drive decoded the image and read its EXIF: no date there, so no download either.
        return Capture(uploaded, "uploaded", declared, note="no EXIF capture date in Drive's image metadata")
    prefix = fetch(0, (min(size, PREFIX_BYTES) if size else PREFIX_BYTES) - 1)
    content = sniff(prefix)
    problem = mismatch(declared, file.get("name", ""), content)
    if problem:
        return Capture(uploaded, "uploaded", content, problem=problem)
    undecodable = check_head(content, prefix, complete=size is not None and len(prefix) >= size, total=size)
    if undecodable:
        return Capture(uploaded, "uploaded", content, problem=undecodable.detail)
    kind = family(content)
    if kind == "image":
        when, note = exif_time(prefix, tz)
        if when is None and content in ("image/heic", "image/heif", "image/avif"):
            when, note = heif_exif_time(fetch, prefix, tz) or (when, note)
        source = "exif"
    elif kind == "video":
        when, note = video_time(fetch, size, prefix, tz, content)
        source = "video"
    else:
        when, note, source = None, None, "uploaded"
    if when:
        return Capture(when, source, content)
    return Capture(uploaded, "uploaded", content, note=note)


def mismatch(declared: str, name: str, content: str | None) -> str | None:
    """Why the bytes are not the photo or video the name and declared type say, or None."""
    if content is None:
        return "content is not a photo, video or PDF Turfbook knows"
    claimed = family(declared)
    if claimed in ("image", "video") and family(content) != claimed:
        return f"content is {describe(content)}, not the {claimed} its type says"
    ext = ("." + name.rsplit(".", 1)[1].lower()) if "." in name else ""
    expected = family(_mime_for_extension(ext))
    if expected in ("image", "video") and family(content) != expected:
        return f"content is {describe(content)}, though the name ends in {ext}"
    return None


def describe(mime: str) -> str:
    return {"application/pdf": "a PDF document"}.get(mime, mime)


def _mime_for_extension(ext: str) -> str | None:
    return {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".heic": "image/heic",
            ".heif": "image/heif", ".mp4": "video/mp4", ".m4v": "video/mp4", ".mov": "video/quicktime",
            ".webm": "video/webm", ".pdf": "application/pdf"}.get(ext)
