"""emu22h: a column's cells read in C (spill._column, used by recalc._area and spill._first_filled) must be
what the per-row reads they replace gave: rows shorter than the column (None there), None and "" as empty,
0, False and errors as content."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from turfbook_emulator.sheets import recalc, spill
from turfbook_emulator.sheets.model import Err, Sheet

_CELL = st.one_of(st.none(), st.sampled_from(["", "x", " ", 0, 0.0, False, True, 1.5, Err("#N/A", "n")]))
_ROWS = st.lists(st.lists(_CELL, max_size=4), max_size=12)


def _first_filled_before(rows, r, c, h):
    """spill._first_filled's column case as it was (one row at a time)."""
    return next((i for i, row in enumerate(rows[r + 1:r + h], start=r + 1)
                 if c < len(row) and row[c] is not None and row[c] != ""), None)


@settings(max_examples=300, deadline=None)
@given(_ROWS, st.integers(0, 5), st.integers(0, 4), st.integers(1, 16))
def test_a_column_read_in_c_is_the_per_row_read(rows, r, c, h):
    assert list(recalc._area(rows, r, r + h, c, c + 1)) == [
        row[c] if c < len(row) else None for row in rows[r:r + h]] + [None] * (h - len(rows[r:r + h]))
    sheet = Sheet(sheet_id=1, title="S", row_count=40, col_count=8, rows=[list(row) for row in rows])
    found = spill._first_filled(sheet, r, c, h, 1)
    before = _first_filled_before(rows, r, c, h)
    assert found == (None if before is None else (before, c))
