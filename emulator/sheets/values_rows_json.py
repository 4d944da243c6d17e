"""values.get FORMATTED_VALUE majorDimension=ROWS as ready-made JSON (issue 22): byte for byte what block()'s
step per cell gives where no cell of the span has a number format, with no Python step per text cell; None
where that cannot be promised (values.read then takes block())."""

from __future__ import annotations

from collections import deque
from itertools import repeat, zip_longest
from operator import setitem

import orjson

from turfbook_emulator.sheets.values_json import BLOCK, _trimmed


def formatted_json_rows(src: list[list], r0: int, r1: int, c0: int, c1: int, render) -> orjson.Fragment | None:
    """block()'s rows (FORMATTED_VALUE, no number format in the span) as one orjson.Fragment.

    The span's rows are copied (in C); each column of each BLOCK of rows is told apart by its own JSON, as in
    values_json._plain_part: a column of text and empty cells is left as is, one of whole numbers only gets
    its str() (in C, from that JSON quoted), any other has its cells that are neither text nor empty
    rendered by `render` one by one. Then the copies are encoded once and each `null` (an empty cell) becomes
    `""`: exact because every column was checked to hold as many `null`s as empty cells (no text holds
    "null"). A row's trailing empty cells and the trailing empty rows are left out, as block() does."""
    rows = src[r0:r1]
    if c0 or (rows and max(map(len, rows)) > c1):
        copies = [row[c0:c1] for row in rows]
    else:
        copies = list(map(list.copy, rows))
    for start in range(0, len(copies), BLOCK):
        part = copies[start:start + BLOCK]
        for j, column in enumerate(zip_longest(*part)):
            if not _shown_in_place(part, j, column, render):
                return None
    while copies and not copies[-1]:
        copies.pop()
    if not copies:
        return None
    payload = orjson.dumps(copies)
    if b"null]" in payload:               # a row ending in an empty cell: trailing empties are left out
        copies = [_trimmed(row) if row and row[-1] is None else row for row in copies]
        while copies and not copies[-1]:
            copies.pop()
        if not copies:
            return None
        payload = orjson.dumps(copies)
    return orjson.Fragment(payload.replace(b"null", b'""'))


def _shown_in_place(part: list[list], j: int, column: tuple, render) -> bool:
    """Column j of these row copies as FORMATTED_VALUE shows it, empty cells left None (a short row's
    missing cells are None in `column` and never written); False when one of its texts holds "null" in
    JSON (its `null`s would not all be empty cells)."""
    try:
        raw = orjson.dumps(column)
    except TypeError:                     # an Err, an int beyond 64 bits: rendered one by one
        raw = b"\\"
    if b"\\" not in raw:
        nulls = raw.count(b"null")
        nones = column.count(None) if nulls else 0     # (the count per cell is slow: only when needed)
        quotes = raw.count(b'"')
        if quotes == 2 * (len(column) - nones):        # text and empty cells only: shown as they are
            return nulls == nones
        if not (nulls or quotes or b"." in raw or b"e" in raw or b"E" in raw):   # whole numbers only
            deque(map(setitem, part, repeat(j), orjson.loads(b'["' + raw[1:-1].replace(b",", b'","') + b'"]')),
                  maxlen=0)
            return True
    shown = [v if v is None or v.__class__ is str else render(v) for v in column]
    try:
        if orjson.dumps(shown).count(b"null") != shown.count(None):
            return False
    except TypeError:                     # a text orjson cannot encode (a lone surrogate): block()
        return False
    for row, v, w in zip(part, column, shown, strict=True):
        if w is not v:
            row[j] = w
    return True
