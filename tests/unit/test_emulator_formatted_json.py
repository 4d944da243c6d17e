"""values.get FORMATTED_VALUE majorDimension=COLUMNS as ready-made JSON (values_json.formatted_json_columns,
issue 22): byte for byte what the step per cell (values.block, by_columns) gives where no cell has a number
format, or it steps aside (None); a read with a number format in the span never takes it."""

from __future__ import annotations

import copy

import orjson
from hypothesis import given
from hypothesis import strategies as st

from turfbook_emulator.sheets import a1, new_book, values
from turfbook_emulator.sheets.model import Err
from turfbook_emulator.sheets.values_json import BLOCK, formatted_json_columns

CELLS = st.one_of(st.none(), st.sampled_from(["a", "", "null", "x null]", "é\"\\", "[null,", "TRUE", "5"]),
                  st.integers(-5, 5), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
                  st.just(Err("#N/A")), st.just(10 ** 30))
TEXT_OR_INT = st.one_of(st.none(), st.sampled_from(["a", "b c", "", "0"]), st.integers(-3, 10 ** 12))


def _step(rows, r0, r1, c0, c1):
    sheet = new_book("t").sheets[0]
    sheet.rows = copy.deepcopy(rows)
    shown = values.block(sheet, r0, c0, r1, c1, "FORMATTED_VALUE")
    return values.by_columns(shown) if shown else shown


def _check(rows, r0, r1, c0, c1):
    kept = copy.deepcopy(rows)
    ready = formatted_json_columns(rows, r0, r1, c0, c1, values._formatted_plain)
    if ready is not None:
        assert orjson.dumps(ready) == orjson.dumps(_step(rows, r0, r1, c0, c1)), rows
        assert orjson.dumps(ready) != b"[]"
    else:                                 # nothing to show, or a text holding "null"
        assert not _step(rows, r0, r1, c0, c1) or "null" in repr(rows)
    assert rows == kept or repr(rows) == repr(kept)      # the sheet's rows are left as they were


@given(st.lists(st.lists(CELLS, max_size=6), max_size=6), st.integers(0, 3), st.integers(0, 8),
       st.integers(0, 3), st.integers(2, 8))
def test_formatted_ready_made_json_is_the_step_per_cell(rows, r0, r1, c0, width):
    _check(rows, r0, max(r0, r1), c0, c0 + width)


@given(st.lists(st.lists(TEXT_OR_INT, max_size=5), max_size=8), st.integers(0, 2), st.integers(2, 6))
def test_formatted_ready_made_json_text_and_whole_numbers(rows, c0, width):
    _check(rows, 0, len(rows), c0, c0 + width)


def test_formatted_ready_made_json_across_transposed_blocks():
    rows = ([["a", 1]] * (BLOCK + 88) + [[None, "b", None, 1, None]] * 30 + [[]] * (BLOCK * 2 + 3)
            + [["x", None, True, 2.5, None, "", "z"], [7]] + [[None, None, "y", ""]] * (BLOCK - 1) + [[]] * 9
            + [["", None, "", 3]] * 5 + [[None, ""]] * (BLOCK + 7))
    for r0, r1, c0, c1 in ((0, len(rows), 0, 26), (0, len(rows), 1, 6), (BLOCK + 100, len(rows), 0, 3),
                           (3, BLOCK + 90, 0, 9), (BLOCK + 200, 3 * BLOCK, 0, 8), (0, len(rows) - 600, 1, 5)):
        _check(rows, r0, r1, c0, c1)


def test_a_read_takes_it_only_without_number_formats():
    book = new_book("t")
    sheet = book.sheets[0]
    values.write(book, sheet, a1.parse_cells("A1"), [["a", "", 1, ""], ["c", 2.5, True], [], ["", "b", 10 ** 6]],
                 "RAW")
    wire = values.read(sheet, a1.WHOLE, "FORMATTED_VALUE", major="COLUMNS", wire=True)
    assert isinstance(wire["values"], orjson.Fragment)
    assert orjson.loads(orjson.dumps(wire)) == values.read(sheet, a1.WHOLE, "FORMATTED_VALUE", major="COLUMNS")
    assert orjson.loads(orjson.dumps(wire))["values"] == [["a", "c"], ["", "2.5", "", "b"],
                                                          ["1", "TRUE", "", "1000000"]]
    sheet.formats[(3, 2)] = {"numberFormat": {"type": "NUMBER", "pattern": "#,##0"}}
    for major in ("ROWS", "COLUMNS"):
        wire = values.read(sheet, a1.WHOLE, "FORMATTED_VALUE", major=major, wire=True)
        assert not isinstance(wire["values"], orjson.Fragment)
        assert "1,000,000" in str(wire["values"])


# columns of one kind each (as a tab's columns are): text, whole numbers, or those with a few others mixed in
_KINDS = [st.one_of(st.none(), st.sampled_from(["a", "b,c", "", "0", "1,2", "null", "[1]", "e.", "x\\y", 'q"'])),
          st.one_of(st.none(), st.integers(-10 ** 18, 2 ** 64 - 1)),
          st.one_of(st.integers(-99, 99), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
                    st.none(), st.just(Err("#REF!")), st.just("7")),
          st.one_of(st.none(), st.integers(-5, 5), st.sampled_from([float("nan"), float("inf"), 2.0, 1e20, True]))]


@given(st.lists(st.sampled_from(range(len(_KINDS))), min_size=2, max_size=5).flatmap(
    lambda kinds: st.lists(st.tuples(*(_KINDS[k] for k in kinds)).map(list), max_size=8)), st.integers(0, 1))
def test_formatted_ready_made_json_columns_of_one_kind(rows, c0):
    _check(rows, 0, len(rows), c0, 6)
