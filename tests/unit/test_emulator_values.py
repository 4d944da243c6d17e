"""Value input (USER_ENTERED vs RAW), number formats and rendering in the emulator's Sheets."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from turfbook_emulator.sheets import a1, formula, new_book, numfmt, values
from turfbook_emulator.sheets.inputs import parse_user_entered
from turfbook_emulator.sheets.model import Err

NOV21 = 46347


@pytest.mark.parametrize("typed, value, kind", [
    ("42", 42, None),
    ("-3.5", -3.5, None),
    ("1,234", 1234, "NUMBER"),
    ("1,234.50", 1234.5, "NUMBER"),
    ("50%", 0.5, "PERCENT"),
    ("$1,234.56", 1234.56, "CURRENCY"),
    ("1e3", 1000, "SCIENTIFIC"),
    ("TRUE", True, None),
    ("false", False, None),
    ("11/21/2026", NOV21, "DATE"),
    ("2026-11-21", NOV21, "DATE"),
    ("2026/11/21", NOV21, "DATE"),
    ("Nov 21, 2026", NOV21, "DATE"),
    ("November 21 2026", NOV21, "DATE"),
    ("21 Nov 2026", NOV21, "DATE"),
    ("11/21/2026 18:00", NOV21 + 0.75, "DATE_TIME"),
    ("11/21/2026 6:00 PM", NOV21 + 0.75, "DATE_TIME"),
    ("12:00", 0.5, "TIME"),
    ("'007", "007", None),
    ("13/45/2026", "13/45/2026", None),
    ("P-000123", "P-000123", None),
    ("860-555-0100", "860-555-0100", None),
    ("hello", "hello", None),
])
def test_user_entered(typed, value, kind):
    got, fmt, text = parse_user_entered(typed)
    assert text is None
    assert got == value and type(got) is type(value)
    assert (fmt or {}).get("type") == kind


def test_formulas_only_with_user_entered():
    assert parse_user_entered("=A1+1") == (None, None, "=A1+1")
    assert parse_user_entered("") == (None, None, None)
    assert parse_user_entered(5) == (5, None, None)


@pytest.mark.parametrize("value, fmt, shown", [
    (NOV21, {"type": "DATE", "pattern": "M/d/yyyy"}, "11/21/2026"),
    (NOV21, {"type": "DATE", "pattern": "yyyy-mm-dd"}, "2026-11-21"),
    (NOV21, {"type": "DATE", "pattern": "mmm d, yyyy"}, "Nov 21, 2026"),
    (NOV21, {"type": "DATE", "pattern": "dddd d mmmm"}, "Saturday 21 November"),
    (NOV21 + 0.75, {"type": "DATE_TIME", "pattern": "M/d/yyyy H:mm:ss"}, "11/21/2026 18:00:00"),
    (0.75, {"type": "TIME", "pattern": "h:mm am/pm"}, "6:00 pm"),
    (0.5, {"type": "PERCENT", "pattern": "0%"}, "50%"),
    (0.125, {"type": "PERCENT", "pattern": "0.00%"}, "12.50%"),
    (1234.5, {"type": "NUMBER", "pattern": "#,##0.00"}, "1,234.50"),
    (1234, {"type": "NUMBER", "pattern": "#,##0"}, "1,234"),
    (-5, {"type": "CURRENCY", "pattern": '"$"#,##0.00'}, "-$5.00"),
    (3, {"type": "NUMBER", "pattern": "000"}, "003"),
    (7, None, "7"),
    (0.1 + 0.2, None, "0.3"),
    (1 / 3, None, "0.3333333333"),
])
def test_render(value, fmt, shown):
    assert numfmt.render(value, fmt) == shown


@given(st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2200, 1, 1)))
def test_serial_dates_round_trip(day):
    serial = numfmt.to_serial(day)
    assert numfmt.from_serial(serial).date() == day
    assert parse_user_entered(day.strftime("%m/%d/%Y"))[0] == serial
    assert parse_user_entered(day.isoformat())[0] == serial


@given(st.integers(min_value=-10**12, max_value=10**12))
def test_integers_survive_user_entered(n):
    assert parse_user_entered(str(n)) == (n, None, None)


def _sheet():
    book = new_book("t")
    return book, book.sheets[0]


def test_write_and_read_render_options():
    book, sheet = _sheet()
    span = a1.parse_cells("A1")
    values.write(book, sheet, span, [["11/21/2026", "=A1+1", "x", True, 2.5]], "USER_ENTERED")
    values.recalc(book)
    read = values.read(sheet, a1.parse_cells("A1:E1"))
    assert read["values"] == [["11/21/2026", "11/22/2026", "x", "TRUE", "2.5"]]
    raw = values.read(sheet, a1.parse_cells("A1:E1"), "UNFORMATTED_VALUE")
    assert raw["values"] == [[NOV21, NOV21 + 1, "x", True, 2.5]]
    strings = values.read(sheet, a1.parse_cells("A1:B1"), "UNFORMATTED_VALUE", "FORMATTED_STRING")
    assert strings["values"] == [["11/21/2026", "11/22/2026"]]
    formulas = values.read(sheet, a1.parse_cells("A1:B1"), "FORMULA")
    assert formulas["values"] == [[NOV21, "=A1+1"]]


def test_raw_keeps_text_and_empty_string_clears():
    book, sheet = _sheet()
    values.write(book, sheet, a1.parse_cells("A1"), [["=IMPORTXML(1)", "11/21/2026", "x"]], "RAW")
    values.write(book, sheet, a1.parse_cells("C1"), [[""]], "RAW")
    assert values.read(sheet, a1.parse_cells("A1:C1"))["values"] == [["=IMPORTXML(1)", "11/21/2026"]]
    assert sheet.formulas == {}


def test_null_leaves_a_cell_alone_and_trailing_empties_are_trimmed():
    book, sheet = _sheet()
    values.write(book, sheet, a1.parse_cells("A1"), [["a", "b"], ["c", "d"]], "RAW")
    values.write(book, sheet, a1.parse_cells("A1"), [[None, ""], [None, None]], "RAW")
    assert values.read(sheet, a1.WHOLE)["values"] == [["a"], ["c", "d"]]
    values.clear(sheet, a1.parse_cells("A1:D2"))
    assert "values" not in values.read(sheet, a1.WHOLE)


def test_columns_major_dimension():
    book, sheet = _sheet()
    values.write(book, sheet, a1.parse_cells("A1"), [["a", "b"], ["c"]], "RAW", major="COLUMNS")
    assert values.read(sheet, a1.WHOLE)["values"] == [["a", "c"], ["b"]]
    assert values.read(sheet, a1.WHOLE, major="COLUMNS")["values"] == [["a", "b"], ["c"]]


def test_writing_past_a_bounded_range_is_an_error():
    book, sheet = _sheet()
    with pytest.raises(Exception, match="Requested writing within range"):
        values.write(book, sheet, a1.parse_cells("A1:B1"), [["a", "b", "c"]], "RAW", range_text="Sheet1!A1:B1")


@pytest.mark.parametrize("text, expected", [
    ("=1+2*3", 7), ("=(1+2)*3", 9), ("=2^10", 1024), ('="a"&"b"', "ab"), ("=10/4", 2.5),
    ("=IF(1>2,\"y\",\"n\")", "n"), ("=SUM(1,2,3)", 6), ("=50%", 0.5), ("=-2+5", 3), ("=LEN(\"abc\")", 3),
])
def test_formula_arithmetic(text, expected):
    assert formula.evaluate(text, lambda name, span: [[None]]) == expected


@pytest.mark.parametrize("text, code", [
    ("=NOSUCH(1)", "#NAME?"), ("=1/0", "#DIV/0!"), ("=1+", "#ERROR!"), ('=1+"x"', "#VALUE!"),
])
def test_formula_errors(text, code):
    result = formula.evaluate(text, lambda name, span: [[None]])
    assert isinstance(result, Err) and result.code == code


def test_append_table_runs_past_a_one_row_range_and_stops_at_a_gap():
    book, sheet = _sheet()
    values.write(book, sheet, a1.parse_cells("B1"), [["h1", "h2", "h3"], ["a", "b"], ["c", "", "d"], [], ["x"]],
                 "RAW")
    assert values.find_table(sheet, a1.parse_cells("A1:D1")) == (0, 1, 3, 4)
    assert values.find_table(sheet, a1.parse_cells("B1")) == (0, 1, 3, 4)
    assert values.find_table(sheet, a1.parse_cells("A4:D9")) == (4, 1, 5, 2)
    assert values.find_table(sheet, a1.parse_cells("F1:F9")) is None
    assert values.find_table(sheet, a1.parse_cells("A1")) is None  # gspread's insert_cols appends here


def test_clearing_whole_rows_drops_values_and_formulas():
    book, sheet = _sheet()
    values.write(book, sheet, a1.parse_cells("A1"), [["a", "=1+1"], ["b"], ["c"]], "USER_ENTERED")
    values.clear(sheet, a1.parse_cells("1:2"))
    assert values.read(sheet, a1.WHOLE)["values"] == [[], [], ["c"]]
    assert sheet.formulas == {}
    values.clear(sheet, a1.WHOLE)
    assert sheet.rows == []


def test_whole_floats_come_back_as_integers():
    book, sheet = _sheet()
    values.write(book, sheet, a1.parse_cells("A1"), [[5.0, 2.5, -0.0]], "RAW")
    raw = values.read(sheet, a1.WHOLE, "UNFORMATTED_VALUE")["values"]
    assert raw == [[5, 2.5, 0]] and type(raw[0][0]) is int


@pytest.mark.parametrize("locale, typed, value, pattern", [
    ("es_ES", "3,5", 3.5, None),
    ("es_ES", "1.234,5", 1234.5, "#,##0.00"),
    ("de_DE", "-0,25", -0.25, None),
    ("de_DE", "21.11.2026", NOV21, "d.M.yyyy"),
    ("de_DE", "WAHR", True, None),
    ("es_ES", "21/11/2026", NOV21, "d/M/yyyy"),
    ("es_ES", "21-11-2026 18:00", NOV21 + 0.75, "d/M/yyyy H:mm:ss"),
    ("es_ES", "11/21/2026", "11/21/2026", None),  # no month 21: text, as typed
    ("es_ES", "verdadero", True, None),
    ("es_ES", "2026-11-21", NOV21, "yyyy-mm-dd"),  # ISO reads the same everywhere
    ("es_US", "21/11/2026", NOV21, "d/M/yyyy"),  # CLDR: es_US is day first with a decimal point
    ("es_US", "3.5", 3.5, None),
    ("en_GB", "21/11/2026", NOV21, "d/M/yyyy"),
    ("en_US", "3,5", "3,5", None),
    ("fr_FR", "P-000123", "P-000123", None),
    ("es_ES", "=SUM(A1:A2)", None, None),
])
def test_user_entered_follows_the_spreadsheet_locale(locale, typed, value, pattern):
    got, fmt, text = parse_user_entered(typed, locale)
    assert got == value and type(got) is type(value)
    assert (fmt or {}).get("pattern") == pattern
    assert text == (typed if typed.startswith("=") else None)


def test_a_spanish_spreadsheet_reads_typed_values_the_spanish_way():
    book = new_book("t")
    book.locale = "es_ES"
    values.write(book, book.sheets[0], a1.parse_cells("A1"), [["3,5", "21/11/2026", "texto"]], "USER_ENTERED")
    sheet, span = values.resolve(book, "Sheet1!A1:C1")
    assert values.read(sheet, span, "UNFORMATTED_VALUE")["values"] == [[3.5, NOV21, "texto"]]


CELLS = st.one_of(st.none(), st.sampled_from(["a", "null", "x null]", "é\"\\", "[null,"]), st.integers(-5, 5),
                  st.floats(allow_nan=True, allow_infinity=True), st.booleans(), st.just(Err("#N/A")),
                  st.just(10 ** 30))


@given(st.lists(st.lists(CELLS, max_size=6), max_size=6), st.integers(0, 3), st.integers(0, 8),
       st.integers(0, 3), st.integers(2, 8))
def test_ready_made_json_is_exactly_the_rows_encoded(rows, r0, r1, c0, width):
    """values.get's ready-made JSON (plain_json, issue 22) is byte for byte the encoding of what the step
    per cell gives, or it steps aside (None) and that step answers."""
    import orjson

    ready = values.plain_json(rows, r0, max(r0, r1), c0, c0 + width)
    if ready is not None:
        assert orjson.dumps(ready) == orjson.dumps(values._plain_rows(rows, r0, max(r0, r1), c0, c0 + width))
        assert orjson.dumps(ready) != b"[]"


@given(st.lists(st.lists(CELLS, max_size=6), max_size=6), st.integers(0, 3), st.integers(0, 8),
       st.integers(0, 3), st.integers(2, 8))
def test_ready_made_columns_json_is_exactly_the_columns_encoded(rows, r0, r1, c0, width):
    """majorDimension=COLUMNS's ready-made JSON (plain_json_columns, issue 22) is byte for byte the encoding of
    the step per cell's columns, or it steps aside (None)."""
    import orjson

    ready = values.plain_json_columns(rows, r0, max(r0, r1), c0, c0 + width)
    if ready is not None:
        plain = values._plain_rows(rows, r0, max(r0, r1), c0, c0 + width)
        assert orjson.dumps(ready) == orjson.dumps(values.by_columns(plain))
        assert orjson.dumps(ready) != b"[]"


def test_ready_made_columns_json_across_transposed_blocks():
    """plain_json_columns transposes values_json.BLOCK rows at a time: blocks of different widths (a column
    first met in a later block, a block of empty rows, a column whose cells end in an earlier block) give
    what the step per cell gives."""
    import orjson

    from turfbook_emulator.sheets.values_json import BLOCK

    rows = ([["a"]] * (BLOCK + 88) + [[None, "b", None, 1, None]] * 30 + [[]] * (BLOCK * 2 + 3)
            + [["x", None, None, None, None, None, "z"], [7]] + [[None, None, "y"]] * (BLOCK - 1) + [[]] * 9)
    for r0, r1, c0, c1 in ((0, len(rows), 0, 26), (0, len(rows), 1, 6), (BLOCK + 100, len(rows), 0, 3),
                           (3, BLOCK + 90, 0, 9), (BLOCK + 200, 3 * BLOCK, 0, 8)):
        ready, plain = values.plain_json_columns(rows, r0, r1, c0, c1), values._plain_rows(rows, r0, r1, c0, c1)
        assert orjson.dumps(ready) == orjson.dumps(values.by_columns(plain) if plain else None), (r0, r1, c0, c1)


def test_columns_read_as_sheets_gives_them():
    """majorDimension=COLUMNS: each column from the range's top, its trailing empty cells left out; an empty
    column in between as []; trailing empty columns left out; the ready-made JSON and the step per cell agree."""
    import orjson

    book = new_book("t")
    sheet = book.sheets[0]
    values.write(book, sheet, a1.parse_cells("A1"), [["a", "", "", 1, ""], ["c", "", "", 2], [], ["", "", "", "", ""],
                                                    ["", "b"]], "RAW")
    step = values.read(sheet, a1.WHOLE, "UNFORMATTED_VALUE", major="COLUMNS")
    wire = values.read(sheet, a1.WHOLE, "UNFORMATTED_VALUE", major="COLUMNS", wire=True)
    assert isinstance(wire["values"], orjson.Fragment)
    assert step["values"] == [["a", "c"], ["", "", "", "", "b"], [], [1, 2]]
    assert orjson.loads(orjson.dumps(wire)) == step
    sheet.set_value(1, 0, Err("#N/A"))                        # an error value: the step per cell
    assert values.read(sheet, a1.WHOLE, "UNFORMATTED_VALUE", major="COLUMNS", wire=True)["values"][0] == ["a", "#N/A"]


def test_ready_made_json_in_a_read_and_its_limits():
    import orjson

    book = new_book("t")
    sheet = book.sheets[0]
    values.write(book, sheet, a1.parse_cells("A1"), [["a", "", 1, ""], ["c", 2], [], ["", "b"]], "RAW")
    wire = values.read(sheet, a1.WHOLE, "UNFORMATTED_VALUE", wire=True)
    assert isinstance(wire["values"], orjson.Fragment)
    assert orjson.loads(orjson.dumps(wire)) == values.read(sheet, a1.WHOLE, "UNFORMATTED_VALUE")
    assert orjson.loads(orjson.dumps(wire))["values"] == [["a", "", 1], ["c", 2], [], ["", "b"]]
    sheet.set_value(1, 0, "null")                             # text "null": the counts differ, the step per cell
    assert values.read(sheet, a1.WHOLE, "UNFORMATTED_VALUE", wire=True)["values"][1] == ["null", 2]
    sheet.set_value(1, 0, Err("#N/A"))                        # an error value: the step per cell
    assert values.read(sheet, a1.WHOLE, "UNFORMATTED_VALUE", wire=True)["values"][1] == ["#N/A", 2]
    assert (orjson.loads(orjson.dumps(values.read(sheet, a1.WHOLE, "FORMATTED_VALUE", wire=True)))
            == values.read(sheet, a1.WHOLE, "FORMATTED_VALUE"))  # FORMATTED: values_rows_json, its own tests


_CELL = st.one_of(st.sampled_from(["", "a", "0"]), st.integers(-3, 3), st.booleans())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_CELL, max_size=4), max_size=5), st.lists(st.lists(_CELL, max_size=4), max_size=5),
       st.integers(0, 2))
def test_raw_whole_rows_land_as_cell_by_cell(old, new, r0):
    """values.update of whole RAW rows (one comprehension, the body's own lists, issue 22) stores what a
    write cell by cell stores: "" an empty cell, an empty row or a shorter one leaves the rest as it was."""
    from turfbook_emulator.sheets.values_write import put

    sheet = new_book("t").sheets[0]
    put(sheet, 0, 0, [list(r) for r in old], "RAW")
    expected = [[None if v == "" and v.__class__ is str else v for v in r] for r in old]
    for i, row in enumerate(new):
        while len(expected) <= r0 + i:
            expected.append([])
        target = expected[r0 + i]
        target.extend([None] * (len(row) - len(target)))
        for j, v in enumerate(row):
            target[j] = None if v.__class__ is str and v == "" else v
    put(sheet, r0, 0, [list(r) for r in new], "RAW")
    got = [[(type(v), v) for v in r] for r in sheet.rows]
    assert got[:len(expected)] == [[(type(v), v) for v in r] for r in expected]
    assert all(not r for r in sheet.rows[len(expected):])
