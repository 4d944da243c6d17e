"""Array results in the sheet: expanding them into the cells below and right, and emptying those cells.

An array result (ARRAYFORMULA, `{...}`, a bare range) fills the cells below and right of its
formula, as in Sheets. Those cells hold no content of their own: `unspill` empties them before
any change (a write, sort, insert or delete works on the real cells only) and the recalc after
it expands every array again. A values write empties only the arrays covering its blocks
(`unspill_over`), and the recalc after it recomputes only the formulas that read or cover what
changed (`recalc(book, written)`, issue 22). An array that would cover a cell with content (typed there, or
another formula) is not expanded: its formula cell shows #REF! "Array result was not expanded
because it would overwrite data in B7." and the typed value stays, exactly what Sheets shows.
"""

from __future__ import annotations

from itertools import repeat
from operator import itemgetter

from turfbook_emulator.sheets.a1 import cell_name
from turfbook_emulator.sheets.arrays import Col
from turfbook_emulator.sheets.model import Book, Err, Sheet


def spills(sheet: Sheet) -> dict:
    """{formula cell: (rows, columns)} of the arrays expanded on this sheet."""
    found = sheet.__dict__.get("spills")
    if found is None:
        found = sheet.__dict__["spills"] = {}
    return found


def unspill(book: Book) -> None:
    """Empty every cell an array filled (call before changing the book; recalc refills them)."""
    for sheet in list(book.sheets):
        if not sheet.__dict__.get("spills"):
            continue
        sheet = book.writable(sheet)
        for (r, c), (h, w) in spills(sheet).items():
            clear_array(sheet, r, c, h, w)
        sheet.__dict__["spills"] = {}


def unspill_over(book: Book, regions: list) -> list:
    """Empty the cells of the arrays that cover any of `regions` [(sheetId, r0, c0, r1, c1)] (a values write's
    blocks, before it writes): the write then lands on real cells, as after `unspill`, and the other arrays
    stay expanded. Returns the areas emptied, as regions: the formulas reading them, and the arrays
    themselves, are recalculated by `recalc(book, written)`."""
    out = []
    for sid, r0, c0, r1, c1 in regions:
        sheet = book.sheet_by_id(sid)
        if sheet is None or not sheet.__dict__.get("spills"):
            continue
        hit = [(key, size) for key, size in spills(sheet).items()
               if key[0] < r1 and r0 < key[0] + size[0] and key[1] < c1 and c0 < key[1] + size[1]]
        if not hit:
            continue
        sheet = book.writable(sheet)
        for (r, c), (h, w) in hit:
            clear_array(sheet, r, c, h, w)
            del spills(sheet)[(r, c)]
            out.append((sid, r, c, r + h, c + w))
    return out


def clear_array(sheet: Sheet, r: int, c: int, h: int, w: int) -> None:
    """Empty the cells the array at (r, c) filled (its formula cell keeps its value until recalculated)."""
    if w == 1:  # a column (the header formulas): cleared in one pass over its rows
        for row in sheet.own_rows()[r + 1:r + h]:
            if c < len(row):
                row[c] = None
        return
    for rr in range(r, r + h):
        for cc in range(c, c + w):
            if (rr, cc) != (r, c):
                sheet.set_value(rr, cc, None)


def expand(sheet: Sheet, r: int, c: int, array: list[list]) -> bool:
    """Fill the array from (r, c), or put Sheets' #REF! in (r, c) when it cannot expand. `array`: rows, or
    a one-column `Col` (its values)."""
    column = isinstance(array, Col)
    h, w = len(array), 1 if column else max(len(row) for row in array)
    own = spills(sheet).pop((r, c), None)
    if own:  # recalculated again: this array's earlier cells are its own, not data in the way
        clear_array(sheet, r, c, *own)
    blocked = None
    if r + h > sheet.row_count:
        blocked = Err("#REF!", f"Result was not automatically expanded, please insert more rows "
                               f"({r + h - sheet.row_count}).")
    elif c + w > sheet.col_count:
        blocked = Err("#REF!", f"Result was not automatically expanded, please insert more columns "
                               f"({c + w - sheet.col_count}).")
    else:
        in_the_way = _first_filled(sheet, r, c, h, w)
        if in_the_way:
            blocked = Err("#REF!", f"Array result was not expanded because it would overwrite data in "
                                   f"{cell_name(*in_the_way)}.")
    if blocked:
        sheet.set_value(r, c, blocked)
        return own is not None
    rows = sheet.own_rows()
    done = 0
    if w == 1 and r < len(rows):  # a column: the rows that exist in one pass, the rest below
        done = min(h, len(rows) - r)
        _expand_column(rows, r, c, array[:done] if column else [line[0] if line else None for line in array[:done]])
    for dr, line in enumerate(([v] for v in array[done:]) if column else array[done:], start=done):
        rr = r + dr
        for dc, v in enumerate(line):
            if v is None or (dr == 0 and dc == 0):
                continue
            if v.__class__ is float and v.is_integer() and abs(v) < 2**53:
                v = int(v)
            if rr < len(rows) and c + dc < len(rows[rr]):
                rows[rr][c + dc] = v
            else:
                sheet.set_value(rr, c + dc, v)
    first = array[0] if column else array[0][0] if array[0] else None
    sheet.set_value(r, c, first)
    spills(sheet)[(r, c)] = (h, w)
    return own != (h, w)


def _expand_column(rows: list[list], r: int, c: int, values: list) -> None:
    """`expand`'s fill for a one-column array (its values) over existing rows: the same cells, without a
    call per cell (whole floats as ints, None leaves the cell as it is)."""
    for row, v in zip(rows[r + 1:r + len(values)], values[1:], strict=True):
        if v is None:
            continue
        if v.__class__ is float and v.is_integer() and abs(v) < 2**53:
            v = int(v)
        if c < len(row):
            row[c] = v
        else:
            row.extend([None] * (c - len(row)))
            row.append(v)


def _column(rows: list[list], r0: int, r1: int, c: int) -> list:
    """The cells of column c in rows r0..r1 (rows that exist), None past a short row's end: in C when every
    row reaches the column."""
    part = rows[r0:r1]
    try:
        return list(map(itemgetter(c), part))
    except IndexError:
        return [row[c] if c < len(row) else None for row in part]


def _first_filled(sheet: Sheet, r: int, c: int, h: int, w: int) -> tuple[int, int] | None:
    rows, formulas = sheet.rows, sheet.formulas
    if w == 1:  # a column: the first row with content below the formula, in one pass
        below = _column(rows, r + 1, min(r + h, len(rows)), c)
        if below.count(None) + below.count("") != len(below):  # else all empty (no value equals None or "")
            hit = next((i for i, v in enumerate(below, start=r + 1) if v is not None and v != ""), None)
            if hit is not None:
                return hit, c
    for rr in range(r, min(r + h, len(rows)) if w > 1 else r):  # (a column: done above)
        row = rows[rr]
        for cc in range(c, min(c + w, len(row))):
            if (rr, cc) != (r, c) and row[cc] is not None and row[cc] != "":
                return rr, cc
    for rr, cc in formulas:
        if r <= rr < r + h and c <= cc < c + w and (rr, cc) != (r, c):
            return rr, cc
    return None


def _last_row(rows: list[list], r0: int, c0: int, c1: int) -> int:
    """1 + the last row at or after r0 with a value in columns c0..c1 (r0 when there is none)."""
    for r in range(len(rows) - 1, r0 - 1, -1):
        row = rows[r]
        if any(v is not None for v in row[c0:c1]):
            return r + 1
    return r0


def _area(rows: list[list], r0: int, r1: int, c0: int, c1: int) -> list:
    """The cells of rows r0..r1, columns c0..c1: one column as its values (a Col, see arrays.py), else `_block`."""
    if c1 - c0 != 1:
        return _block(rows, r0, r1, c0, c1)
    out = Col(_column(rows, r0, r1, c0))
    out.extend(repeat(None, r1 - r0 - len(out)))
    return out


def _block(rows: list[list], r0: int, r1: int, c0: int, c1: int) -> list[list]:
    """The cells of rows r0..r1, columns c0..c1, padded with None to a rectangle: a slice per row, not a
    call per cell (a lookup table such as '_Turfbook Conversations'!A:C is read whole on every recalc)."""
    width = max(c1 - c0, 0)
    out = [row[c0:c1] for row in rows[r0:r1]]
    out.extend([] for _ in range(r1 - r0 - len(out)))
    for row in out:
        if len(row) < width:
            row.extend([None] * (width - len(row)))
    return out
