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
from dataclasses import dataclass

HEAD_BYTES = 2 * 1024 * 1024    # header read before the first byte goes to Drive (JPEG APPn, HEIC meta)


@dataclass(frozen=True)
class Problem:
    code: str       # 'short' (ends too early), 'corrupt' (does not decode), 'trailing' (data after the end)
    detail: str


class Undecodable(ValueError):
    def __init__(self, problem: Problem):
        super().__init__(problem.detail)
        self.problem = problem


def _short(what: str) -> Problem:
    return Problem("short", f"the {what} ends before its header does (cut off or only magic bytes)")


def _corrupt(what: str, why: str) -> Problem:
    return Problem("corrupt", f"the {what} does not decode: {why}")


def _trailing(what: str) -> Problem:
    return Problem("trailing", f"other data follows the end of the {what} (a polyglot file)")


class Scanner:
    """Incremental structure check of a whole file."""

    what = "file"

    def __init__(self):
        self.buf = bytearray()
        self.skip = 0               # bytes still to pass over unseen (a segment, chunk or box body)
        self.problem: Problem | None = None
        self.offset = 0             # file offset of buf[0]

    def feed(self, data: bytes) -> None:
        if self.problem:
            return
        if self.skip:
            passed = min(self.skip, len(data))
            self.skip -= passed
            self.offset += passed
            data = data[passed:]
        self.buf += data
        try:
            self._step()
        except Undecodable as exc:
            self.problem = exc.problem

    def _take(self, n: int) -> None:
        del self.buf[:n]
        self.offset += n

    def _pass(self, n: int) -> None:
        """Pass over n bytes from the start of buf (more than buf holds: the rest as they arrive)."""
        have = min(n, len(self.buf))
        self._take(have)
        self.skip = n - have

    def _step(self) -> None:
        raise NotImplementedError

    def finish(self) -> Problem | None:
        if self.problem is None:
            self.problem = self._end()
        return self.problem

    def _end(self) -> Problem | None:
        raise NotImplementedError


_STANDALONE = {0x01, *range(0xD0, 0xD8)}


class JpegScanner(Scanner):
    what = "JPEG image"

    def __init__(self):
        super().__init__()
        self.state = "soi"          # soi → marker ⇄ entropy → after (the end of one image)
        self.frame = False          # a SOF marker was seen in this image
        self.in_scan = False        # the segment being passed is a SOS header
        self.images = 0

    def _step(self) -> None:
        while not self.skip:
            if self.state == "soi":
                if len(self.buf) < 3:
                    return
                if self.buf[:3] != b"\xff\xd8\xff":
                    raise Undecodable(_corrupt(self.what, "no start-of-image marker"))
                self._take(2)
                self.state, self.frame = "marker", False
            elif self.state == "marker":
                if not self._marker():
                    return
            elif self.state == "entropy":
                if not self._entropy():
                    return
            else:   # after an EOI: zero padding, or another whole JPEG (MPF), or a polyglot
                stripped = self.buf.lstrip(b"\0")
                self._take(len(self.buf) - len(stripped))
                if not self.buf:
                    return
                if self.buf[:3] != b"\xff\xd8\xff"[:len(self.buf)]:
                    raise Undecodable(_trailing(self.what))
                if len(self.buf) < 3:
                    return
                self.state = "soi"

    def _marker(self) -> bool:
        while self.buf[:2] == b"\xff\xff":     # fill bytes
            self._take(1)
        if len(self.buf) < 2:
            return False
        if self.buf[0] != 0xFF:
            raise Undecodable(_corrupt(self.what, f"no marker at byte {self.offset}"))
        marker = self.buf[1]
        if marker == 0xD9:
            if not self.frame:
                raise Undecodable(_corrupt(self.what, "it ends before any image data"))
            self._take(2)
            self.images += 1
            self.state = "after"
            return True
        if marker in _STANDALONE:
            self._take(2)
            return True
        if len(self.buf) < 4:
            return False
        length = int.from_bytes(self.buf[2:4], "big")
        if length < 2:
            raise Undecodable(_corrupt(self.what, f"a segment length of {length} at byte {self.offset}"))
        if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
            self.frame = True
        if marker == 0xDA:
            if not self.frame:
                raise Undecodable(_corrupt(self.what, "image data before a frame header"))
            self.state = "entropy"
        self._pass(2 + length)
        return True

    def _entropy(self) -> bool:
        pos = 0
        while True:
            pos = self.buf.find(b"\xff", pos)
            if pos < 0:
                self._take(len(self.buf))
                return False
            if pos + 1 >= len(self.buf):
                self._take(pos)
                return False
            following = self.buf[pos + 1]
            if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                pos += 1
                continue
            self._take(pos)
            self.state = "marker"
            return True

    def _end(self) -> Problem | None:
        if self.state == "after" and not self.buf:
            return None
        if self.images and self.state != "after":
            return _trailing(self.what)
        return Problem("short", f"the {self.what} is cut off before its end-of-image marker")


class PngScanner(Scanner):
    what = "PNG image"
    SIGNATURE = b"\x89PNG\r\n\x1a\n"

    def __init__(self):
        super().__init__()
        self.state = "signature"
        self.ended = False

    def _step(self) -> None:
        while not self.skip:
            if self.state == "signature":
                if len(self.buf) < 8:
                    return
                if self.buf[:8] != self.SIGNATURE:
                    raise Undecodable(_corrupt(self.what, "no PNG signature"))
                self._take(8)
                self.state = "chunk"
            elif self.ended:
                if self.buf:
                    raise Undecodable(_trailing(self.what))
                return
            else:
                if len(self.buf) < 8:
                    return
                length = int.from_bytes(self.buf[:4], "big")
                kind = bytes(self.buf[4:8])
                if length > 0x7FFFFFFF or not kind.isalpha():
                    raise Undecodable(_corrupt(self.what, f"a bad chunk header at byte {self.offset}"))
                if self.offset == 8 and kind != b"IHDR":
                    raise Undecodable(_corrupt(self.what, "the first chunk is not IHDR"))
                if kind == b"IEND":
                    self.ended = True
                self._pass(12 + length)

    def _end(self) -> Problem | None:
        if self.ended and not self.buf:
            return None
        return Problem("short", f"the {self.what} is cut off before its IEND chunk")


_OLD_QUICKTIME = {b"moov", b"mdat", b"wide", b"free", b"skip"}


class IsoScanner(Scanner):
    """ISO base media (MP4, MOV): top-level boxes one after another, each of a sane size."""

    what = "video"

    def __init__(self, total: int | None = None):
        super().__init__()
        self.total = total
        self.kinds: list[bytes] = []
        self.to_end = False         # a box of size 0 runs to the end of the file

    def _step(self) -> None:
        while not self.skip and not self.to_end:
            if len(self.buf) < 8:
                return
            size = int.from_bytes(self.buf[:4], "big")
            kind = bytes(self.buf[4:8])
            header = 8
            if size == 1:
                if len(self.buf) < 16:
                    return
                size, header = int.from_bytes(self.buf[8:16], "big"), 16
            if not self.kinds and kind != b"ftyp" and kind not in _OLD_QUICKTIME:
                raise Undecodable(_corrupt(self.what, "it does not start with an ftyp box"))
            if not all(32 <= c < 127 for c in kind):
                raise Undecodable(_corrupt(self.what, f"a box with a bad type at byte {self.offset}"))
            if size != 0 and size < header:
                raise Undecodable(_corrupt(self.what, f"a box of {size} bytes at byte {self.offset}"))
            if self.total is not None and size and self.offset + size > self.total:
                raise Undecodable(_corrupt(self.what, f"the '{kind.decode()}' box runs past the end of the file"))
            if kind == b"ftyp" and size > 4096:
                raise Undecodable(_corrupt(self.what, f"an ftyp box of {size} bytes"))
            self.kinds.append(kind)
            if size == 0:
                self.to_end = True
                self._take(len(self.buf))
                return
            self._pass(size)
        if self.to_end:
            self._take(len(self.buf))

    def head_problem(self) -> Problem | None:
        """What the first bytes show: an ftyp box is followed by at least the header of another box."""
        if self.problem:
            return self.problem
        if not self.kinds or (self.kinds[0] == b"ftyp" and len(self.kinds) < 2):
            return _short(self.what)
        return None

    def _end(self) -> Problem | None:
        if self.buf or self.skip:
            return Problem("short", f"the {self.what} is cut off inside its last box")
        if not {b"moov", b"mdat"} <= set(self.kinds):
            missing = " and ".join(k.decode() for k in (b"moov", b"mdat") if k not in self.kinds)
            return _corrupt(self.what, f"it has no {missing} box")
        return None


def _vint(data: bytes, pos: int, keep_marker: bool = False) -> tuple[int, int]:
    """An EBML variable-length integer at pos → (value, next pos); ValueError when it is not one."""
    first = data[pos]
    length = 8 - first.bit_length() + 1
    if first == 0 or pos + length > len(data):
        raise ValueError("bad or cut-off variable-length integer")
    value = first if keep_marker else first & ((1 << (8 - length)) - 1)
    for b in data[pos + 1:pos + length]:
        value = (value << 8) | b
    return value, pos + length


def check_webm(head: bytes) -> Problem | None:
    what = "WebM video"
    try:
        ident, pos = _vint(head, 0, keep_marker=True)
        if ident != 0x1A45DFA3:
            return _corrupt(what, "no EBML header")
        size, pos = _vint(head, pos)
        end = pos + size
        if size > 4096 or end > len(head):
            return _short(what) if size <= 4096 else _corrupt(what, f"an EBML header of {size} bytes")
        doctype = None
        while pos < end:
            child, pos = _vint(head, pos, keep_marker=True)
            length, pos = _vint(head, pos)
            if pos + length > end:
                return _corrupt(what, "an EBML header element runs past the header")
            if child == 0x4282:
                doctype = bytes(head[pos:pos + length]).rstrip(b"\0")
            pos += length
        if doctype not in (b"webm", b"matroska"):
            return _corrupt(what, f"its DocType is {doctype!r}, not webm")
        segment, pos = _vint(head, end, keep_marker=True)
        if segment != 0x18538067:
            return _corrupt(what, "no Segment after the EBML header")
        _vint(head, pos)
    except (ValueError, IndexError):
        return _short(what)
    return None


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
