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


@settings(max_examples=400, deadline=None)
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


@settings(max_examples=200, deadline=None)
@given(STORED, _blocks(PLAIN), st.integers(0, 3))
def test_raw_plain_rectangles_from_column_a(stored, values, r0):
    sheet = Sheet(sheet_id=0, title="T", row_count=50, col_count=20)
    sheet.rows = copy.deepcopy(stored)
    want_rows, want_formulas = copy.deepcopy(stored), {}
    _reference(want_rows, want_formulas, r0, 0, copy.deepcopy(values))
    put(sheet, r0, 0, copy.deepcopy(values), "RAW")
    assert sheet.rows == want_rows
    assert [list(map(type, r)) for r in sheet.rows] == [list(map(type, r)) for r in want_rows]


def _reference_put(sheet, r0, c0, values, input_option, locale=None, kinds=None):
    assert input_option == "RAW"
    _reference(sheet.own_rows(), sheet.formulas, r0, c0, values)


def _outcome(stored: list, text: str, values: list, formula: bool, put_step=None) -> tuple:
    from turfbook_emulator.apis import sheets_values
    from turfbook_emulator.errors import ApiError
    from turfbook_emulator.sheets import new_book, values_write

    book = new_book("t")
    sheet = book.sheets[0]
    sheet.row_count, sheet.col_count = 8, 6
    sheet.rows = copy.deepcopy(stored)
    if formula:
        sheet.formulas[(0, 0)] = "=1"
    original = values_write.put
    if put_step is not None:
        values_write.put = put_step
    try:
        result = sheets_values._write_all(book, [(text, {"values": copy.deepcopy(values)})], "RAW")
    except ApiError as exc:
        return "error", exc.code, str(exc)
    finally:
        values_write.put = original
    return result, sheet.rows, sheet.formulas


@settings(max_examples=300, deadline=None)
@given(STORED, _blocks(st.one_of(PLAIN, CELLS)),
       st.sampled_from(["Sheet1!A1", "Sheet1!A2:C3", "Sheet1!B1:D", "Sheet1!A3:F8", "Sheet1!C5", "Sheet1!A:B",
                        "Sheet1!A1:A1", "Sheet1!E7:F8", "Sheet1"]), st.booleans())
def test_raw_update_answers_and_errors_as_each_cell_written(stored, values, text, formula):
    """Through the handler's write step: the same answer (updated range, rows, cells) or the same error
    (too many rows or columns for the range, past the grid), and the same stored cells."""
    assert _outcome(stored, text, values, formula) == _outcome(stored, text, values, formula, _reference_put)
