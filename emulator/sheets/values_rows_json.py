"""values.get FORMATTED_VALUE majorDimension=ROWS as ready-made JSON (issue 22): byte for byte what block()'s
step per cell gives where no cell of the span has a number format, with no Python step per text cell; None
where that cannot be promised (values.read then takes block())."""

from __future__ import annotations

from collections import deque
from functools import partial
from itertools import repeat, zip_longest
from operator import setitem

import orjson

from turfbook_emulator.sheets.values_columns_json import even_rows
from turfbook_emulator.sheets.values_json import BLOCK, all_text, ends_blank, joined, shown_end


def formatted_json_rows(src: list[list], r0: int, r1: int, c0: int, c1: int, render) -> orjson.Fragment | None:
    """block()'s rows (FORMATTED_VALUE, no number format in the span) as one orjson.Fragment; None when there
    is nothing to show or a text orjson cannot encode (a lone surrogate).

    A BLOCK of rows at a time (emu23a: copied, shown, encoded and freed while in the CPU's cache), up to the
    span's last row not empty (values_json.shown_end): the block's rows are copied (in C) and their trailing
    empty cells left out as block() does (only when a row ends empty: values_json.ends_blank). Each column of
    the block is told apart by its own JSON, as in values_json._plain_part: a column of text (and empty
    cells) is left as is, one of whole numbers only gets their str() in C (that JSON quoted, read back), any
    other has its other cells rendered by `render` one by one; in every column an empty cell becomes "". The
    copies, all text then, are encoded, and the blocks' JSON joined."""
    end, parts = shown_end(src, r0, r1, c0, c1), []
    for start in range(r0, end, BLOCK):
        rows = src[start:min(start + BLOCK, end)]
        shown = even_rows(rows, c0, c1, partial(_shown_column, render=render))
        if shown is None:
            shown = [row[c0:c1] for row in rows] if c0 or max(map(len, rows)) > c1 else list(map(list.copy, rows))
            if ends_blank(shown):
                for row in shown:
                    while row and (row[-1] is None or row[-1] == ""):     # an empty cell or text (=""), as block()
                        row.pop()
            for j, column in enumerate(zip_longest(*shown)):
                _shown_in_place(shown, j, column, render)
        try:
            parts.append(orjson.dumps(shown))
        except TypeError:                 # a lone surrogate
            return None
    return orjson.Fragment(joined(parts)) if parts else None


def _shown_column(column: tuple, render):
    """A column's cells (no row shorter) as FORMATTED_VALUE shows them, each empty cell as "", told apart by
    the column's own JSON as _shown_in_place does: the very tuple for text alone, the whole numbers' str()
    read back from their JSON quoted, one by one for any other."""
    if all_text(column):
        return column
    if column[0] is None and column.count(None) == len(column):     # (None: counted fast, by identity)
        return repeat("", len(column))
    try:
        raw = orjson.dumps(column)
    except TypeError:                     # an Err, an int beyond 64 bits, a lone surrogate: one by one
        raw = b"\\"
    if b"\\" not in raw:
        nulls = b"null" in raw
        nones = column.count(None) if nulls else 0
        if raw.count(b'"') == 2 * (len(column) - nones):   # text and empty cells only
            return column if not nones else ["" if v is None else v for v in column]
        if not (nulls or b'"' in raw or b"." in raw or b"e" in raw or b"E" in raw):   # whole numbers only
            return orjson.loads(b'["' + raw[1:-1].replace(b",", b'","') + b'"]')
    return ["" if v is None else v if v.__class__ is str else render(v) for v in column]


def _shown_in_place(part: list[list], j: int, column: tuple, render) -> None:
    """Column j of these trimmed row copies as FORMATTED_VALUE shows it, each empty cell as "" (a short row's
    missing cells, None in `column` too, are never written)."""
    if all_text(column):
        return
    try:
        raw = orjson.dumps(column)
    except TypeError:                     # an Err, an int beyond 64 bits, a lone surrogate: one by one
        raw = b"\\"
    if b"\\" not in raw:
        nulls = b"null" in raw
        nones = column.count(None) if nulls else 0     # (the count per cell is slow: only when needed)
        if raw.count(b'"') == 2 * (len(column) - nones):   # text and empty cells only: shown as they are
            if nones:
                _fill_empty(part, j, column)
            return
        if not (nulls or b'"' in raw or b"." in raw or b"e" in raw or b"E" in raw):   # whole numbers only
            deque(map(setitem, part, repeat(j), orjson.loads(b'["' + raw[1:-1].replace(b",", b'","') + b'"]')),
                  maxlen=0)
            return
    for row, v in zip(part, column, strict=True):
        if v is None:
            if j < len(row):
                row[j] = ""
        elif v.__class__ is not str:
            row[j] = render(v)


def _fill_empty(part: list[list], j: int, column: tuple) -> None:
    for row, v in zip(part, column, strict=True):
        if v is None and j < len(row):
            row[j] = ""

