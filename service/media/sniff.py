"""What a file really is, from its first bytes (shared by nightly filing and the upload page).

`sniff(first_bytes)` needs at most the first 32 bytes; 4 KiB is plenty. It answers a MIME type
for the kinds Turfbook accepts (JPEG, PNG, HEIC/HEIF, MP4, QuickTime, WebM, PDF) and None for
anything else, so a `.jpg` that is really a PDF or a script is recognised for what it is.
"""

from __future__ import annotations

SNIFF_BYTES = 4096

# ISO base media file brands (the `ftyp` box) -> MIME type.
_HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx"}
_HEIF_BRANDS = {b"mif1", b"msf1"}
_AVIF_BRANDS = {b"avif", b"avis"}
_QUICKTIME_BRANDS = {b"qt  "}


def sniff(first_bytes: bytes) -> str | None:
    """The MIME type the content really has, or None when it is none of the accepted kinds."""
    head = bytes(first_bytes[:64])
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm"  # EBML; Matroska files also start so, WebM is what phones upload
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return _iso_brand(first_bytes)
    if len(head) >= 8 and head[4:8] in (b"moov", b"mdat", b"wide", b"free", b"skip"):
        return "video/quicktime"  # old QuickTime files have no ftyp box
    return None


def _iso_brand(data: bytes) -> str | None:
    size = int.from_bytes(data[0:4], "big")
    major = data[8:12]
    brands = {major}
    end = min(size if size >= 16 else 16, len(data))
    brands.update(data[i:i + 4] for i in range(16, end - 3, 4))
    if major in _QUICKTIME_BRANDS:
        return "video/quicktime"
    if brands & _HEIC_BRANDS:
        return "image/heic"
    if brands & _AVIF_BRANDS:
        return "image/avif"
    if brands & _HEIF_BRANDS:
        return "image/heif"
    return "video/mp4"


def extension_for(mime: str | None) -> str:
    """The usual extension for a sniffed or declared MIME type ('' when unknown)."""
    return {
        "image/jpeg": ".jpg", "image/png": ".png", "image/heic": ".heic", "image/heif": ".heif",
        "image/avif": ".avif", "video/mp4": ".mp4", "video/quicktime": ".mov", "video/webm": ".webm",
        "application/pdf": ".pdf",
    }.get(mime or "", "")


def family(mime: str | None) -> str:
    """'image', 'video', 'document' or 'other': what kind of evidence the file is."""
    if not mime:
        return "other"
    if mime.startswith("image/"):
        return "image"
    if mime.startswith("video/"):
        return "video"
    if mime == "application/pdf":
        return "document"
    return "other"
