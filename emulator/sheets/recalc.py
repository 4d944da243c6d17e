"""Formula recalculation after a write (every formula, or those a values write reaches), array
results expanded, and Sheets' automatic format for formula results.

Array results are expanded by spill.py.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from itertools import chain

from turfbook_emulator.sheets import formats, formula, lookups
from turfbook_emulator.sheets.arrays import Col
from turfbook_emulator.sheets.model import Book, Err, Sheet
from turfbook_emulator.sheets.numfmt import DATE_TYPES
from turfbook_emulator.sheets.spill import _area, _last_row, clear_array, expand, spills, unspill, unspill_over

__all__ = ["recalc", "spills", "unspill", "unspill_over"]


# Recalculation only when inputs changed: a formula's value is kept with the ranges it read; the next
# recalc reads those ranges again (cheap) and reuses the value when every one is equal. A formula's
# value depends only on its text, its position and what it reads (volatile functions excepted), so
# a kept value is exact, never stale. A staff edit elsewhere in a 100k-row tab then costs a re-read
# per header formula instead of a re-evaluation of every row.
_KEPT: OrderedDict = OrderedDict()
KEEP = 32
SHARE = True      # formula.py's shared sub-expressions (False: each formula evaluated alone, for the tests)
_VOLATILE = re.compile(r"\b(TODAY|NOW|RAND|RANDBETWEEN|RANDARRAY)\s*\(", re.IGNORECASE)
_MISS = object()
_UNRESOLVED = object()     # a read of a sheet that does not exist (yet): never equal to a real read


def forget() -> None:
    """Drop the values kept across recalculations, and the lookup indexes (a reset's part: an emptied emulator
    holds no earlier workbook's cells, which would only cost memory and collection time)."""
    _KEPT.clear()
    lookups.forget()


def _kept_value(key, lookup):
    entry = _KEPT.get(key)
    if entry is None:
        return _MISS
    reads, value = entry
    try:
        for (name, span, full), old in reads:
            got = lookup.read(name, span, full)
            if got != old or not same_classes(got, old):     # TRUE == 1 == 1.0 to `!=` only (emu22l)
                return _MISS
    except formula.FormulaError:
        return _MISS
    _KEPT.move_to_end(key)
    return value


def same_classes(a, b) -> bool:
    """Whether two equal reads (a Col, rows, or anything else) hold values of the same classes, cell by cell:
    `==` takes TRUE, 1 and 1.0 for one another, a formula's value does not (a key retyped from 1 to TRUE)."""
    if a.__class__ is not b.__class__:
        return False
    if isinstance(a, Col):
        return list(map(type, a)) == list(map(type, b))
    if isinstance(a, list) and a and isinstance(a[0], list):
        return list(map(type, chain.from_iterable(a))) == list(map(type, chain.from_iterable(b)))
    return True


def _keep(key, text: str, lookup, value) -> None:
    if _VOLATILE.search(text):
        return
    _KEPT[key] = (list(lookup.seen.items()), value)
    _KEPT.move_to_end(key)
    while len(_KEPT) > KEEP:
        _KEPT.popitem(last=False)


def recalc(book: Book, written: list | None = None, only: set | None = None) -> list | None:
    """Recompute the book's formulas in row order; more passes settle formulas that read other formulas
    further down.

    `written`: the blocks a values write changed, [(sheetId, r0, c0, r1, c1)], after `unspill_over` of them
    (issue 22). Then only the formulas that read a changed cell or whose array covers one are recomputed,
    and in turn those that read what they changed: a formula's value depends only on its text, its
    position and the cells it read (volatile functions excepted, recomputed every time), so the others'
    values are current already. Each formula's reads (sheet and range, as the evaluation asked for them:
    INDIRECT's included) and its array's area are kept in `book.__dict__["deps"]` by every recalc; a
    formula with none kept (new, changed, moved by a request) is recomputed.

    `only` (with `written`): recompute only the formulas of these sheets (recalc_reads.py: those a read
    needs); returns the regions, for the book to stay stale for the others, and keeps in
    `book.__dict__["settled"]` how many of them each formula was compared with (the next recalc compares
    it with the later ones only). Returns None when every formula is current."""
    settled = book.__dict__.pop("settled", None)
    cells = [(sheet, key, text) for sheet in book.sheets for key, text in sorted(sheet.formulas.items())]
    if not cells:
        book.__dict__.pop("deps", None)
        return None
    before = book.__dict__.get("deps")
    scoped = written is not None and before is not None
    if not scoped:
        unspill(book)
        only = None
    deps: dict = {}                      # (sheetId, r, c) -> (text, reads, (h, w), volatile): a new dict each time
    regions = list(written or [])        # changed blocks; a scoped recalc appends the areas it changes
    checked: dict = {}                   # (sheetId, r, c) -> regions already compared with it
    if scoped and settled:               # compared with the first regions by an earlier recalc for a read
        texts = {(sheet.sheet_id, *key): text for sheet, key, text in cells}
        for at, done in settled.items():
            record = before.get(at)
            if record is not None and record[0] == texts.get(at) and not record[3]:
                checked[at], deps[at] = done, record
    if only is not None:
        cells = [cell for cell in cells if cell[0].sheet_id in only]
    cells = [(book.writable(sheet), key, text) for sheet, key, text in cells]
    cache: dict = {}                     # (sheetId, r0, c0, r1, c1) -> cells read, until a formula writes there
    memos: dict = {}                     # sheetId -> formula.py's values of sub-expressions in arrays, per sheet

    def lookup_for(sheet: Sheet, first: list, row: int, reads: list):
        seen: dict = {}  # one formula reads A:A several times: read it once

        def read(name, span, full: bool):
            key = (name, span, full)
            if key not in seen:
                try:
                    seen[key] = read_range(name, span, full)
                except formula.FormulaError:
                    seen[key] = _UNRESOLVED    # kept as a read: a sheet of that name added later recalculates it
                    raise
            got = seen[key]
            for trace in lookup.traces:        # formula.py: what a sub-expression read, to reuse its value
                trace.append((name, span, full, got))
            if got is _UNRESOLVED:
                raise formula.FormulaError(Err("#REF!", f"Unresolved sheet name '{name}'."))
            return got

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
            at = (target.sheet_id, r0, c0, r1, c1)
            if at not in cache:  # formulas reading the same range (a staff tab's ID column) read it once
                cache[at] = _area(target.rows, r0, r1, c0, c1)
            return cache[at]

        def lookup(name, span):
            return read(name, span, False)
        lookup.full = lambda name, span: read(name, span, True)  # type: ignore[attr-defined]
        lookup.row = row  # type: ignore[attr-defined]
        lookup.read = read  # type: ignore[attr-defined]
        lookup.seen = seen  # type: ignore[attr-defined]
        lookup.traces, lookup.memo = [], memos.setdefault(sheet.sheet_id, {}) if SHARE else None  # type: ignore[attr-defined]
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
                size = (len(value), 1 if isinstance(value, Col) else max(len(row) for row in value))
                h, w = (max(size[0], kept[2][0]), max(size[1], kept[2][1])) if kept else size
                was = _area(sheet.rows, r, r + h, c, c + w)
                expand(sheet, r, c, value)
                value = sheet.value(r, c)
            elif kept and kept[2] != (1, 1) and (r, c) in spills(sheet):  # an array still out: its cells go
                h, w = kept[2]
                was = _area(sheet.rows, r, r + h, c, c + w)
                spills(sheet).pop((r, c), None)
                clear_array(sheet, r, c, h, w)
            if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
                value = int(value)
            if first and isinstance(value, int | float) and not isinstance(value, bool) and "-" not in text:
                _infer_format(sheet, r, c, *first[0])
            old = sheet.value(r, c)
            if old != value or type(old) is not type(value) or (old.__class__ is Err and old.message != value.message):
                sheet.set_value(r, c, value)
                if was is None:
                    regions.append((sid, r, c, r + 1, c + 1))
            if was is not None and _area(sheet.rows, r, r + h, c, c + w) != was:
                regions.append((sid, r, c, r + h, c + w))
            high, wide = (h, w) if was is not None else (1, 1)
            for at in [at for at in cache if at[0] == sid and at[1] < r + high and r < at[3] and at[2] < c + wide
                       and c < at[4]]:
                del cache[at]       # what this formula wrote (its cell, its array's area) is read again
            checked[(sid, r, c)] = len(regions)
            deps[(sid, r, c)] = (text, tuple(reads), size, bool(_VOLATILE.search(text)))
        if len(regions) == grown:
            break
    if only is not None:                 # the other formulas' records stay as they were
        for sheet in book.sheets:
            for key in sheet.formulas if sheet.sheet_id not in only else ():
                at = (sheet.sheet_id, *key)
                if at not in deps and at in before:
                    deps[at] = before[at]
    book.__dict__["deps"] = deps
    if scoped and _overlapping(book):     # arrays in each other's way: their order decides, as a full recalc does
        return recalc(book)
    if only is None:
        return None
    book.__dict__["settled"] = checked
    return regions


def infer_formats(book: Book, blocks: list) -> None:
    """A scoped recalculation's part for requests that changed formats only in `blocks` [(sheetId, r0, c0,
    r1, c1)]: each formula cell there gets the number format a recalc infers for its number (a full
    recalc does it for every formula), from the first cell it read (its kept reads)."""
    deps = book.__dict__.get("deps") or {}
    for sid, r0, c0, r1, c1 in blocks:
        sheet = book.sheet_by_id(sid)
        for (r, c), text in list(sheet.formulas.items()) if sheet is not None else ():
            record = deps.get((sid, r, c))
            if not (r0 <= r < r1 and c0 <= c < c1) or not record or not record[1] or "-" in text:
                continue
            value = sheet.value(r, c)
            source = book.sheet_by_id(record[1][0][0])
            if source is not None and isinstance(value, int | float) and not isinstance(value, bool):
                _infer_format(book.writable(sheet), r, c, source, record[1][0][1], record[1][0][2])


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


def _infer_format(sheet: Sheet, r: int, c: int, source: Sheet, sr: int, sc: int) -> None:
    """Like Sheets' automatic format: =A1+1 of a date shows a date."""
    fmt = formats.number_format(source, sr, sc)
    if fmt and fmt.get("type") in DATE_TYPES:
        formats.set_number_format_if_unset(sheet, r, c, fmt)
