"""emu22h: inside ARRAYFORMULA a function call another formula of the sheet evaluated in the same
recalculation (same text, same row, every range it read still the very same read) is reused
(formula.py `_Parser.shared`, recalc.py `lookup.memo`): the tab's header formulas share all but their last
VLOOKUP. Values, arrays and each formula's kept reads must be those of every formula evaluated alone, after
a full and after a scoped recalculation: formulas sharing calls, one reading another's array before and
after it is written (the reuse must see the new cells), the same text on another row (ROW()), random
data and random writes."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from turfbook_emulator.sheets import fresh as fresh_book
from turfbook_emulator.sheets import mark_stale, new_book, recalc
from turfbook_emulator.sheets.model import Sheet

_V = '"n"'
FORMULAS = {
    (0, 2): "=ARRAYFORMULA(IFERROR(LEN(D:D)*2,0))",                      # reads D before D1 writes it
    (0, 3): f"=ARRAYFORMULA(IF(A:A=\"\",,IFERROR(VLOOKUP(A:A,T!A:B,2,FALSE),{_V})))",
    (0, 4): "=ARRAYFORMULA(IF(A:A=\"\",,IFERROR(VLOOKUP(A:A,T!A:B,2,FALSE),\"m\")))",
    (0, 6): "=ARRAYFORMULA(IFERROR(LEN(D:D)*3,0))",                      # the same LEN(D:D), after D1
    (0, 7): "=ARRAYFORMULA(IF(ROW(A:A)=ROW(),\"top\",EXACT(VLOOKUP(A:A,T!A:A,1,TRUE),A:A)))",
    (1, 8): "=ARRAYFORMULA(IF(ROW(A2:A)=ROW(),\"top\",EXACT(VLOOKUP(A2:A,T!A:A,1,TRUE),A2:A)))",
    (2, 9): "=ARRAYFORMULA(IF(ROW(A2:A)=ROW(),\"top\",EXACT(VLOOKUP(A2:A,T!A:A,1,TRUE),A2:A)))",
}
_KEY = st.one_of(st.sampled_from(["k1", "K1", "k2", "k3", "", "x"]), st.none(), st.sampled_from([1, 2, True]))


def _book(keys, table):
    book = new_book("t", with_sheet=False)
    rows = [[k] for k in keys]
    sheet = Sheet(sheet_id=1, title="S", row_count=len(keys) + 2, col_count=12, rows=rows)
    sheet.formulas.update(FORMULAS)
    book.sheets += [sheet, Sheet(sheet_id=2, title="T", row_count=len(table) + 2, col_count=2,
                                 rows=[list(t) for t in table])]
    return book


def _both(book, step):
    """The book after `step(book)` with shared calls and without (each a copy)."""
    out = []
    for share in (True, False):
        twin = copy.deepcopy(book)
        recalc.SHARE = share
        recalc._KEPT.clear()
        try:
            step(twin)
        finally:
            recalc.SHARE = True
        out.append(twin)
    return out


def _shown(book):
    return [s.rows for s in book.sheets], book.__dict__.get("deps")


@settings(max_examples=80, deadline=None)
@given(st.lists(_KEY, min_size=1, max_size=8), st.lists(st.tuples(_KEY, _KEY), max_size=6),
       st.lists(st.tuples(st.sampled_from([(1, 0), (1, 3), (2, 0), (2, 1)]), st.integers(0, 7), _KEY),
                max_size=4))
def test_shared_calls_give_what_each_formula_alone_gives(keys, table, writes):
    shared, alone = _both(_book(keys, table), recalc.recalc)
    assert _shown(shared) == _shown(alone)
    for (sid, c), r, value in writes:
        def write(book, sid=sid, c=c, r=r, value=value):
            sheet = book.sheet_by_id(sid)
            regions = [(sid, r, c, r + 1, c + 1)]
            regions += recalc.unspill_over(book, regions)
            if r < sheet.row_count:
                sheet.set_value(r, c, value)
            mark_stale(book, regions)
            fresh_book(book)
        shared, alone = _both(shared, write)
        assert _shown(shared) == _shown(alone)
