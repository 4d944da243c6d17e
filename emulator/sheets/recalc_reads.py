"""Recalculation for a read (issue 22): a values.get/batchGet recalculates only the formulas whose values
the ranges it reads may show, and leaves the book stale for the others (the next reader that needs them
recalculates them, as `sheets.fresh` does).

A formula's value, and the array it spills, can only land in the cells at or below and right of it, on its
own sheet. So a read of a range needs the formulas of its sheet at or above and left of the range's far
corner, and, in turn, every formula that could land in a range those read (kept by recalc.py: each
formula's reads as its last evaluation asked for them). This works sheet by sheet: a needed sheet has
every formula recalculated (arrays of one sheet may block each other), with the same passes and the
same values as the book's full recalculation would give them; the other sheets' formulas keep their
values and their place in the stale list. Anything not known (a formula never evaluated, a write that
may have changed anything) recalculates the whole book, as before.
"""

from __future__ import annotations

from turfbook_emulator.sheets import fresh
from turfbook_emulator.sheets.model import Book


def fresh_for(book: Book, reads: list[tuple]) -> Book:
    """The book with every formula a read of `reads` [(sheetId, r0, c0, r1, c1)] may show current."""
    stale = book.__dict__.get("stale")
    if not stale:
        return book
    deps = book.__dict__.get("deps")
    if stale is True or deps is None or any(record[3] for record in deps.values()):
        return fresh(book)      # a volatile formula (NOW, TODAY): once per change for the whole book, as Google
    needed = sheets_needed(book, reads)
    if needed is None or needed == {s.sheet_id for s in book.sheets if s.formulas}:
        return fresh(book)
    if not needed:
        return book
    from turfbook_emulator.sheets.recalc import recalc

    regions = recalc(book, stale, needed)
    if regions is None:                         # recalculated whole after all (arrays overlapping)
        del book.__dict__["stale"]
        return book
    book.__dict__["stale"] = regions            # the areas it changed too: what the others may read
    after = sheets_needed(book, reads)          # what the formulas read now (INDIRECT may read elsewhere)
    if after is None or not after <= needed:
        return fresh(book)
    return book


def sheets_needed(book: Book, reads: list[tuple]) -> set | None:
    """The sheets whose formulas a read of `reads` may show, directly or through what they read; None when
    a formula there has no kept reads (never evaluated, or changed since)."""
    deps = book.__dict__.get("deps") or {}
    by_id = {sheet.sheet_id: sheet for sheet in book.sheets if sheet.formulas}
    needed: set = set()
    todo = list(reads)
    while todo:
        sid, r0, c0, r1, c1 = todo.pop()
        sheet = by_id.get(sid)
        if sheet is None or sid in needed or not any(r < r1 and c < c1 for r, c in sheet.formulas):
            continue
        needed.add(sid)
        for (r, c), text in sheet.formulas.items():
            record = deps.get((sid, r, c))
            if record is None or record[0] != text:
                return None
            todo.extend(record[1])
    return needed
