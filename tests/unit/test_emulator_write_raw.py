"""values.update RAW's quick store (issue 22, emu22k) gives what the step per cell gives: random blocks
(text, "", whole numbers, booleans, floats, null, nested lists; rectangles and ragged rows; from column A
or further right) over random stored rows with or without formulas, and the errors of a write through
the values API the same as before."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from turfbook_emulator.sheets.model import Sheet
from turfbook_emulator.sheets.values import put

CELLS = st.one_of(st.sampled_from(["", "", "a", "=SUM(A1:A2)", "null", "'x"]), st.integers(-3, 3), st.booleans(),
                  st.sampled_from([2.0, -0.5, 1e300, 3.25]), st.none(), st.just(["x"]))
PLAIN = st.one_of(st.sampled_from(["", "", "a", "=1+1", "b c"]), st.integers(-3, 3), st.booleans())
STORED = st.lists(st.lists(st.one_of(st.none(), st.sampled_from(["old", ""]), st.integers(0, 9)), max_size=7),
                  max_size=6)


def _whole(v):
    return int(v) if v.is_integer() and abs(v) < 2**53 else v


def _reference(rows: list, formulas: dict, r0: int, c0: int, values: list) -> None:
    """RAW written one cell at a time: null leaves a cell, "" empties it, a whole float is an int."""
    while len(rows) < r0 + len(values):
        rows.append([])
    for i, new in enumerate(values):
        if not new:
            continue
        row = rows[r0 + i]
        row.extend([None] * (c0 + len(new) - len(row)))
        for j, v in enumerate(new):
            if v is None:
                continue
            formulas.pop((r0 + i, c0 + j), None)
            row[c0 + j] = (v or None) if v.__class__ is str else _whole(v) if v.__class__ is float else v


def _blocks(cells):
    width = st.integers(0, 6)
    ragged = st.lists(st.lists(cells, max_size=6), max_size=6)
    rect = width.flatmap(lambda w: st.lists(st.lists(cells, min_size=w, max_size=w), max_size=6))
    return st.one_of(ragged, rect)


@settings(max_examples=400)
@given(STORED, _blocks(st.one_of(PLAIN, CELLS)), st.integers(0, 3), st.sampled_from([0, 0, 1, 3]),
       st.booleans())
def test_raw_put_as_each_cell_written(stored, values, r0, c0, with_formula):
    sheet = Sheet(sheet_id=0, title="T", row_count=50, col_count=20)
    sheet.rows = copy.deepcopy(stored)
    if with_formula:
        sheet.formulas[(r0, c0)] = "=1"
    want_rows, want_formulas = copy.deepcopy(stored), dict(sheet.formulas)
    _reference(want_rows, want_formulas, r0, c0, copy.deepcopy(values))
    put(sheet, r0, c0, copy.deepcopy(values), "RAW")
    assert sheet.rows == want_rows
    assert [list(map(type, r)) for r in sheet.rows] == [list(map(type, r)) for r in want_rows]
    assert sheet.formulas == want_formulas


@settings(max_examples=200)
@given(STORED, _blocks(PLAIN), st.integers(0, 3))
def test_raw_plain_rectangles_from_column_a(stored, values, r0):
    sheet = Sheet(sheet_id=0, title="T", row_count=50, col_count=20)
    sheet.rows = copy.deepcopy(stored)
    want_rows, want_formulas = copy.deepcopy(stored), {}
    _reference(want_rows, want_formulas, r0, 0, copy.deepcopy(values))
    put(sheet, r0, 0, copy.deepcopy(values), "RAW")
    assert sheet.rows == want_rows
    assert [list(map(type, r)) for r in sheet.rows] == [list(map(type, r)) for r in want_rows]
