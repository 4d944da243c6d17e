"""A formula's kept value is reused only when every cell it read is the same value OF THE SAME CLASS (found by
emu22l's test against a recalculation from scratch): `==` takes TRUE, 1 and 1.0 for one another, so a lookup key
retyped from 1 to TRUE kept a stale answer where a full recalculation finds the nearest key. After every write of
any sequence, each sheet's cells (values and their classes) must be those of a full recalculation from scratch."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from turfbook_emulator.sheets import fresh as fresh_book
from turfbook_emulator.sheets import mark_stale, new_book, recalc
from turfbook_emulator.sheets.model import Sheet

_HEADER = ('=ARRAYFORMULA(IF(ROW(A:A)=1,"Status",IF(A:A="",,IFERROR(IF(EXACT(VLOOKUP(A:A,T!A:A,1,TRUE),A:A),'
           'VLOOKUP(A:A,T!A:C,{n},TRUE),),))))')
FORMULAS = {
    (0, 2): _HEADER.format(n=2),
    (0, 3): _HEADER.format(n=3),
    (0, 4): '=ARRAYFORMULA(IF(A:A="",,IFERROR(VLOOKUP(A:A,T!A:C,2,FALSE),"none")))',
    (0, 5): "=ARRAYFORMULA(IFERROR(VLOOKUP(A:A,T!A:B,2),LEN(B:B)))",
    (1, 6): '=ARRAYFORMULA(IF(ROW(A2:A)=ROW(A2),"top",VLOOKUP(A2:A,T!A2:C9,3,0)&B2:B))',
}
_KEY = st.one_of(st.sampled_from(["k1", "K1", "k2", "k3", "k10", "", "x"]), st.none(),
                 st.sampled_from([1, 1.0, 2, True, False]))
_VALUE = st.one_of(st.sampled_from(["a", "b", "", "OVERDUE 3d", "1"]), st.none(), st.sampled_from([1, 1.0, True]))
ROWS = 9


def _book(keys, table):
    book = new_book("t", with_sheet=False)
    book.sheets += [Sheet(sheet_id=1, title="S", row_count=ROWS, col_count=8, rows=[[k, v] for k, v in keys]),
                    Sheet(sheet_id=2, title="T", row_count=ROWS, col_count=3, rows=[list(t) for t in table])]
    book.sheets[0].formulas.update(FORMULAS)
    return book


def _strict(book):
    """Every cell as (class, value), and each sheet's arrays."""
    return [([[(v.__class__.__name__, repr(v)) for v in row] for row in s.rows], s.__dict__.get("spills"))
            for s in book.sheets]


def _from_scratch(book):
    """The same cells recalculated whole with nothing kept."""
    twin = copy.deepcopy(book)
    kept = recalc._KEPT.copy()
    recalc._KEPT.clear()
    try:
        recalc.unspill(twin)
        recalc.recalc(twin)
    finally:
        recalc._KEPT.clear()
        recalc._KEPT.update(kept)
    return _strict(twin)


_CELL = st.one_of(st.tuples(st.just(2), st.integers(0, ROWS - 1), st.integers(0, 2), st.one_of(_KEY, _VALUE)),
                  st.tuples(st.just(1), st.integers(0, ROWS - 1), st.integers(0, 1), st.one_of(_KEY, _VALUE)))


def _write(book, cells):
    """One values write of a few cells, then a read."""
    regions = [(sid, r, c, r + 1, c + 1) for sid, r, c, _ in cells]
    regions += recalc.unspill_over(book, regions)
    for sid, r, c, value in cells:
        book.sheet_by_id(sid).set_value(r, c, value)
    mark_stale(book, regions)
    fresh_book(book)


@settings(max_examples=120, deadline=None)
@given(st.lists(st.tuples(_KEY, _VALUE), min_size=2, max_size=ROWS),
       st.lists(st.tuples(_KEY, _VALUE, _VALUE), max_size=ROWS),
       st.lists(st.lists(_CELL, min_size=1, max_size=4), min_size=1, max_size=5))
def test_kept_values_give_a_full_recalculation(keys, table, writes):
    recalc._KEPT.clear()
    book = _book(keys, table)
    recalc.recalc(book)
    assert _strict(book) == _from_scratch(book)
    for cells in writes:
        _write(book, cells)
        assert _strict(book) == _from_scratch(book)


def test_a_key_retyped_from_1_to_true_is_looked_up_again():
    recalc._KEPT.clear()
    book = _book([("ID", ""), (1, "")], [(1, "one", ""), (True, "yes", "")])
    recalc.recalc(book)
    _write(book, [(1, 1, 0, True)])
    assert _strict(book) == _from_scratch(book)
