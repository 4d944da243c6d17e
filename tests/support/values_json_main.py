"""values.get's ready-made JSON encoders as they were on main 4f8af6b (emulator/sheets/values_json.py and
values_rows_json.py before emu23a encoded a block of rows at a time): kept for the tests that compare the old
and the new encoders (tests/unit/test_emulator_blocked_json.py). Not used by the emulator."""


from __future__ import annotations

from collections import deque
from functools import partial
from itertools import islice, repeat, takewhile, zip_longest
from operator import is_, setitem

import orjson


def plain_json(src: list[list], r0: int, r1: int, c0: int, c1: int) -> orjson.Fragment | None:
    """Exactly orjson.dumps(_plain_rows(...)), as an orjson.Fragment, without a Python step per cell
    (issue 22: values.get of 100k x 20 is the path of every job and test): the rows are encoded as
    stored, then each `null` (an empty cell) becomes `""`. That is exact only when every `null` in
    the text is an empty cell; the count says so (a string holding "null" or a NaN makes it differ).
    None, for the step per cell (_plain_rows), when it does not apply: an error value in the block
    (orjson cannot encode Err), nothing to show, or the counts differ."""
    rows = src[r0:r1]                     # a new outer list: trimming it leaves the sheet alone
    if c0 or (rows and max(map(len, rows)) > c1):
        rows = [row[c0:c1] for row in rows]
    while rows and not rows[-1]:
        rows.pop()
    if not rows:
        return None
    try:
        payload = orjson.dumps(rows)
        nulls = payload.count(b"null")
        if nulls and nulls != sum(map(list.count, rows, repeat(None))):
            return None
        if b"null]" in payload or b'""]' in payload:    # a row ending in an empty cell or an empty text ("",
            rows = [_trimmed(row) if row and _blank(row[-1]) else row for row in rows]   # =""): left out
            while rows and not rows[-1]:
                rows.pop()
            if not rows:
                return None
            payload = orjson.dumps(rows)
    except TypeError:                     # an Err, an int beyond 64 bits: the step per cell
        return None
    return orjson.Fragment(payload.replace(b"null", b'""'))


def plain_json_columns(src: list[list], r0: int, r1: int, c0: int, c1: int) -> orjson.Fragment | None:
    """plain_json for majorDimension=COLUMNS: exactly what read() gives by its step per cell (each column
    from the span's top, its trailing empty cells left out; an empty column in between as [], trailing
    empty columns left out), transposed by zip_longest in C. None when plain_json's conditions fail.

    Each column is encoded on its own: only a column whose JSON holds `null` has its empty cells counted
    and its `null`s replaced (most of a tab's columns have no empty cell), and columns past the span's
    right edge are never built (islice), so no row is sliced when the span starts at column A."""
    columns = _span_columns(src, r0, r1, c0, c1, _blank_tail_trimmed)
    return _encoded(columns) if columns else None


def _span_columns(src: list[list], r0: int, r1: int, c0: int, c1: int, trim) -> list:
    """The span's columns (a row sliced only when the span does not start at column A), each trimmed by `trim`,
    the trailing empty ones left out."""
    rows = src[r0:r1]
    if c0:
        rows = [row[c0:c1] for row in rows]
    columns = [trim(column) for column in _columns(rows, c1 - c0)]
    while columns and not columns[-1]:
        columns.pop()
    return columns


def _encoded(columns: list) -> orjson.Fragment | None:
    """The columns as one JSON array, each empty cell (None) as "", or None when a column's cells cannot be
    encoded so (an Err, a huge int, a string holding "null")."""
    parts = []
    for column in columns:
        part = _column_json(column)
        if part is None:
            return None
        parts.append(part)
    return orjson.Fragment(b"[" + b",".join(parts) + b"]")


def _column_json(column: list) -> bytes | None:
    """One column's JSON, each empty cell (None) as "", or None when it cannot be encoded so (an Err, a huge
    int: the step per cell; a string holding "null")."""
    try:
        part = orjson.dumps(column)
    except TypeError:
        return None
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
    columns = _span_columns(src, r0, r1, c0, c1, _blank_tail_trimmed)
    if not columns:
        return None
    parts = []
    for column in columns:
        part = _plain_part(column)
        if part is None:                  # another kind of cell, or a text needing care: rendered in Python
            part = _column_json(_rendered(column, render))
            if part is None:
                return None
        parts.append(part)
    return orjson.Fragment(b"[" + b",".join(parts) + b"]")


def _plain_part(column: list) -> bytes | None:
    """A column of text and empty cells, or of whole numbers and empty cells, as FORMATTED_VALUE shows it
    (empty as ""), told apart by the column's own JSON rather than a type per cell (issue 22: the type per
    cell was ~90 of the ~340 ms of 100k x 20); None for any other (rendered cell by cell).

    With no backslash in the JSON, each text is exactly two `"`: the count of `"` says whether every cell
    that is not empty is a text. A JSON with no `"` at all, no `.` and no `e`/`E` holds whole numbers and
    `null`s only (a float is written with `.` or `e`, true/false hold `e`): each of them quoted is the
    whole number's str(), `"null"` then the empty cell."""
    try:
        raw = orjson.dumps(column)
    except TypeError:                     # an Err, an int beyond 64 bits
        return None
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


def _blank_tail_trimmed(column: list) -> list:
    """A column without its trailing empty cells, None (counted in C) or "" (a formula's empty text)."""
    if column and column[-1] is None:
        column = _trimmed_tail(column)
    n = len(column)
    while n and (column[n - 1] is None or column[n - 1] == ""):
        n -= 1
    return column if n == len(column) else column[:n]


BLOCK = 512            # rows transposed at a time: their lists stay in the CPU's cache for every column


def _columns(rows: list[list], width: int) -> list[list]:
    """The rows' first `width` columns, each as long as `rows`, a short row's missing cells None: what
    zip_longest(*rows) gives, in lists. Transposed a block of rows at a time, each block by zip_longest in
    C: one pass over 100k rows per column missed the cache on every row (2.5x slower at 100k x 16)."""
    columns: list[list] = []
    done = 0
    for start in range(0, len(rows), BLOCK):
        block = rows[start:start + BLOCK]
        got = 0
        for got, part in enumerate(islice(zip_longest(*block), width), 1):
            if got > len(columns):
                columns.append([None] * done)
            columns[got - 1].extend(part)
        for column in columns[got:]:
            column.extend(repeat(None, len(block)))
        done += len(block)
    return columns


_IS_NONE = partial(is_, None)


def _trimmed_tail(column: tuple | list) -> tuple | list:
    """A column's cells without its trailing empty ones (counted from the end in C)."""
    if column[-1] is not None:
        return column
    return column[:len(column) - len(list(takewhile(_IS_NONE, reversed(column))))]


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

# ----- values_rows_json.py at main 4f8af6b -----
def formatted_json_rows(src: list[list], r0: int, r1: int, c0: int, c1: int, render) -> orjson.Fragment | None:
    """block()'s rows (FORMATTED_VALUE, no number format in the span) as one orjson.Fragment; None when there
    is nothing to show or a text orjson cannot encode (a lone surrogate).

    The span's rows are copied (in C) and their trailing empty cells, then the trailing empty rows, left out
    as block() does. Each column of each BLOCK of rows is told apart by its own JSON, as in
    values_json._plain_part: a column of text (and empty cells) is left as is, one of whole numbers only gets
    their str() in C (that JSON quoted, read back), any other has its other cells rendered by `render` one by
    one; in every column an empty cell becomes "". The copies, all text then, are encoded once."""
    rows = src[r0:r1]
    sliced = c0 or (rows and max(map(len, rows)) > c1)          # (a row sliced only when it must be)
    copies = [row[c0:c1] for row in rows] if sliced else list(map(list.copy, rows))
    for row in copies:
        while row and (row[-1] is None or row[-1] == ""):     # an empty cell or text (=""), as block()
            row.pop()
    while copies and not copies[-1]:
        copies.pop()
    for start in range(0, len(copies), BLOCK):
        part = copies[start:start + BLOCK]
        for j, column in enumerate(zip_longest(*part)):
            _shown_in_place(part, j, column, render)
    try:
        return orjson.Fragment(orjson.dumps(copies)) if copies else None
    except TypeError:
        return None


def _shown_in_place(part: list[list], j: int, column: tuple, render) -> None:
    """Column j of these trimmed row copies as FORMATTED_VALUE shows it, each empty cell as "" (a short row's
    missing cells, None in `column` too, are never written)."""
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
