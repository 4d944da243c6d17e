"""Is the file really the photo or video its first bytes say? Magic bytes are not a file.

`sniff()` names a type from a few bytes; this module checks that the bytes decode as that type:

  JPEG   marker segments with sane lengths up to a frame header and a scan, Pillow reads the header;
         the whole file: one image ending at its EOI marker, followed by nothing but zero padding
         or further whole JPEGs (the Multi-Picture Format phones use for depth and gain maps)
  PNG    Pillow reads IHDR; the whole file: chunks up to IEND, CRCs verified, nothing after IEND
  HEIC   pillow-heif opens the container (ftyp, meta)
  MP4    ISO BMFF boxes: `ftyp` first (old QuickTime: moov/mdat/wide/free/skip), every box size
         sane; the whole file: boxes tile it exactly and there is a `moov` and an `mdat`
  WebM   an EBML header with DocType webm or matroska, then a Segment

Polyglots (a JPEG with a ZIP or an HTML page after its end) are refused, not stripped: a file is
filed byte for byte or not at all, and stripping would change its MD5 and what the uploader sent.

`Scanner`s read the whole file incrementally (`feed()` then `finish()`), so the upload page
checks a streamed upload's end before the last chunk reaches Drive, holding no more than a chunk.
`check_head()` checks what the first bytes allow (everything, when they are the whole file).
Problems carry a `code` (the upload page's message key) and an English `detail` (Media tab, logs).
"""

from __future__ import annotations

import io
import struct
import warnings
import zlib

from turfbook.media.containers import IsoScanner, check_webm
from turfbook.media.scanners import (  # noqa: F401 - Problem and Undecodable are this module's API too
    JpegScanner,
    PngScanner,
    Problem,
    Scanner,
    Undecodable,
    _corrupt,
)

HEAD_BYTES = 2 * 1024 * 1024    # header read before the first byte goes to Drive (JPEG APPn, HEIC meta)


def scanner(mime: str | None, total: int | None = None) -> Scanner | None:
    """A whole-file scanner for the type, or None when only the head is checked (HEIC, WebM)."""
    if mime == "image/jpeg":
        return JpegScanner()
    if mime == "image/png":
        return PngScanner()
    if mime in ("video/mp4", "video/quicktime"):
        return IsoScanner(total)
    return None


def _pillow(data: bytes, what: str, verify: bool) -> Problem | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if verify:
                    image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, zlib.error, Image.DecompressionBombError,
            EOFError, IndexError, TypeError, struct.error) as exc:
        why = "not a readable image header" if "cannot identify" in str(exc) else (str(exc) or type(exc).__name__)
        return _corrupt(what, why)
    if not width or not height:
        return _corrupt(what, "it has no pixels")
    return None


def _heif(data: bytes, complete: bool) -> Problem | None:
    what = "HEIC image"
    try:
        import pillow_heif

        heif = pillow_heif.open_heif(io.BytesIO(data), convert_hdr_to_8bit=False)
        width, height = heif.size
    except Exception as exc:  # libheif raises a few kinds; any of them means it does not open
        if not complete and len(data) >= HEAD_BYTES:
            return None     # the meta box may lie past the head: filing checks the whole container
        return _corrupt(what, str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    return None if width and height else _corrupt(what, "it has no pixels")


def check_head(mime: str | None, head: bytes, complete: bool, total: int | None = None) -> Problem | None:
    """What the first bytes of a file show is wrong with it (everything, when `complete`), or None."""
    if mime == "video/webm":
        return check_webm(head)
    if mime in ("image/heic", "image/heif", "image/avif"):
        iso = IsoScanner(total if complete else None)
        iso.feed(head)
        if iso.problem:
            return Problem(iso.problem.code, iso.problem.detail.replace("video", "HEIC image"))
        return _heif(head, complete)
    scan = scanner(mime, total if total is not None else (len(head) if complete else None))
    if scan is None:
        return None
    scan.feed(head)
    if complete:
        problem = scan.finish()
    elif isinstance(scan, IsoScanner):
        problem = scan.head_problem()
    else:
        problem = scan.problem
    if problem:
        return problem
    if not complete and isinstance(scan, JpegScanner) and not scan.frame:
        return None     # metadata (APPn) fills the head: the streamed scan checks the frame and the rest
    if mime in ("image/jpeg", "image/png"):
        return _pillow(head, scan.what, verify=complete and mime == "image/png")
    return None


class CheckedStream:
    """A forward-only stream that scans what passes through it and, at its end, raises Undecodable
    instead of returning the final b"" when the whole file does not check out (so a resumable upload
    is never finished: the last chunk never reaches Drive)."""

    def __init__(self, stream, scan: Scanner | None):
        self._stream, self._scan = stream, scan

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        if self._scan is not None:
            if data:
                self._scan.feed(data)
                if self._scan.problem:
                    raise Undecodable(self._scan.problem)
            elif self._scan.finish():
                raise Undecodable(self._scan.problem)
        return data

    def readable(self) -> bool:
        return True
