"""values.get's answers as ready-made JSON (issue 22): a big block's rows, or its columns with
majorDimension=COLUMNS, encoded by orjson in C with no Python step per cell, byte for byte what the step
per cell (values._plain_rows, by_columns) gives; None where that cannot be promised."""

from __future__ import annotations

from functools import partial
from itertools import repeat
from operator import itemgetter

import orjson

from turfbook_emulator.sheets.values_columns_json import BLOCK, columns_json, joined  # noqa: F401 - BLOCK: the name tests use


def plain_json(src: list[list], r0: int, r1: int, c0: int, c1: int) -> orjson.Fragment | None:
    """Exactly orjson.dumps(_plain_rows(...)), as an orjson.Fragment, without a Python step per cell
    (issue 22: values.get of 100k x 20 is the path of every job and test): the rows are encoded as
    stored, then each `null` (an empty cell) becomes `""`. That is exact only when every `null` in
    the text is an empty cell; the count says so (a string holding "null" or a NaN makes it differ).
    None, for the step per cell (_plain_rows), when it does not apply: an error value in the block
    (orjson cannot encode Err), nothing to show, or the counts differ.

    A BLOCK of rows at a time (emu23a): each block's rows sliced (only when the span does not hold them
    whole), encoded and freed while in the CPU's cache (the whole span's slices at once cost ~1.6x), and
    its rows ending empty told by their last cells rather than by searching the answer for `null]`."""
    end = shown_end(src, r0, r1, c0, c1)
    parts = []
    for start in range(r0, end, BLOCK):
        rows = src[start:min(start + BLOCK, end)]         # a new outer list: trimming it leaves the sheet alone
        if c0 or max(map(len, rows)) > c1:
            rows = [row[c0:c1] for row in rows]
        if ends_blank(rows):                              # a row ending in an empty cell or an empty text ("",
            rows = [_trimmed(row) if row and _blank(row[-1]) else row for row in rows]    # =""): left out
        try:
            payload = orjson.dumps(rows)
        except TypeError:                 # an Err, an int beyond 64 bits: the step per cell
            return None
        nulls = payload.count(b"null")
        if nulls:
            if nulls != sum(map(list.count, rows, repeat(None))):
                return None
            payload = payload.replace(b"null", b'""')
        parts.append(payload)
    return orjson.Fragment(joined(parts)) if parts else None


def shown_end(src: list[list], r0: int, r1: int, c0: int, c1: int) -> int:
    """One past the span's last row with a cell that is not empty (None or ""): the rows after it are left out;
    r0 when there is none."""
    end = min(r1, len(src))
    while end > r0:
        row = src[end - 1]
        cells = row[c0:c1] if c0 or len(row) > c1 else row
        if len(cells) != cells.count(None) + cells.count(""):
            break
        end -= 1
    return max(end, r0)


def all_text(cells) -> bool:
    """Whether every cell is a text: str.join takes nothing else and fails at the first other cell (emu23a:
    ~1/3 of the time of a column's JSON and the counts in it that told a column of text before)."""
    try:
        "".join(cells)
    except TypeError:
        return False
    return True


def ends_blank(rows: list) -> bool:
    """Whether one of the rows is empty or ends with an empty cell (None or "")."""
    try:
        lasts = list(map(itemgetter(-1), rows))
    except IndexError:
        return True
    return None in lasts or "" in lasts


def plain_json_columns(src: list[list], r0: int, r1: int, c0: int, c1: int) -> orjson.Fragment | None:
    """plain_json for majorDimension=COLUMNS: exactly what read() gives by its step per cell (each column
    from the span's top, its trailing empty cells left out; an empty column in between as [], trailing
    empty columns left out), encoded a block of rows at a time (values_columns_json). None when plain_json's
    conditions fail.

    Only a part whose JSON holds `null` has its empty cells counted and its `null`s replaced (most of a tab's
    columns have no empty cell)."""
    return columns_json(src, r0, r1, c0, c1, _column_json)


def _column_json(column: list) -> bytes | None:
    """One column's JSON, each empty cell (None) as "", or None when it cannot be encoded so (an Err, a huge
    int: the step per cell; a string holding "null")."""
    try:
        part = orjson.dumps(column)
    except TypeError:
        return None
    if all_text(column):                  # no empty cell: no `null` to look for
        return part
    nulls = part.count(b"null")
    if nulls:
        if nulls != column.count(None):
            return None
        part = part.replace(b"null", b'""')
    return part


_TEXT_ONLY = frozenset({str, type(None)})


def formatted_json_columns(src: list[list], r0: int, r1: int, c0: int, c1: int, render) -> orjson.Fragment | None:
    """plain_json_columns for FORMATTED_VALUE where no cell of the span has a number format: what block() and
    by_columns give (each column's trailing empty cells, None or "", left out)."""
    return columns_json(src, r0, r1, c0, c1, partial(_formatted_part, render=render))


def _formatted_part(column: tuple, render) -> bytes | None:
    """A part of a column as FORMATTED_VALUE shows it, empty cells as "" (None when it cannot be encoded so)."""
    part = _plain_part(column)
    if part is None:                      # another kind of cell, or a text needing care: rendered in Python
        part = _column_json(_rendered(column, render))
    return part


def _plain_part(column: list) -> bytes | None:
    """A column of text and empty cells, or of whole numbers and empty cells, as FORMATTED_VALUE shows it
    (empty as ""), told apart by the column's own JSON rather than a type per cell (issue 22: the type per
    cell was ~90 of the ~340 ms of 100k x 20); None for any other (rendered cell by cell).

    With no backslash in the JSON, each text is exactly two `"`: the count of `"` says whether every cell
    that is not empty is a text. A JSON with no `"` at all, no `.` and no `e`/`E` holds whole numbers and
    `null`s only (a float is written with `.` or `e`, true/false hold `e`): each of them quoted is the
    whole number's str(), `"null"` then the empty cell. Text alone is told first by all_text (emu23a)."""
    try:
        raw = orjson.dumps(column)
    except TypeError:                     # an Err, an int beyond 64 bits, a lone surrogate
        return None
    if all_text(column):
        return raw
    if b"\\" in raw:
        return None
    nulls = raw.count(b"null")
    nones = column.count(None) if nulls else 0        # each empty cell is a `null` (the count per cell is slow)
    quotes = raw.count(b'"')
    if quotes == 2 * (len(column) - nones):           # text and empty cells only
        if nulls != nones:                            # a text holding "null"
            return None
        return raw.replace(b"null", b'""') if nones else raw
    if quotes or b"." in raw or b"e" in raw or b"E" in raw or nulls != nones:   # NaN is a `null` too
        return None
    quoted = b'["' + raw[1:-1].replace(b",", b'","') + b'"]'
    return quoted.replace(b'"null"', b'""') if nones else quoted


def _rendered(column: list, render) -> list:
    """A column's cells as FORMATTED_VALUE shows them with no number format, empty cells kept as None; the
    very list when every cell is text or empty."""
    kinds = set(map(type, column))
    if kinds <= _TEXT_ONLY:
        return column
    if kinds == {int}:                    # type(True) is bool: no boolean here
        return list(map(str, column))
    return [v if v is None or v.__class__ is str else render(v) for v in column]


def _blank(v) -> bool:
    """An empty cell (None) or an empty text ("", a formula's =""): left out at the end of a row or column,
    as Google leaves out "empty trailing rows and columns" ("" is how its API writes an empty cell)."""
    return v is None or v == ""


def _trimmed(row: list) -> list:
    row = row[:]
    while row and _blank(row[-1]):
        row.pop()
    return row


def by_columns(rows: list[list]) -> list[list]:
    """Rendered rows as majorDimension=COLUMNS gives them: each column's trailing empty cells left out, an
    empty column in between as [], trailing empty columns left out."""
    width = max(len(row) for row in rows)
    cols = [_trim_cells([row[j] if j < len(row) else "" for row in rows]) for j in range(width)]
    while cols and not cols[-1]:
        cols.pop()
    return cols


def _trim_cells(values: list) -> list:
    n = len(values)
    while n and _blank(values[n - 1]):
        n -= 1
    return values[:n]
