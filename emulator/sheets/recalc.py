"""Formula recalculation after every write, array results expanded, and Sheets' automatic format
for formula results.

An array result (ARRAYFORMULA, `{...}`, a bare range) fills the cells below and right of its
formula, as in Sheets. Those cells hold no content of their own: `unspill` empties them before
any change (a write, sort, insert or delete works on the real cells only) and the recalc after
it expands every array again. An array that would cover a cell with content (typed there, or
another formula) is not expanded: its formula cell shows #REF! "Array result was not expanded
because it would overwrite data in B7." and the typed value stays, exactly what Sheets shows.
"""

from __future__ import annotations

import re
from collections import OrderedDict

from turfbook_emulator.sheets import formats, formula
from turfbook_emulator.sheets.a1 import cell_name
from turfbook_emulator.sheets.model import Book, Err, Sheet
from turfbook_emulator.sheets.numfmt import DATE_TYPES


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
            if w == 1:  # a column (the header formulas): cleared in one pass over its rows
                for row in sheet.own_rows()[r + 1:r + h]:
                    if c < len(row):
                        row[c] = None
                continue
            for rr in range(r, r + h):
                for cc in range(c, c + w):
                    if (rr, cc) != (r, c):
                        sheet.set_value(rr, cc, None)
        sheet.__dict__["spills"] = {}


# Recalculation only when inputs changed: a formula's value is kept with the ranges it read; the next
# recalc reads those ranges again (cheap) and reuses the value when every one is equal. A formula's
# value depends only on its text, its position and what it reads (volatile functions excepted), so
# a kept value is exact, never stale. A staff edit elsewhere in a 100k-row tab then costs a re-read
# per header formula instead of a re-evaluation of every row.
_KEPT: OrderedDict = OrderedDict()
KEEP = 32
_VOLATILE = re.compile(r"\b(TODAY|NOW|RAND|RANDBETWEEN|RANDARRAY)\s*\(", re.IGNORECASE)
_MISS = object()
_UNRESOLVED = object()     # a read of a sheet that does not exist (yet): never equal to a real read


def _kept_value(key, lookup):
    entry = _KEPT.get(key)
    if entry is None:
        return _MISS
    reads, value = entry
    try:
        for (name, span, full), old in reads:
            if lookup.read(name, span, full) != old:
                return _MISS
    except formula.FormulaError:
        return _MISS
    _KEPT.move_to_end(key)
    return value


def _keep(key, text: str, lookup, value) -> None:
    if _VOLATILE.search(text):
        return
    _KEPT[key] = (list(lookup.seen.items()), value)
    _KEPT.move_to_end(key)
    while len(_KEPT) > KEEP:
        _KEPT.popitem(last=False)


def recalc(book: Book) -> None:
    """Recompute every formula in the book, in row order; a second pass settles formulas that
    read other formulas further down."""
    cells = [(sheet, key, text) for sheet in book.sheets for key, text in sorted(sheet.formulas.items())]
    if not cells:
        return
    unspill(book)
    cells = [(book.writable(sheet), key, text) for sheet, key, text in cells]
    chained = [False]

    def lookup_for(sheet: Sheet, first: list, row: int):
        seen: dict = {}  # one formula reads A:A several times: read it once

        def read(name, span, full: bool):
            key = (name, span, full)
            if key not in seen:
                try:
                    seen[key] = read_range(name, span, full)
                except formula.FormulaError:
                    seen[key] = _UNRESOLVED    # kept as a read: a sheet of that name added later recalculates it
                    raise
            if seen[key] is _UNRESOLVED:
                raise formula.FormulaError(Err("#REF!", f"Unresolved sheet name '{name}'."))
            return seen[key]

        def read_range(name, span, full: bool):
            target = sheet if name is None else book.sheet_by_title(name)
            if target is None:
                raise formula.FormulaError(Err("#REF!", f"Unresolved sheet name '{name}'."))
            r0, c0, r1, c1 = span.clip(target.row_count, target.col_count)
            if not first:
                first.append((target, r0, c0))
            if not full:
                r1 = min(r1, max(len(target.rows), r0 + 1))
            c1 = min(c1, target.col_count)
            if target.formulas and not chained[0]:
                chained[0] = any(r0 <= r < r1 and c0 <= c < c1 for r, c in target.formulas) \
                    if (r1 - r0) * (c1 - c0) > len(target.formulas) else \
                    any((r, c) in target.formulas for r in range(r0, r1) for c in range(c0, c1))
            rows = target.rows
            if c1 - c0 == 1:  # one column: the common case, read without a call per cell
                out = [[row[c0]] if c0 < len(row) else [None] for row in rows[r0:r1]]
                out.extend([None] for _ in range(r1 - r0 - len(out)))
                return out
            return _block(rows, r0, r1, c0, c1)

        def lookup(name, span):
            return read(name, span, False)
        lookup.full = lambda name, span: read(name, span, True)  # type: ignore[attr-defined]
        lookup.row = row  # type: ignore[attr-defined]
        lookup.read = read  # type: ignore[attr-defined]
        lookup.seen = seen  # type: ignore[attr-defined]
        return lookup

    for _ in range(3):
        changed = False
        for sheet, (r, c), text in cells:
            first: list = []
            lookup = lookup_for(sheet, first, r)
            key = (sheet.sheet_id, r, c, text)
            value = _kept_value(key, lookup)
            if value is _MISS:
                value = formula.evaluate(text, lookup, spill=True)
                _keep(key, text, lookup, value)
            if isinstance(value, list):
                changed |= _expand(sheet, r, c, value)
                value = sheet.value(r, c)
            if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
                value = int(value)
            if first and isinstance(value, int | float) and not isinstance(value, bool) and "-" not in text:
                _infer_format(sheet, r, c, *first[0])
            old = sheet.value(r, c)
            if old != value or type(old) is not type(value):
                sheet.set_value(r, c, value)
                changed = True
        if not changed or not chained[0]:
            break


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


def _expand(sheet: Sheet, r: int, c: int, array: list[list]) -> bool:
    """Fill the array from (r, c), or put Sheets' #REF! in (r, c) when it cannot expand."""
    h, w = len(array), max(len(row) for row in array)
    own = spills(sheet).pop((r, c), None)
    if own:  # a later pass: this array's earlier cells are its own, not data in the way
        for rr in range(r, r + own[0]):
            for cc in range(c, c + own[1]):
                if (rr, cc) != (r, c):
                    sheet.set_value(rr, cc, None)
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
        _expand_column(rows, r, c, array[:done])
    for dr, line in enumerate(array[done:], start=done):
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
    first = array[0][0] if array[0] else None
    sheet.set_value(r, c, first)
    spills(sheet)[(r, c)] = (h, w)
    return own != (h, w)


def _expand_column(rows: list[list], r: int, c: int, array: list[list]) -> None:
    """`_expand`'s fill for a one-column array over existing rows: the same cells, without a call per cell
    (whole floats as ints, None leaves the cell as it is)."""
    for row, line in zip(rows[r + 1:r + len(array)], array[1:], strict=True):
        v = line[0] if line else None
        if v is None:
            continue
        if v.__class__ is float and v.is_integer() and abs(v) < 2**53:
            v = int(v)
        if c < len(row):
            row[c] = v
        else:
            row.extend([None] * (c - len(row)))
            row.append(v)


def _first_filled(sheet: Sheet, r: int, c: int, h: int, w: int) -> tuple[int, int] | None:
    rows, formulas = sheet.rows, sheet.formulas
    if w == 1:  # a column: the first row with content below the formula, in one pass
        hit = next((i for i, row in enumerate(rows[r + 1:r + h], start=r + 1)
                    if c < len(row) and row[c] is not None and row[c] != ""), None)
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


def _infer_format(sheet: Sheet, r: int, c: int, source: Sheet, sr: int, sc: int) -> None:
    """Like Sheets' automatic format: =A1+1 of a date shows a date."""
    fmt = formats.number_format(source, sr, sc)
    if fmt and fmt.get("type") in DATE_TYPES:
        formats.set_number_format_if_unset(sheet, r, c, fmt)
