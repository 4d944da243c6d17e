"""A1 notation as Sheets reads it: quoted sheet names, open-ended and reversed ranges.

`parse(text)` splits a range into a sheet name (or None) and a `Span` of 0-based, half-open
indexes where None means "to the edge of the grid". Sheets normalises reversed corners per
dimension (`D4:A1` is `A1:D4`). `format_range` builds the echoes Google sends back
(`'My tab'!A1:D5`, `Sheet1!A1`), quoting a sheet name only when it has to.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

_CELL = re.compile(r"^\$?([A-Za-z]{0,3})\$?([0-9]{0,7})$")
_PLAIN_TITLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_LOOKS_LIKE_CELL = re.compile(r"^([A-Za-z]{1,3}[0-9]+|[Rr][0-9]*[Cc][0-9]*)$")


class Span(NamedTuple):
    """Rows r0..r1 and columns c0..c1, 0-based and half-open; None = unbounded end."""

    r0: int
    c0: int
    r1: int | None
    c1: int | None

    def clip(self, rows: int, cols: int) -> tuple[int, int, int, int]:
        return (self.r0, self.c0,
                rows if self.r1 is None else self.r1, cols if self.c1 is None else self.c1)


WHOLE = Span(0, 0, None, None)


class A1Error(ValueError):
    pass


def column_index(letters: str) -> int:
    """A -> 0, Z -> 25, AA -> 26."""
    index = 0
    for ch in letters.upper():
        index = index * 26 + (ord(ch) - 64)
    return index - 1


@lru_cache(maxsize=4096)
def _letters_index(letters: str) -> int:
    return column_index(letters)


@lru_cache(maxsize=4096)
def column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def split_sheet(text: str) -> tuple[str | None, str | None]:
    """("My tab", "A1:B2") from "'My tab'!A1:B2"; (name, None) when there is no "!"."""
    text = text.strip()
    if text.startswith("'"):
        m = _QUOTED.fullmatch(text)
        if m is not None:               # 'My tab'!A1:B2 with no '' in the title: one regex
            return m[1], m[2]
        i, name = 1, []
        while (j := text.find("'", i)) >= 0:    # '' inside the quotes is one '
            name.append(text[i:j])
            if text[j + 1:j + 2] == "'":
                name.append("'")
                i = j + 2
                continue
            rest = text[j + 1:]
            if rest == "":
                return "".join(name), None
            if rest.startswith("!"):
                return "".join(name), rest[1:]
            raise A1Error(text)
        raise A1Error(text)
    if "!" in text:
        name, _, cells = text.rpartition("!")
        return name, cells
    return None, text


_QUOTED = re.compile(r"'([^']+)'!(.*)", re.DOTALL)
_R1C1 = re.compile(r"^(?:R(\[\d+\]|\d+)?(C(\[\d+\]|\d+)?)?|C(\[\d+\]|\d+)?)$", re.I)


def parse_cells(text: str) -> Span:
    """The part after "!": `A1`, `A1:C5`, `A:C`, `A2:C`, `2:2`, `D4:A1`, or R1C1 (`R2C3`, `R[1]C[1]`).

    A1 wins where both read (`R1` is column R), as Google's parser does; the halves of a range
    cannot mix the two notations.
    """
    m = _BLOCK.fullmatch(text)
    if m is not None:                   # `A5:C6`, the common case (10k ranges in a body): one regex
        return _block_span(m[1], m[2], m[3], m[4])
    try:
        return _parse_a1(text)
    except A1Error:
        return _parse_r1c1(text)


def _block_span(c1: str, r1: str, c2: str | None, r2: str | None) -> Span:
    ca, ra = _letters_index(c1), int(r1) - 1
    if c2 is None:
        return Span(ra, ca, ra + 1, ca + 1)
    cb, rb = _letters_index(c2), int(r2) - 1
    if ra > rb:
        ra, rb = rb, ra
    if ca > cb:
        ca, cb = cb, ca
    return Span(ra, ca, rb + 1, cb + 1)


def quoted_block(text: str) -> tuple[str, Span] | None:
    """("My tab", span) for `'My tab'!A5:C6` (a title with no '' quoted, a cell or a block with both
    corners whole, no space around): what split_sheet and parse_cells give for it, in one regex; None
    for any other text."""
    m = _QUOTED_BLOCK.fullmatch(text)
    return None if m is None else (m[1], _block_span(m[2], m[3], m[4], m[5]))


# a cell or a block with both corners whole (letters and a row number without leading zeros): what
# _parse_a1 gives for it, without its steps
_BLOCK_TEXT = r"\$?([A-Za-z]{1,3})\$?([1-9][0-9]{0,6})(?::\$?([A-Za-z]{1,3})\$?([1-9][0-9]{0,6}))?"
_BLOCK = re.compile(_BLOCK_TEXT)
_QUOTED_BLOCK = re.compile(r"'([^']+)'!" + _BLOCK_TEXT)


def _parse_r1c1(text: str) -> Span:
    halves = [_r1c1_token(t) for t in text.strip().split(":")]
    if len(halves) > 2:
        raise A1Error(text)
    (ra, ca), (rb, cb) = halves[0], halves[-1]
    if len(halves) == 1:
        return Span(ra or 0, ca or 0, None if ra is None else ra + 1, None if ca is None else ca + 1)
    if ra is not None and rb is not None and ra > rb:
        ra, rb = rb, ra
    if ca is not None and cb is not None and ca > cb:
        ca, cb = cb, ca
    return Span(ra or 0, ca or 0, None if rb is None else rb + 1, None if cb is None else cb + 1)


def _r1c1_token(token: str) -> tuple[int | None, int | None]:
    """(row, col), 0-based; None = the whole row/column. `R[n]` is an offset from A1."""
    m = _R1C1.match(token.strip())
    if not m or not token.strip():
        raise A1Error(token)
    row_part, c_letter, col_part, col_only = m.groups()
    if token.strip()[0] in "Cc":
        return (0, 0) if col_only is None else (None, _r1c1_index(col_only))
    if row_part is None and c_letter is None:
        return 0, 0  # a bare "R" is A1
    row = 0 if row_part is None else _r1c1_index(row_part)
    if c_letter is None:
        return row, None
    return row, 0 if col_part is None else _r1c1_index(col_part)


def _r1c1_index(part: str) -> int:
    if part.startswith("["):
        return int(part[1:-1])
    if int(part) < 1:
        raise A1Error(part)
    return int(part) - 1


def _parse_a1(text: str) -> Span:
    start, sep, end = text.strip().partition(":")
    a = _CELL.match(start)
    b = _CELL.match(end) if sep else a
    if not a or not b or not (a.group(1) or a.group(2)) or not (b.group(1) or b.group(2)):
        raise A1Error(text)
    ca, ra, cb, rb = _col(a.group(1)), _row(a.group(2)), _col(b.group(1)), _row(b.group(2))
    if not sep:
        if ca is None or ra is None:
            raise A1Error(text)  # "A" or "7" alone is not a range
        return Span(ra, ca, ra + 1, ca + 1)
    if (ca is None) != (cb is None) and (ra is None) != (rb is None) and (ca is None) == (rb is None):
        raise A1Error(text)  # "A:5"
    if ra is not None and rb is not None and ra > rb:
        ra, rb = rb, ra
    if ca is not None and cb is not None and ca > cb:
        ca, cb = cb, ca
    return Span(ra or 0, ca or 0, None if rb is None else rb + 1, None if cb is None else cb + 1)


def _col(letters: str) -> int | None:
    return column_index(letters) if letters else None


def _row(digits: str) -> int | None:
    if not digits:
        return None
    value = int(digits)
    if value < 1:
        raise A1Error(digits)
    return value - 1


def looks_like_cells(text: str) -> bool:
    try:
        parse_cells(text)
        return True
    except A1Error:
        return False


@lru_cache(maxsize=1024)
def quote_title(title: str) -> str:
    if _PLAIN_TITLE.match(title) and not _LOOKS_LIKE_CELL.match(title):
        return title
    return "'" + title.replace("'", "''") + "'"


def cell_name(row: int, col: int) -> str:
    return f"{column_letters(col)}{row + 1}"


def format_range(title: str, r0: int, c0: int, r1: int, c1: int) -> str:
    """The A1 echo of a bounded block (r1, c1 exclusive); a single cell is `A1`, not `A1:A1`."""
    start = cell_name(r0, c0)
    if r1 - r0 <= 1 and c1 - c0 <= 1:
        return f"{quote_title(title)}!{start}"
    return f"{quote_title(title)}!{start}:{cell_name(r1 - 1, c1 - 1)}"
