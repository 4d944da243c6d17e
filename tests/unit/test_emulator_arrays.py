"""Array formulas in the emulator, against Google's documented behaviour.

Sources (support.google.com/docs): ARRAYFORMULA (answer 3093275: "enables the display of values
returned from an array formula into multiple rows and/or columns and the use of non-array
functions with arrays"); VLOOKUP/HLOOKUP is_sorted (answer 3093318 / 3093375: "If is_sorted is
TRUE or omitted, the nearest match (less than or equal to the search key) is returned. If all
values ... are greater than the search key, #N/A is returned ... If is_sorted is FALSE, only an
exact match is returned ... #N/A is returned if no such value is found"); and the #REF! error
Sheets shows when an array would cover a typed cell ("Array result was not expanded because it
would overwrite data in B7.").
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from turfbook_emulator.sheets import a1, arrays, functions, lookups, new_book, requests, values
from turfbook_emulator.sheets.model import Err


def _book(rows, title="Conversations"):
    book = new_book("t")
    sheet = book.sheets[0]
    sheet.title = title
    values.write(book, sheet, a1.parse_cells("A1"), rows, "USER_ENTERED")
    values.recalc(book)
    return book, sheet


def _add(book, title, rows):
    book, _ = requests.apply(book, [{"addSheet": {"properties": {"title": title}}}])
    sheet = book.sheet_by_title(title)
    values.write(book, sheet, a1.parse_cells("A1"), rows, "USER_ENTERED")
    values.recalc(book)
    return book


def _column(sheet, letter, n, render="FORMATTED_VALUE"):
    got = values.read(sheet, a1.parse_cells(f"{letter}1:{letter}{n}"), render).get("values", [])
    return [r[0] if r else "" for r in got] + [""] * (n - len(got))


HEADER = ("=ARRAYFORMULA(IF(ROW(A:A)=1,\"Status\",IF(A:A=\"\",,IFERROR(IF(VLOOKUP(A:A,'_S'!A:A,1,TRUE)=A:A,"
          "VLOOKUP(A:A,'_S'!A:B,2,TRUE),),))))")


def _workbook():
    book, sheet = _book([["ID", "Status", "Notes"], ["C-3", "", "n3"], ["C-1", "", "n1"], ["", "", "blank id"],
                         ["C-9", "", "n9"], ["C-2", "", "n2"]])
    book = _add(book, "_S", [["ID", "Status"], ["C-1", "done"], ["C-2", "OVERDUE 3d"], ["C-3", ""], ["C-5", "x"]])
    sheet = book.sheet_by_title("Conversations")
    values.unspill(book)
    values.write(book, sheet, a1.parse_cells("B1"), [[HEADER]], "USER_ENTERED")
    values.recalc(book)
    return book, sheet


def test_arrayformula_vlookup_fills_each_row_from_its_own_id():
    book, sheet = _workbook()
    assert _column(sheet, "B", 6) == ["Status", "", "done", "", "", "OVERDUE 3d"]
    assert values.read(sheet, a1.parse_cells("B1"), "FORMULA")["values"] == [[HEADER]]
    assert len(_column(sheet, "B", sheet.row_count)) == sheet.row_count  # the array reaches the last row


def test_sorted_vlookup_gives_nearest_smaller_and_na_below_the_first():
    book, sheet = _book([["=VLOOKUP(\"C-4\",D1:E3,2,TRUE)", "=VLOOKUP(\"A\",D1:E3,2)",
                          "=VLOOKUP(\"c-2\",D1:E3,2,FALSE)", "C-1", "one"],
                         ["", "", "=VLOOKUP(\"C-4\",D1:E3,2,FALSE)", "C-2", "two"],
                         ["", "", "", "C-3", "three"]])
    assert sheet.value(0, 0) == "three"
    assert isinstance(sheet.value(0, 1), Err) and sheet.value(0, 1).code == "#N/A"
    assert sheet.value(0, 2) == "two"  # exact match ignores case, as Sheets' comparisons do
    assert sheet.value(1, 2).code == "#N/A"


def test_match_index_and_omitted_arguments():
    book, sheet = _book([["=MATCH(\"b\",D1:D3,0)", "=INDEX(D1:E3,2,2)", "=ARRAYFORMULA(IF(D1:D3=\"b\",,E1:E3))",
                          "a", 1],
                         ["=MATCH(\"bb\",D1:D3)", "=ROW(D3)", "", "b", 2], ["", "", "", "c", 3]])
    assert sheet.value(0, 0) == 2 and sheet.value(0, 1) == 2 and sheet.value(1, 0) == 2 and sheet.value(1, 1) == 3
    assert [sheet.value(r, 2) for r in range(3)] == [1, None, 3]  # an omitted argument is a blank


def test_array_literal_stacks_and_checks_widths():
    book, sheet = _book([['={"Status"; "a"; 1+1}', '={1,2;3}']])
    assert _column(sheet, "A", 3) == ["Status", "a", "2"]
    assert sheet.value(0, 1).code == "#VALUE!"


def test_typing_into_the_array_shows_ref_and_keeps_the_typed_value():
    book, sheet = _workbook()
    values.unspill(book)
    values.write(book, sheet, a1.parse_cells("B7"), [["typed"]], "RAW")
    values.recalc(book)
    err = sheet.value(0, 1)
    assert isinstance(err, Err) and err.code == "#REF!"
    assert err.message == "Array result was not expanded because it would overwrite data in B7."
    assert _column(sheet, "B", 7) == ["#REF!", "", "", "", "", "", "typed"]
    values.unspill(book)
    values.clear(sheet, a1.parse_cells("B7"))
    values.recalc(book)
    assert _column(sheet, "B", 6) == ["Status", "", "done", "", "", "OVERDUE 3d"]


def test_sort_insert_delete_and_column_moves_keep_values_on_their_rows():
    book, sheet = _workbook()
    sid = sheet.sheet_id
    ops = [{"sortRange": {"range": {"sheetId": sid, "startRowIndex": 1, "endRowIndex": 6},
                          "sortSpecs": [{"dimensionIndex": 2, "sortOrder": "DESCENDING"}]}},
           {"insertDimension": {"range": {"sheetId": sid, "dimension": "ROWS", "startIndex": 1, "endIndex": 2}}},
           {"insertDimension": {"range": {"sheetId": sid, "dimension": "COLUMNS", "startIndex": 0, "endIndex": 1}}},
           {"deleteDimension": {"range": {"sheetId": sid, "dimension": "ROWS", "startIndex": 3, "endIndex": 4}}}]
    for op in ops:
        book, _ = requests.apply(book, [op])
        sheet = book.sheet_by_title("Conversations")
        header = values.read(sheet, a1.parse_cells("1:1"))["values"][0]
        letter = {h: a1.column_letters(i) for i, h in enumerate(header)}
        ids, statuses = _column(sheet, letter["ID"], 8), _column(sheet, letter["Status"], 8)
        want = {"C-1": "done", "C-2": "OVERDUE 3d", "C-3": "", "C-9": ""}
        for i, s in zip(ids[1:], statuses[1:], strict=True):
            assert s == want.get(i, ""), (op, ids, statuses)


def test_formula_references_follow_inserted_columns():
    book, sheet = _workbook()
    book, _ = requests.apply(book, [{"insertDimension": {"range": {"sheetId": sheet.sheet_id, "dimension": "COLUMNS",
                                                                   "startIndex": 0, "endIndex": 1}}}])
    sheet = book.sheet_by_title("Conversations")
    assert "ROW(B:B)" in sheet.formulas[(0, 2)] and "VLOOKUP(B:B,'_S'!A:A" in sheet.formulas[(0, 2)]


def test_match_descending_finds_the_last_key_at_least_the_search_key():
    # MATCH(..., -1) on descending data: the smallest value >= the key (answer 3093378); computed for an
    # array of keys by bisection (issue 22), the same positions a scan per key gives
    book, sheet = _book([["=MATCH(25,D1:D5,-1)", "=MATCH(60,D1:D5,-1)", "=ARRAYFORMULA(MATCH(E1:E3,D1:D5,-1))", 50, 5],
                         ["", "", "", 40, 40], ["", "", "", 30, 31], ["", "", "", 20, ""], ["", "", "", 10, ""]])
    assert sheet.value(0, 0) == 3
    assert sheet.value(0, 1).code == "#N/A"
    assert [sheet.value(r, 2) for r in range(3)] == [5, 2, 2]


_ELEMENT = st.one_of(st.none(), st.sampled_from(["", "a", "A", "b", "TRUE", "1"]), st.integers(-2, 2),
                     st.sampled_from([0.5, 1.0]), st.booleans(), st.just(Err("#N/A", "x")))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_ELEMENT, _ELEMENT, _ELEMENT), min_size=1, max_size=8))
def test_column_forms_give_each_elements_own_value(triples):
    """The one-comprehension column forms of IF, IFERROR, ISBLANK, EXACT and the comparisons (issue 22) give
    exactly what the element function gives (errors included) for every element."""
    a, b, c = ([t[i] for t in triples] for i in range(3))
    fns = [*functions.COMPARE.values(), functions._if, functions._iferror, functions.FUNCTIONS["ISBLANK"],
           functions.FUNCTIONS["EXACT"]]
    for fn in fns:
        fast = arrays.COLUMNS[fn]
        for args in ((a,), (a, b), (a, b, c)):
            try:
                expected = [[arrays.safe(fn)(*xs)] for xs in zip(*args, strict=True)]
            except TypeError:
                continue
            try:
                got = fast(*args)
            except TypeError:
                continue
            assert isinstance(got, arrays.Col), fn        # a column's values (emu22e), not rows of one value
            assert [[(type(v), v)] for v in got] == [[(type(v), v)] for [v] in expected], (fn, args)
            with_scalar = arrays.WITH_SCALAR.get(fn)
            if with_scalar is not None and len(args) == 2:   # A:A="" / ROW(A:A)=1: the column and one value
                for v in b:
                    one = with_scalar(a, v)
                    expected = [arrays.safe(fn)(x, v) for x in a]
                    assert one is None or [(type(x), x) for x in one] == [(type(x), x) for x in expected], (fn, v)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["k1", "K2", "k3", "", None, 3, "zz"]), min_size=1, max_size=6),
       st.lists(st.sampled_from(["k1", "k2", "K3", "", None, 3, "a", Err("#N/A", "x")]), min_size=1, max_size=8),
       st.booleans())
def test_vlookup_of_a_column_equals_a_lookup_per_key(table_keys, keys, is_sorted):
    rows = [[k, f"v{i}"] for i, k in enumerate(table_keys)]
    helpers = {"scalar": functions._scalar, "num": functions._num, "truthy": functions._truthy}
    got = lookups.vlookup([[k] for k in keys], rows, 2.0, is_sorted, array_mode=True, **helpers)
    one = [[arrays.safe(lambda k: lookups.vlookup(k, rows, 2.0, is_sorted, array_mode=False, **helpers))(k)]
           for k in keys]
    assert arrays.rows(got) == one
    assert [_shown(v) for [v] in arrays.rows(got)] == [_shown(v) for [v] in one]   # an error's message too
    # the keys as a column's values and a one-column table as its values (emu22e): the same
    flat = lookups.vlookup(arrays.Col(keys), arrays.Col(table_keys), 1.0, is_sorted, array_mode=True, **helpers)
    by_key = [arrays.safe(lambda k: lookups.vlookup(k, [[t] for t in table_keys], 1.0, is_sorted, array_mode=False,
                                                    **helpers))(k) for k in keys]
    assert list(flat) == by_key
    assert [_shown(v) for v in flat] == [_shown(v) for v in by_key]


def _shown(value):
    """A value as a cell shows it: an error by its code and message (Err's == compares codes only)."""
    return (value.code, value.message) if isinstance(value, Err) else (type(value), value)
