"""values.get FORMATTED_VALUE majorDimension=ROWS as ready-made JSON (values_rows_json.formatted_json_rows,
issue 22): byte for byte what the step per cell (values.block) gives where no cell has a number format, or
it steps aside (None); a read with a number format in the span never takes it."""

from __future__ import annotations

import copy

import orjson
from hypothesis import given
from hypothesis import strategies as st

from turfbook_emulator import jsonwire
from turfbook_emulator.sheets import a1, new_book, values
from turfbook_emulator.sheets.model import Err
from turfbook_emulator.sheets.values_json import BLOCK
from turfbook_emulator.sheets.values_rows_json import formatted_json_rows

CELLS = st.one_of(st.none(), st.sampled_from(["a", "", "null", "x null]", "é\"\\", "[null,", "TRUE", "5", "\null",
                                              "n\\ull", "1,2", "e."]),
                  st.integers(-5, 5), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
                  st.just(Err("#N/A")), st.just(10 ** 30), st.just(2 ** 64 - 1), st.just(-(2 ** 63)))
# columns of one kind each (as a tab's columns are): text, whole numbers, or those with a few others mixed in
_KINDS = [st.one_of(st.none(), st.sampled_from(["a", "b,c", "", "0", "1,2", "null", "[1]", "e.", "x\\y", 'q"'])),
          st.one_of(st.none(), st.integers(-10 ** 18, 2 ** 64 - 1)),
          st.integers(-10 ** 18, 2 ** 64 - 1),
          st.sampled_from(["a", "b c", "", "0", "Ana", "2026-11-21"]),
          st.one_of(st.integers(-99, 99), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
                    st.none(), st.just(Err("#REF!")), st.just("7")),
          st.one_of(st.none(), st.integers(-5, 5), st.sampled_from([float("nan"), float("inf"), 2.0, 1e20, True]))]


def _step(rows, r0, r1, c0, c1):
    sheet = new_book("t").sheets[0]
    sheet.rows = copy.deepcopy(rows)
    return values.block(sheet, r0, c0, r1, c1, "FORMATTED_VALUE")


def _check(rows, r0, r1, c0, c1):
    kept = copy.deepcopy(rows)
    ready = formatted_json_rows(rows, r0, r1, c0, c1, values._formatted_plain)
    if ready is not None:
        assert orjson.dumps(ready) == orjson.dumps(_step(rows, r0, r1, c0, c1)), rows
        assert orjson.dumps(ready) != b"[]"
    else:                                 # nothing to show
        assert not _step(rows, r0, r1, c0, c1), rows
    assert rows == kept or repr(rows) == repr(kept)      # the sheet's rows are left as they were


@given(st.lists(st.lists(CELLS, max_size=6), max_size=6), st.integers(0, 3), st.integers(0, 8),
       st.integers(0, 3), st.integers(2, 8))
def test_formatted_rows_ready_made_json_is_the_step_per_cell(rows, r0, r1, c0, width):
    _check(rows, r0, max(r0, r1), c0, c0 + width)


@given(st.lists(st.sampled_from(range(len(_KINDS))), min_size=2, max_size=5).flatmap(
    lambda kinds: st.lists(st.tuples(*(_KINDS[k] for k in kinds)).map(list), max_size=8)),
    st.integers(0, 1), st.integers(2, 6), st.lists(st.integers(0, 7), max_size=3))
def test_formatted_rows_ready_made_json_columns_of_one_kind(rows, c0, width, shortened):
    for i in shortened:                   # a row's tail never written, or trailing empty cells
        if i < len(rows):
            rows[i] = rows[i][:i % 3] if i % 2 else rows[i] + [None] * (i % 3)
    _check(rows, 0, len(rows), c0, c0 + width)


def test_formatted_rows_ready_made_json_across_blocks():
    rows = ([["a", 1, "x", 46000]] * (BLOCK + 88) + [[None, "b", None, 1, None]] * 30 + [[]] * (BLOCK * 2 + 3)
            + [["x", None, True, 2.5, None, "", "z"], [7]] + [[None, None, "y", ""]] * (BLOCK - 1) + [[]] * 9
            + [["", None, "", 3]] * 5 + [[None, ""]] * (BLOCK + 7) + [[None, 5, None]] * 3 + [[]] * 4)
    for r0, r1, c0, c1 in ((0, len(rows), 0, 26), (0, len(rows), 1, 6), (BLOCK + 100, len(rows), 0, 3),
                           (3, BLOCK + 90, 0, 9), (BLOCK + 200, 3 * BLOCK, 0, 8), (0, len(rows) - 600, 1, 5),
                           (0, BLOCK + 88, 1, 2 + 1), (0, BLOCK + 88, 3, 5)):
        _check(rows, r0, r1, c0, c1)


def _sheet(rows, option="RAW"):
    book = new_book("t")
    sheet = book.sheets[0]
    values.write(book, sheet, a1.parse_cells("A1"), rows, option)
    return book, sheet


def test_a_rows_read_takes_it_only_without_number_formats():
    book, sheet = _sheet([["a", "", 1, ""], ["c", 2.5, True], [], ["", "b", 10 ** 6], [None, None]])
    sheet.set_value(4, 1, Err("#DIV/0!"))
    wire = values.read(sheet, a1.WHOLE, "FORMATTED_VALUE", wire=True)
    assert isinstance(wire["values"], orjson.Fragment)
    assert jsonwire.dumps(wire) == jsonwire.dumps(values.read(sheet, a1.WHOLE, "FORMATTED_VALUE"))
    assert orjson.loads(jsonwire.dumps(wire))["values"] == [["a", "", "1"], ["c", "2.5", "TRUE"], [],
                                                           ["", "b", "1000000"], ["", "#DIV/0!"]]
    for text in ("B2:C9", "A2:B", "C1:D4", "A4:Z4", "Sheet1!B:C"):
        span = values.resolve(book, text)[1]
        assert (jsonwire.dumps(values.read(sheet, span, "FORMATTED_VALUE", wire=True))
                == jsonwire.dumps(values.read(sheet, span, "FORMATTED_VALUE"))), text
    sheet.formats[(3, 2)] = {"numberFormat": {"type": "NUMBER", "pattern": "#,##0"}}
    wire = values.read(sheet, a1.WHOLE, "FORMATTED_VALUE", wire=True)
    assert not isinstance(wire["values"], orjson.Fragment)
    assert "1,000,000" in str(wire["values"])


def test_a_rows_read_of_formulas_dates_and_odd_texts_is_the_step_per_cell():
    book, sheet = _sheet([["Name", "Due", "Sum", "Note"], ["Ana", "2026-11-21", "=1+2", "null"],
                          ["Bea", "11/21/2026", "=A2&\"x\"", "a\\b"], ["Cy", "=DATE(2026,11,21)", "=1/0", "=TRUE"]],
                         "USER_ENTERED")
    for text in ("A1:D4", "A1:C4", "B2:C4", "A1:D3"):
        sheet, span = values.resolve(book, text)
        values.recalc(book)
        assert (jsonwire.dumps(values.read(sheet, span, "FORMATTED_VALUE", wire=True))
                == jsonwire.dumps(values.read(sheet, span, "FORMATTED_VALUE"))), text
    assert sheet.rows[3][3] is True and isinstance(sheet.rows[3][2], Err) and sheet.rows[1][2] == 3


def test_a_text_orjson_cannot_encode_takes_the_step_per_cell():
    rows = [["a", 1], ["\ud800", 2]]
    assert formatted_json_rows(rows, 0, 2, 0, 2, values._formatted_plain) is None
    assert formatted_json_rows(rows, 0, 1, 0, 2, values._formatted_plain) is not None
