"""Formula recalculation after a write (every formula, or those a values write reaches), array
results expanded, and Sheets' automatic format for formula results.

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
            _clear_array(sheet, r, c, h, w)
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
            _clear_array(sheet, r, c, h, w)
            del spills(sheet)[(r, c)]
            out.append((sid, r, c, r + h, c + w))
    return out


def _clear_array(sheet: Sheet, r: int, c: int, h: int, w: int) -> None:
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


# Recalculation only when inputs changed: a formula's value is kept with the ranges it read; the next
# recalc reads those ranges again (cheap) and reuses the value when every one is equal. A formula's
# value depends only on its text, its position and what it reads (volatile functions excepted), so
# a kept value is exact, never stale. A staff edit elsewhere in a 100k-row tab then costs a re-read
# per header formula instead of a re-evaluation of every row.
_KEPT: OrderedDict = OrderedDict()
KEEP = 32
_VOLATILE = re.compile(r"\b(TODAY|NOW|RAND|RANDBETWEEN|RANDARRAY)\s*\(", re.IGNORECASE)
_MISS = object()


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


def recalc(book: Book, written: list | None = None) -> None:
    """Recompute the book's formulas in row order; more passes settle formulas that read other formulas
    further down.

    `written`: the blocks a values write changed, [(sheetId, r0, c0, r1, c1)], after `unspill_over` of them
    (issue 22). Then only the formulas that read a changed cell or whose array covers one are recomputed,
    and in turn those that read what they changed: a formula's value depends only on its text, its
    position and the cells it read (volatile functions excepted, recomputed every time), so the others'
    values are current already. Each formula's reads (sheet and range, as the evaluation asked for them:
    INDIRECT's included) and its array's area are kept in `book.__dict__["deps"]` by every recalc; a
    formula with none kept (new, changed, moved by a request) is recomputed."""
    cells = [(sheet, key, text) for sheet in book.sheets for key, text in sorted(sheet.formulas.items())]
    if not cells:
        book.__dict__.pop("deps", None)
        return
    before = book.__dict__.get("deps")
    scoped = written is not None and before is not None
    if not scoped:
        unspill(book)
    cells = [(book.writable(sheet), key, text) for sheet, key, text in cells]
    deps: dict = {}                      # (sheetId, r, c) -> (text, reads, (h, w), volatile): a new dict each time
    regions = list(written or [])        # changed blocks; a scoped recalc appends the areas it changes
    checked: dict = {}                   # (sheetId, r, c) -> regions already compared with it

    def lookup_for(sheet: Sheet, first: list, row: int, reads: list):
        seen: dict = {}  # one formula reads A:A several times: read it once

        def read(name, span, full: bool):
            key = (name, span, full)
            if key not in seen:
                seen[key] = read_range(name, span, full)
            return seen[key]

        def read_range(name, span, full: bool):
            target = sheet if name is None else book.sheet_by_title(name)
            if target is None:
                raise formula.FormulaError(Err("#REF!", f"Unresolved sheet name '{name}'."))
            r0, c0, r1, c1 = span.clip(target.row_count, target.col_count)
            r1 = min(r1, max(target.row_count, r0 + 1))    # A1:A5000 on a 1000-row tab: its cells on the grid
            reads.append((target.sheet_id, r0, c0, r1, min(c1, target.col_count)))
            if not first:
                first.append((target, r0, c0))
            if not full and span.r1 is None:  # A:A outside ARRAYFORMULA: to its last value (never to the storage's
                r1 = min(r1, max(_last_row(target.rows, r0, c0, c1), r0 + 1))   # length: no value depends on that)
            c1 = min(c1, target.col_count)
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

    def due(sid: int, r: int, c: int, text: str) -> bool:
        """Whether this formula must be recomputed now (False: its kept value is current)."""
        at = (sid, r, c)
        done = checked.get(at)
        record = deps.get(at) if done is not None else (before or {}).get(at)
        if done is None and (record is None or record[0] != text or record[3]):
            return True
        fresh = regions[done or 0:]
        checked[at] = len(regions)
        if done is None:
            deps[at] = record
        return bool(fresh) and _touches(record, sid, r, c, fresh)

    # Passes in row order until nothing changes: the first recomputes every formula (or, scoped, those
    # due), the next ones those that read a cell an earlier one changed (a formula reading one further
    # down). A circular chain stops after as many passes as there are formulas.
    for turn in range(len(cells) + 2):
        grown = len(regions)
        for sheet, (r, c), text in cells:
            sid = sheet.sheet_id
            if (scoped or turn) and not due(sid, r, c, text):
                continue
            first: list = []
            reads: list = []
            lookup = lookup_for(sheet, first, r, reads)
            key = (sid, r, c, text)
            value = _kept_value(key, lookup)
            if value is _MISS:
                value = formula.evaluate(text, lookup, spill=True)
                _keep(key, text, lookup, value)
            kept = deps.get((sid, r, c)) or (before or {}).get((sid, r, c))
            size = (1, 1)
            was = None
            if isinstance(value, list):
                size = (len(value), max(len(row) for row in value))
                h, w = (max(size[0], kept[2][0]), max(size[1], kept[2][1])) if kept else size
                was = _block(sheet.rows, r, r + h, c, c + w)
                _expand(sheet, r, c, value)
                value = sheet.value(r, c)
            elif kept and kept[2] != (1, 1):  # an array before: its cells go
                h, w = kept[2]
                was = _block(sheet.rows, r, r + h, c, c + w)
                spills(sheet).pop((r, c), None)
                _clear_array(sheet, r, c, h, w)
            if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
                value = int(value)
            if first and isinstance(value, int | float) and not isinstance(value, bool) and "-" not in text:
                _infer_format(sheet, r, c, *first[0])
            old = sheet.value(r, c)
            if old != value or type(old) is not type(value):
                sheet.set_value(r, c, value)
                if was is None:
                    regions.append((sid, r, c, r + 1, c + 1))
            if was is not None and _block(sheet.rows, r, r + h, c, c + w) != was:
                regions.append((sid, r, c, r + h, c + w))
            checked[(sid, r, c)] = len(regions)
            deps[(sid, r, c)] = (text, tuple(reads), size, bool(_VOLATILE.search(text)))
        if len(regions) == grown:
            break
    book.__dict__["deps"] = deps
    if scoped and _overlapping(book):     # arrays in each other's way: their order decides, as a full recalc does
        recalc(book)


def _touches(record, sid: int, r: int, c: int, regions: list) -> bool:
    """Whether a formula (its kept reads and array area) meets any of the regions."""
    h, w = record[2]
    for rsid, r0, c0, r1, c1 in regions:
        if rsid == sid and r0 < r + h and r < r1 and c0 < c + w and c < c1:
            return True
        for tsid, a0, b0, a1, b1 in record[1]:
            if tsid == rsid and r0 < a1 and a0 < r1 and c0 < b1 and b0 < c1:
                return True
    return False


def _overlapping(book: Book) -> bool:
    """Whether two formulas' array areas (expanded or blocked) overlap on a sheet."""
    by_sheet: dict = {}
    for (sid, r, c), record in book.__dict__.get("deps", {}).items():
        h, w = record[2]
        if h * w > 1:
            by_sheet.setdefault(sid, []).append((r, c, r + h, c + w))
    for areas in by_sheet.values():
        areas.sort()
        for i, (_r0, c0, r1, c1) in enumerate(areas):
            for q0, d0, _q1, d1 in areas[i + 1:]:
                if q0 >= r1:
                    break
                if d0 < c1 and c0 < d1:
                    return True
    return False


def _last_row(rows: list[list], r0: int, c0: int, c1: int) -> int:
    """1 + the last row at or after r0 with a value in columns c0..c1 (r0 when there is none)."""
    for r in range(len(rows) - 1, r0 - 1, -1):
        row = rows[r]
        if any(v is not None for v in row[c0:c1]):
            return r + 1
    return r0


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
    if own:  # recalculated again: this array's earlier cells are its own, not data in the way
        _clear_array(sheet, r, c, *own)
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
