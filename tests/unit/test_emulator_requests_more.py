"""batchUpdate kinds added for issue 18: dimension groups, copyPaste, cutPaste, updateNamedRange."""

from __future__ import annotations

import pytest

from turfbook_emulator.errors import ApiError
from turfbook_emulator.sheets import a1, formats, new_book, requests, resource, values


def _book(rows):
    book = new_book("t")
    values.write(book, book.sheets[0], a1.parse_cells("A1"), rows, "USER_ENTERED")
    values.recalc(book)
    return book


def _values(book, text="Sheet1", render="FORMATTED_VALUE"):
    sheet, span = values.resolve(book, text)
    return values.read(sheet, span, render).get("values", [])


def _rows(start, end, dimension="ROWS"):
    return {"sheetId": 0, "dimension": dimension, "startIndex": start, "endIndex": end}


def _group(start, end, depth, dimension="ROWS"):
    return {"range": _rows(start, end, dimension), "depth": depth}


def test_dimension_groups_nest_unite_collapse_and_come_back_in_get():
    book = _book([])
    book, replies = requests.apply(book, [{"addDimensionGroup": {"range": _rows(2, 10)}},
                                          {"addDimensionGroup": {"range": _rows(4, 6)}},
                                          {"addDimensionGroup": {"range": _rows(0, 3, "COLUMNS")}}])
    assert replies[0] == {"addDimensionGroup": {"dimensionGroups": [_group(2, 10, 1)]}}
    assert replies[1] == {"addDimensionGroup": {"dimensionGroups": [_group(2, 10, 1), _group(4, 6, 2)]}}
    book, replies = requests.apply(book, [
        {"addDimensionGroup": {"range": _rows(8, 12)}},  # overlaps depth 1 at 8..10: it unites, 8..10 nests
        {"updateDimensionGroup": {"dimensionGroup": {**_group(4, 6, 2), "collapsed": True}, "fields": "collapsed"}},
    ])
    assert replies[0]["addDimensionGroup"]["dimensionGroups"] == [_group(2, 12, 1), _group(4, 6, 2),
                                                                  _group(8, 10, 2)]
    sheet = resource.spreadsheet(book)["sheets"][0]
    assert sheet["rowGroups"][1] == {**_group(4, 6, 2), "collapsed": True}
    assert sheet["columnGroups"] == [_group(0, 3, 1, "COLUMNS")]
    book, replies = requests.apply(book, [{"deleteDimensionGroup": {"range": _rows(0, 20)}}])
    assert replies[0]["deleteDimensionGroup"]["dimensionGroups"] == [_group(4, 6, 1), _group(8, 10, 1)]
    book, _ = requests.apply(book, [{"insertDimension": {"range": _rows(0, 2)}}])  # groups move with rows
    assert resource.spreadsheet(book)["sheets"][0]["rowGroups"] == [_group(6, 8, 1), _group(10, 12, 1)]


def test_dimension_group_errors_name_the_request():
    book = _book([])
    with pytest.raises(ApiError, match=r"requests\[0\]\.deleteDimensionGroup: No dimension group"):
        requests.apply(book, [{"deleteDimensionGroup": {"range": _rows(0, 2)}}])
    with pytest.raises(ApiError, match=r"requests\[0\]\.updateDimensionGroup: No dimension group"):
        requests.apply(book, [{"updateDimensionGroup": {"dimensionGroup": {**_group(0, 2, 1), "collapsed": True},
                                                        "fields": "collapsed"}}])
    nine = [{"addDimensionGroup": {"range": _rows(0, 2)}}] * 9
    with pytest.raises(ApiError, match="maximum group depth is 8"):
        requests.apply(book, nine)


def _grid(r0, r1, c0, c1):
    return {"sheetId": 0, "startRowIndex": r0, "endRowIndex": r1, "startColumnIndex": c0, "endColumnIndex": c1}


def test_copy_paste_tiles_moves_references_and_pastes_formats_and_validation():
    book = _book([["1", "=A1*2"], ["3", "=A2*2"]])
    rule = {"condition": {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": "1"}]}, "strict": False}
    book, _ = requests.apply(book, [
        {"repeatCell": {"range": _grid(0, 1, 0, 1), "cell": {"userEnteredFormat": {"textFormat": {"bold": True}}},
                        "fields": "userEnteredFormat.textFormat.bold"}},
        {"setDataValidation": {"range": _grid(0, 1, 0, 1), "rule": rule}},
        {"copyPaste": {"source": _grid(0, 2, 0, 2), "destination": _grid(4, 8, 0, 2)}},  # twice: 4 rows
        {"copyPaste": {"source": _grid(0, 2, 1, 2), "destination": _grid(0, 1, 5, 6), "pasteType": "PASTE_VALUES"}},
    ])
    assert _values(book, "Sheet1!A5:B8") == [["1", "2"], ["3", "6"], ["1", "2"], ["3", "6"]]
    sheet = book.sheets[0]
    assert sheet.formulas[(6, 1)] == "=A7*2"
    assert formats.cell_format(sheet, 4, 0)["textFormat"]["bold"] is True
    assert formats.validation(sheet, 6, 0) == rule and formats.validation(sheet, 5, 0) is None
    assert _values(book, "Sheet1!F1:F2") == [["2"], ["6"]]  # a smaller destination still gets it all
    assert (0, 5) not in sheet.formulas


def test_copy_paste_transpose_and_format_only():
    book = _book([["a", "b", "c"]])
    book, _ = requests.apply(book, [
        {"copyPaste": {"source": _grid(0, 1, 0, 3), "destination": _grid(2, 3, 0, 1), "pasteOrientation": "TRANSPOSE"}},
        {"copyPaste": {"source": _grid(0, 1, 0, 1), "destination": _grid(9, 10, 0, 1), "pasteType": "PASTE_FORMAT"}},
    ])
    assert _values(book, "Sheet1!A3:A5") == [["a"], ["b"], ["c"]]
    assert _values(book, "Sheet1!A10") == []
    with pytest.raises(ApiError, match="copyPaste: Paste would write past the grid"):
        requests.apply(book, [{"copyPaste": {"source": _grid(0, 1, 0, 3), "destination": _grid(0, 1, 25, 26)}}])


def test_cut_paste_moves_cells_and_clears_the_source():
    book = _book([["1", "=A1+1"], ["x"]])
    book, _ = requests.apply(book, [
        {"repeatCell": {"range": _grid(0, 1, 0, 2), "cell": {"note": "n"}, "fields": "note"}},
        {"cutPaste": {"source": _grid(0, 1, 0, 2), "destination": {"sheetId": 0, "rowIndex": 0, "columnIndex": 1}}},
    ])
    sheet = book.sheets[0]
    assert _values(book, "Sheet1!A1:C2") == [["", "1", "2"], ["x"]]
    assert sheet.formulas == {(0, 2): "=B1+1"}  # a reference to a cut cell follows it
    assert sheet.notes == {(0, 1): "n", (0, 2): "n"}


def test_update_named_range_renames_and_moves_it():
    book = _book([])
    book, replies = requests.apply(book, [
        {"addNamedRange": {"namedRange": {"name": "One", "range": _grid(0, 1, 0, 1)}}},
        {"addNamedRange": {"namedRange": {"name": "Two", "range": _grid(1, 2, 0, 1)}}},
    ])
    one = replies[0]["addNamedRange"]["namedRange"]["namedRangeId"]
    book, _ = requests.apply(book, [{"updateNamedRange": {
        "namedRange": {"namedRangeId": one, "name": "Uno", "range": _grid(3, 4, 0, 2)}, "fields": "name,range"}}])
    assert book.named_ranges[0] == {"namedRangeId": one, "name": "Uno", "range": _grid(3, 4, 0, 2)}
    with pytest.raises(ApiError, match="Named range with name two already exists"):
        requests.apply(book, [{"updateNamedRange": {"namedRange": {"namedRangeId": one, "name": "two"},
                                                    "fields": "name"}}])
    with pytest.raises(ApiError, match="No named range with id: nope"):
        requests.apply(book, [{"updateNamedRange": {"namedRange": {"namedRangeId": "nope"}, "fields": "name"}}])


def _rule(condition_type, *args, strict=True):
    return {"condition": {"type": condition_type, "values": [{"userEnteredValue": a} for a in args]},
            "strict": strict}


def test_strict_validation_refuses_a_write_whole_and_names_the_cell():
    book = _book([["Kind"], ["one-on-one"]])
    book, _ = requests.apply(book, [
        {"setDataValidation": {"range": _grid(1, 100, 0, 1), "rule": _rule("ONE_OF_LIST", "one-on-one", "canvass")}},
        {"setDataValidation": {"range": _grid(1, 100, 1, 2), "rule": _rule("NUMBER_BETWEEN", "1", "5")}},
        {"setDataValidation": {"range": _grid(1, 100, 2, 3), "rule": _rule("ONE_OF_LIST", "a", strict=False)}},
    ])
    sheet = book.sheets[0]
    with pytest.raises(ApiError, match=r"The data you entered in cell A3 violates the data validation rules set on "
                                       r"this sheet\. Please enter one of the following values: one-on-one, canvass\."):
        values.write(book, sheet, a1.parse_cells("A2"), [["Canvass", "3"], ["phone bank", "3"]], "USER_ENTERED")
    assert _values(book) == [["Kind"], ["one-on-one"]]  # nothing written
    with pytest.raises(ApiError, match="cell B2 violates the data validation rules set on this cell"):
        values.write(book, sheet, a1.parse_cells("B2"), [["9"]], "USER_ENTERED")
    with pytest.raises(ApiError, match="cell B2"):
        values.write(book, sheet, a1.parse_cells("B2"), [["3"]], "RAW")  # RAW "3" is text, not a number
    values.write(book, sheet, a1.parse_cells("A2"), [["CANVASS", 3, "not listed, but only a warning"], [""]], "RAW")
    assert _values(book, "Sheet1!A2:C2") == [["CANVASS", "3", "not listed, but only a warning"]]


def test_move_dimension_moves_formats_and_insert_shifts_whole_column_references():
    book = _book([["1", "=SUM(A:A)"], ["2"]])
    bold = {"textFormat": {"bold": True}}
    book, _ = requests.apply(book, [
        {"repeatCell": {"range": _grid(0, 1, 0, 1), "cell": {"userEnteredFormat": bold},
                        "fields": "userEnteredFormat.textFormat.bold"}},
        {"updateCells": {"start": {"sheetId": 0, "rowIndex": 1}, "fields": "userEnteredFormat",
                         "rows": [{"values": [{"userEnteredFormat": {"horizontalAlignment": "RIGHT"}}]}]}},
        {"moveDimension": {"source": _rows(0, 1), "destinationIndex": 2}},
    ])
    sheet = book.sheets[0]
    assert formats.cell_format(sheet, 1, 0) == bold  # the bold row went below
    assert formats.cell_format(sheet, 0, 0) == {"horizontalAlignment": "RIGHT"}
    book, _ = requests.apply(book, [{"insertDimension": {"range": _rows(0, 2, "COLUMNS")}}])
    assert book.sheets[0].formulas == {(1, 3): "=SUM(C:C)"}
    assert _values(book, "Sheet1!D2") == [["3"]]


def test_move_dimension_destination_index_counts_before_the_move_as_google_documents():
    """Google's reference: A1..A5 = 0..4, source ROWS [1, 3), destinationIndex 4 gives 0, 3, 1, 2, 4; a
    destination inside the source (or at its ends) leaves the rows where they are."""
    start = [["0"], ["1"], ["2"], ["3"], ["4"]]
    book, _ = requests.apply(_book(start), [{"moveDimension": {"source": _rows(1, 3), "destinationIndex": 4}}])
    assert _values(book) == [["0"], ["3"], ["1"], ["2"], ["4"]]
    for inside in (1, 2, 3):
        book, _ = requests.apply(_book(start), [{"moveDimension": {"source": _rows(1, 3), "destinationIndex": inside}}])
        assert _values(book) == start, inside
    book, _ = requests.apply(_book(start), [{"moveDimension": {"source": _rows(3, 5), "destinationIndex": 0}}])
    assert _values(book) == [["3"], ["4"], ["0"], ["1"], ["2"]]


@pytest.mark.parametrize("request_", [
    {"updateDimensionGroup": {"dimensionGroup": _group(0, 2, 1)}},
    {"updateNamedRange": {"namedRange": {"namedRangeId": "x"}, "fields": " , "}},
    {"updateDeveloperMetadata": {"developerMetadata": {}, "dataFilters": []}},
    {"updateBanding": {"bandedRange": {"bandedRangeId": 1}}},
    {"updateDimensionProperties": {"range": _rows(0, 1), "properties": {"pixelSize": 30}}},
])
def test_an_update_without_fields_is_a_bad_request_as_on_google(request_):
    with pytest.raises(ApiError) as caught:
        requests.apply(_book([]), [request_])
    assert caught.value.code == 400 and "At least one field must be specified." in str(caught.value)
