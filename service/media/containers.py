"""Video and HEIC containers for service/media/decode.py: ISO BMFF boxes (MP4, MOV, HEIC) scanned
incrementally, and the WebM (EBML) header."""

from __future__ import annotations

from turfbook.media.scanners import Problem, Scanner, Undecodable, _corrupt, _short

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
