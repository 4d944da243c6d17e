"""spreadsheets.batchUpdate in the emulator: atomicity and what moves with rows."""

from __future__ import annotations

import pytest

from turfbook_emulator.errors import ApiError
from turfbook_emulator.sheets import a1, new_book, requests, values


def _book(rows):
    book = new_book("t")
    values.write(book, book.sheets[0], a1.parse_cells("A1"), rows, "USER_ENTERED")
    values.recalc(book)
    return book


def _values(book, text="Sheet1"):
    sheet, span = values.resolve(book, text)
    return values.read(sheet, span).get("values", [])


def test_a_failing_request_leaves_the_book_untouched():
    book = _book([["a"], ["b"]])
    before = book.sheets[0]
    with pytest.raises(ApiError, match=r"Invalid requests\[2\]\.deleteSheet: No grid with id: 99"):
        requests.apply(book, [
            {"updateCells": {"rows": [{"values": [{"userEnteredValue": {"stringValue": "changed"}}]}],
                             "fields": "userEnteredValue", "start": {"sheetId": 0, "rowIndex": 0}}},
            {"insertDimension": {"range": {"sheetId": 0, "dimension": "ROWS", "startIndex": 0, "endIndex": 1}}},
            {"deleteSheet": {"sheetId": 99}},
        ])
    assert book.sheets[0] is before
    assert _values(book) == [["a"], ["b"]]
    assert before.row_count == 1000


def test_replies_align_with_requests():
    book = _book([["a"]])
    new, replies = requests.apply(book, [
        {"addSheet": {"properties": {"title": "Two"}}},
        {"updateSpreadsheetProperties": {"properties": {"title": "Renamed"}, "fields": "title"}},
        {"addNamedRange": {"namedRange": {"name": "First", "range": {"sheetId": 0, "endRowIndex": 1}}}},
    ])
    assert list(replies[0]) == ["addSheet"] and replies[1] == {} and list(replies[2]) == ["addNamedRange"]
    assert new.title == "Renamed" and book.title == "t"
    assert [s.title for s in new.sheets] == ["Sheet1", "Two"]


def test_sort_moves_formulas_and_notes_with_their_rows():
    book = _book([["n", "double"], ["3", "=A2*2"], ["1", "=A3*2"], ["2", "=A4*2"]])
    book.sheets[0].notes[(2, 0)] = "one"
    new, _ = requests.apply(book, [{"sortRange": {
        "range": {"sheetId": 0, "startRowIndex": 1, "endRowIndex": 4, "startColumnIndex": 0, "endColumnIndex": 2},
        "sortSpecs": [{"dimensionIndex": 0, "sortOrder": "ASCENDING"}]}}])
    assert _values(new, "A2:B4") == [["1", "2"], ["2", "4"], ["3", "6"]]
    assert new.sheets[0].notes == {(1, 0): "one"}
    assert new.sheets[0].formulas[(1, 1)] == "=A2*2"  # relative references move with the row


def test_delete_dimension_shifts_layers_protection_and_conditional_ranges():
    book = _book([["h"], ["1"], ["2"], ["3"]])
    new, _ = requests.apply(book, [
        {"setDataValidation": {"range": {"sheetId": 0, "startRowIndex": 2, "endRowIndex": 4},
                               "rule": {"condition": {"type": "BOOLEAN"}}}},
        {"addProtectedRange": {"protectedRange": {"range": {"sheetId": 0, "startRowIndex": 3, "endRowIndex": 4},
                                                  "warningOnly": True}}},
        {"addConditionalFormatRule": {"rule": {"ranges": [{"sheetId": 0, "startRowIndex": 1, "endRowIndex": 2}],
                                               "booleanRule": {"condition": {"type": "NOT_BLANK"},
                                                               "format": {"backgroundColor": {"red": 1}}}}}},
        {"deleteDimension": {"range": {"sheetId": 0, "dimension": "ROWS", "startIndex": 1, "endIndex": 2}}},
    ])
    sheet = new.sheets[0]
    assert _values(new) == [["h"], ["2"], ["3"]]
    assert sheet.validation_layers[0][:2] == (1, 3)
    assert sheet.protected_ranges[0]["range"]["startRowIndex"] == 2
    assert sheet.conditional_formats == []  # its only row is gone
    assert sheet.row_count == 999


def test_bad_and_empty_requests():
    book = _book([])
    with pytest.raises(ApiError) as caught:  # every kind is served now (issue 18); a table needs its range
        requests.apply(book, [{"addTable": {"table": {}}}])
    assert caught.value.code == 400 and "requests[0].addTable" in caught.value.message
    with pytest.raises(ApiError, match="No request set"):
        requests.apply(book, [{}])


def test_grid_range_past_the_grid_is_rejected():
    book = _book([])
    with pytest.raises(ApiError, match="exceeds grid limits"):
        requests.apply(book, [{"repeatCell": {"range": {"sheetId": 0, "endRowIndex": 1001},
                                              "cell": {"note": "x"}, "fields": "note"}}])


@pytest.mark.parametrize("text, expected", [
    ("=A1+A5", "=A1+A7"),
    ("=SUM(A2:A9)", "=SUM(A2:A11)"),
    ("=$B$7*2", "=$B$9*2"),
    ('="A5"&A5', '="A5"&A7'),
    ("=Other!A5+People!A5", "=Other!A5+People!A7"),
    ("=LOG10(A5)", "=LOG10(A7)"),
])
def test_formula_references_follow_inserted_rows(text, expected):
    from turfbook_emulator.sheets.conditions import move_refs
    from turfbook_emulator.sheets.dims import _point_insert

    assert move_refs(text, "People", "ROWS", lambda i: _point_insert(i, 3, 2)) == expected


def test_formulas_follow_deleted_rows_and_columns():
    book = _book([["1", "=A1*2"], ["2", "=SUM(A1:A3)"], ["3", "=A2"]])
    new, _ = requests.apply(book, [
        {"deleteDimension": {"range": {"sheetId": 0, "dimension": "ROWS", "startIndex": 1, "endIndex": 2}}},
        {"insertDimension": {"range": {"sheetId": 0, "dimension": "COLUMNS", "startIndex": 0, "endIndex": 1}}},
    ])
    assert new.sheets[0].formulas == {(0, 2): "=B1*2", (1, 2): "=#REF!"}
    assert _values(new, "B1:C2") == [["1", "2"], ["3", "#REF!"]]


def test_state_survives_a_pickle_round_trip():
    import pickle

    book = _book([["11/21/2026", "=NOSUCH()", "=A1+1"], ["x", 5, True]])
    new, _ = requests.apply(book, [{"addNamedRange": {"namedRange": {"name": "N", "range": {"sheetId": 0}}}}])
    again = pickle.loads(pickle.dumps(new, protocol=pickle.HIGHEST_PROTOCOL))  # noqa: S301 - our own bytes
    assert _values(again) == _values(new) == [["11/21/2026", "#NAME?", "11/22/2026"], ["x", "5", "TRUE"]]
    assert again.sheets[0].formulas == new.sheets[0].formulas
    assert again.named_ranges[0]["name"] == "N"


def test_formulas_follow_a_renamed_tab():
    book = _book([["1"]])
    new, _ = requests.apply(book, [
        {"addSheet": {"properties": {"sheetId": 7, "title": "Totals"}}},
        {"updateCells": {"rows": [{"values": [{"userEnteredValue": {"formulaValue": '=Sheet1!A1+1&"Sheet1!"'}}]}],
                         "fields": "userEnteredValue", "start": {"sheetId": 7}}},
        {"updateSheetProperties": {"properties": {"sheetId": 0, "title": "My data"}, "fields": "title"}},
    ])
    assert new.sheet_by_id(7).formulas[(0, 0)] == "='My data'!A1+1&\"Sheet1!\""
    assert _values(new, "Totals!A1") == [["2Sheet1!"]]
