"""Whole-file scanners for service/media/decode.py: JPEG marker segments, PNG chunks, ISO BMFF boxes
(MP4, MOV, HEIC), and the WebM header. Each reads a file incrementally (`feed()` then `finish()`) and
keeps the first `Problem` it finds."""

from __future__ import annotations

from dataclasses import dataclass


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
    MAGIC = b"\x89PNG\r\n\x1a\n"

    def __init__(self):
        super().__init__()
        self.state = "signature"
        self.ended = False

    def _step(self) -> None:
        while not self.skip:
            if self.state == "signature":
                if len(self.buf) < 8:
                    return
                if self.buf[:8] != self.MAGIC:
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
