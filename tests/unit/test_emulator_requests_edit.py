"""batchUpdate kinds that edit in bulk or store objects (issue 18): findReplace, trimWhitespace,
deleteDuplicates, randomizeRange, textToColumns, pasteData, insertRange, deleteRange, banding,
filter views, updateBorders."""

from __future__ import annotations

import pytest

from turfbook_emulator.errors import ApiError
from turfbook_emulator.sheets import a1, formats, new_book, requests, resource, values


def _book(rows):
    book = new_book("t")
    values.write(book, book.sheets[0], a1.parse_cells("A1"), rows, "USER_ENTERED")
    values.recalc(book)
    return book


def _values(book, text="Sheet1"):
    sheet, span = values.resolve(book, text)
    return values.read(sheet, span).get("values", [])


def _grid(r0, r1, c0, c1):
    return {"sheetId": 0, "startRowIndex": r0, "endRowIndex": r1, "startColumnIndex": c0, "endColumnIndex": c1}


def test_find_replace_counts_like_google_and_leaves_formulas_unless_asked():
    book = _book([["cat", "Cat cat"], ["dog", "=\"cat\""]])
    book, replies = requests.apply(book, [{"findReplace": {"find": "cat", "replacement": "fox", "sheetId": 0}}])
    assert replies[0] == {"findReplace": {"valuesChanged": 2, "rowsChanged": 1, "sheetsChanged": 1,
                                          "occurrencesChanged": 3}}
    assert _values(book) == [["fox", "fox fox"], ["dog", "cat"]]
    book, replies = requests.apply(book, [{"findReplace": {"find": "^c.t$", "replacement": "x", "allSheets": True,
                                                           "searchByRegex": True, "includeFormulas": True}}])
    assert replies[0] == {"findReplace": {}}  # the formula's text is ="cat", so ^c.t$ does not match it
    with pytest.raises(ApiError, match="One of range, sheetId or allSheets"):
        requests.apply(book, [{"findReplace": {"find": "x"}}])


def test_trim_whitespace_and_delete_duplicates():
    book = _book([["  a  b "], ["a b"], ["c"], ["A B"], ["c"]])
    book, replies = requests.apply(book, [{"trimWhitespace": {"range": _grid(0, 5, 0, 1)}},
                                          {"deleteDuplicates": {"range": _grid(0, 5, 0, 1)}}])
    assert replies == [{"trimWhitespace": {"cellsChangedCount": 1}},
                       {"deleteDuplicates": {"duplicatesRemovedCount": 3}}]
    assert _values(book) == [["a b"], ["c"]]


def test_randomize_keeps_the_rows_whole():
    book = _book([[str(i), f"r{i}"] for i in range(20)])
    book, _ = requests.apply(book, [{"randomizeRange": {"range": _grid(0, 20, 0, 2)}}])
    got = _values(book)
    assert sorted(got, key=lambda row: int(row[0])) == [[str(i), f"r{i}"] for i in range(20)]


def test_text_to_columns_and_paste_data_type_their_parts():
    book = _book([["a,1,2026-11-21"], ["b,2"]])
    book, _ = requests.apply(book, [
        {"textToColumns": {"source": _grid(0, 2, 0, 1), "delimiterType": "COMMA"}},
        {"pasteData": {"coordinate": {"sheetId": 0, "rowIndex": 3}, "data": "x|3\ny|=B4*2", "delimiter": "|"}},
    ])
    sheet, span = values.resolve(book, "Sheet1!A1:C5")
    assert values.read(sheet, span, "UNFORMATTED_VALUE")["values"] == [
        ["a", 1, 46347], ["b", 2], [], ["x", 3], ["y", 6]]


def test_insert_and_delete_range_shift_only_the_block():
    book = _book([["a", "1"], ["b", "2"], ["c", "3"]])
    book, _ = requests.apply(book, [{"insertRange": {"range": _grid(0, 1, 0, 1), "shiftDimension": "ROWS"}}])
    assert _values(book) == [["", "1"], ["a", "2"], ["b", "3"], ["c"]]
    assert book.sheets[0].row_count == 1001
    book, _ = requests.apply(book, [{"deleteRange": {"range": _grid(0, 1, 0, 2), "shiftDimension": "COLUMNS"}}])
    assert _values(book) == [[], ["a", "2"], ["b", "3"], ["c"]]
    book, _ = requests.apply(book, [{"deleteRange": {"range": _grid(0, 1, 0, 26), "shiftDimension": "ROWS"}}])
    assert book.sheets[0].row_count == 1000 and _values(book)[0] == ["a", "2"]  # whole rows: deleteDimension


def test_banding_and_filter_views_are_kept_and_shown():
    book = _book([])
    banded = {"range": _grid(0, 10, 0, 3), "rowProperties": {"firstBandColor": {"red": 1}}}
    view = {"title": "Mine", "range": _grid(0, 10, 0, 3)}
    book, replies = requests.apply(book, [{"addBanding": {"bandedRange": banded}},
                                          {"addFilterView": {"filter": view}}])
    band_id = replies[0]["addBanding"]["bandedRange"]["bandedRangeId"]
    view_id = replies[1]["addFilterView"]["filter"]["filterViewId"]
    book, replies = requests.apply(book, [
        {"updateBanding": {"bandedRange": {"bandedRangeId": band_id, "range": _grid(0, 5, 0, 3)}, "fields": "range"}},
        {"duplicateFilterView": {"filterId": view_id}},
    ])
    assert replies[1]["duplicateFilterView"]["filter"]["title"] == "Copy of Mine"
    sheet = resource.spreadsheet(book)["sheets"][0]
    assert sheet["bandedRanges"] == [{**banded, "range": _grid(0, 5, 0, 3), "bandedRangeId": band_id}]
    assert [v["title"] for v in sheet["filterViews"]] == ["Mine", "Copy of Mine"]
    book, _ = requests.apply(book, [{"deleteBanding": {"bandedRangeId": band_id}},
                                    {"deleteFilterView": {"filterId": view_id}}])
    sheet = resource.spreadsheet(book)["sheets"][0]
    assert "bandedRanges" not in sheet and len(sheet["filterViews"]) == 1
    with pytest.raises(ApiError, match="No banded range with id: 5"):
        requests.apply(book, [{"deleteBanding": {"bandedRangeId": 5}}])


def test_update_borders_sets_outer_and_inner_sides():
    book = _book([])
    solid = {"style": "SOLID", "width": 1, "color": {"red": 1}}
    book, _ = requests.apply(book, [{"updateBorders": {"range": _grid(0, 2, 0, 2), "top": solid,
                                                       "innerHorizontal": solid}}])
    sheet = book.sheets[0]
    assert formats.cell_format(sheet, 0, 1)["borders"] == {"top": solid, "bottom": solid}
    assert formats.cell_format(sheet, 1, 0)["borders"] == {"top": solid}
    assert "borders" not in formats.cell_format(sheet, 2, 0)


def test_charts_and_slicers_are_stored_moved_and_deleted():
    book = _book([])
    spec = {"title": "Members", "basicChart": {"chartType": "COLUMN"}}
    book, replies = requests.apply(book, [
        {"addChart": {"chart": {"spec": spec, "position": {"overlayPosition": {"anchorCell": {"sheetId": 0}}}}}},
        {"addSlicer": {"slicer": {"spec": {"dataRange": _grid(0, 5, 0, 1)}, "position": {"sheetId": 0}}}},
    ])
    chart_id = replies[0]["addChart"]["chart"]["chartId"]
    slicer_id = replies[1]["addSlicer"]["slicer"]["slicerId"]
    book, replies = requests.apply(book, [
        {"updateChartSpec": {"chartId": chart_id, "spec": {**spec, "title": "Leaders"}}},
        {"updateEmbeddedObjectPosition": {"objectId": chart_id, "newPosition": {"sheetId": 0}, "fields": "*"}},
        {"updateSlicerSpec": {"slicerId": slicer_id, "spec": {"title": "Pick"}, "fields": "title"}},
    ])
    assert replies[1] == {"updateEmbeddedObjectPosition": {"position": {"sheetId": 0}}}
    sheet = resource.spreadsheet(book)["sheets"][0]
    assert sheet["charts"] == [{"spec": {**spec, "title": "Leaders"}, "position": {"sheetId": 0}, "chartId": chart_id}]
    assert sheet["slicers"][0]["spec"]["title"] == "Pick"
    book, _ = requests.apply(book, [{"deleteEmbeddedObject": {"objectId": chart_id}}])
    assert "charts" not in resource.spreadsheet(book)["sheets"][0]
    book, replies = requests.apply(book, [{"addChart": {"chart": {"spec": spec, "position": {"newSheet": True}}}}])
    own = resource.spreadsheet(book)["sheets"][1]["properties"]  # a sheet of its own (test_emulator_request_kinds)
    assert own["sheetType"] == "OBJECT" and replies[0]["addChart"]["chart"]["position"] == {"sheetId": own["sheetId"]}


def test_insert_and_delete_range_move_formats_notes_and_validation_with_the_cells():
    """Sheets shifts a cell's format, note and validation with it; cells outside the block keep theirs."""
    book = _book([["a", "x"], ["b", "y"]])
    bold, right = {"textFormat": {"bold": True}}, {"horizontalAlignment": "RIGHT"}
    rule = {"condition": {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": "a"}, {"userEnteredValue": "b"}]}}
    book, _ = requests.apply(book, [
        {"repeatCell": {"range": _grid(0, 1, 0, 2), "cell": {"userEnteredFormat": bold},
                        "fields": "userEnteredFormat.textFormat.bold"}},
        {"updateCells": {"start": {"sheetId": 0, "rowIndex": 1}, "fields": "userEnteredFormat,note",
                         "rows": [{"values": [{"userEnteredFormat": right, "note": "check"}]}]}},
        {"setDataValidation": {"range": _grid(1, 2, 0, 1), "rule": rule}},
    ])
    book, _ = requests.apply(book, [{"insertRange": {"range": _grid(0, 1, 0, 1), "shiftDimension": "ROWS"}}])
    sheet = book.sheets[0]
    assert _values(book) == [["", "x"], ["a", "y"], ["b"]]
    assert formats.cell_format(sheet, 0, 0) == {} and formats.cell_format(sheet, 1, 0) == bold
    assert formats.cell_format(sheet, 2, 0) == right and sheet.notes == {(2, 0): "check"}
    assert formats.validation(sheet, 2, 0) == rule and formats.validation(sheet, 1, 0) is None
    assert formats.cell_format(sheet, 0, 1) == bold  # column B was outside the block: it stays
    book, _ = requests.apply(book, [{"deleteRange": {"range": _grid(0, 2, 0, 1), "shiftDimension": "ROWS"}}])
    sheet = book.sheets[0]
    assert _values(book) == [["b", "x"], ["", "y"]]
    assert formats.cell_format(sheet, 0, 0) == right and sheet.notes == {(0, 0): "check"}
    assert formats.validation(sheet, 0, 0) == rule and formats.validation(sheet, 2, 0) is None
    book, _ = requests.apply(book, [{"insertRange": {"range": _grid(0, 1, 0, 1), "shiftDimension": "COLUMNS"}}])
    sheet = book.sheets[0]
    assert _values(book)[0] == ["", "b", "x"]
    assert formats.cell_format(sheet, 0, 1) == right and sheet.notes == {(0, 1): "check"}
    assert formats.validation(sheet, 0, 1) == rule and formats.validation(sheet, 0, 0) is None
    assert formats.cell_format(sheet, 1, 0) == {}  # row 2 was outside the block


def test_filters_move_with_their_columns_and_an_insert_at_their_right_edge_leaves_them_as_they_were():
    """Like Sheets: a basic filter, a filter view and a banded range shift with an insertDimension left of
    them (their criteria and sort columns too); one at their right edge (index == endColumnIndex) does not
    widen them; a deleted column's criterion goes."""
    book = _book([["a", "b", "c"]])
    basic = {"range": _grid(0, 5, 1, 3), "criteria": {"2": {"hiddenValues": ["x"]}},
             "sortSpecs": [{"dimensionIndex": 1, "sortOrder": "ASCENDING"}]}
    book, _ = requests.apply(book, [{"setBasicFilter": {"filter": basic}},
                                    {"addFilterView": {"filter": {"title": "v", "range": _grid(0, 5, 1, 3)}}},
                                    {"addBanding": {"bandedRange": {
                                        "range": _grid(0, 5, 1, 3), "rowProperties": {"firstBandColor": {"red": 1}}}}}])
    book, _ = requests.apply(book, [{"insertDimension": {"range": {"sheetId": 0, "dimension": "COLUMNS",
                                                                   "startIndex": 0, "endIndex": 1}}}])
    sheet = resource.spreadsheet(book)["sheets"][0]
    assert sheet["basicFilter"]["range"] == _grid(0, 5, 2, 4)
    assert sheet["basicFilter"]["criteria"] == {"3": {"hiddenValues": ["x"]}}
    assert sheet["basicFilter"]["sortSpecs"] == [{"dimensionIndex": 2, "sortOrder": "ASCENDING"}]
    assert sheet["filterViews"][0]["range"] == _grid(0, 5, 2, 4)
    assert sheet["bandedRanges"][0]["range"] == _grid(0, 5, 2, 4)
    book, _ = requests.apply(book, [{"insertDimension": {"range": {"sheetId": 0, "dimension": "COLUMNS",
                                                                   "startIndex": 4, "endIndex": 6}}}])
    sheet = resource.spreadsheet(book)["sheets"][0]
    assert sheet["basicFilter"]["range"] == _grid(0, 5, 2, 4) and sheet["filterViews"][0]["range"] == _grid(0, 5, 2, 4)
    book, _ = requests.apply(book, [{"deleteDimension": {"range": {"sheetId": 0, "dimension": "COLUMNS",
                                                                   "startIndex": 3, "endIndex": 4}}}])
    assert "criteria" not in resource.spreadsheet(book)["sheets"][0]["basicFilter"] or \
        resource.spreadsheet(book)["sheets"][0]["basicFilter"]["criteria"] == {}


def test_a_formula_naming_a_missing_sheet_works_once_a_sheet_of_that_name_is_added():
    """As Sheets: '#REF! Unresolved sheet name' until the sheet exists, then the formula's value (the
    recalc's kept values never keep the unresolved read)."""
    book = _book([["=ARRAYFORMULA(IF(ROW(A2:A)=ROW(A2),\"x\",'Later'!A1))"], ["=1+1"]])
    values.write(book, book.sheets[0], a1.parse_cells("B1"), [["=Later!A1"]], "USER_ENTERED")
    values.recalc(book)
    assert _values(book, "Sheet1!B1") == [["#REF!"]]
    book, _ = requests.apply(book, [{"addSheet": {"properties": {"title": "Later"}}}])
    values.write(book, book.sheet_by_title("Later"), a1.parse_cells("A1"), [["here"]], "USER_ENTERED")
    values.recalc(book)
    assert _values(book, "Sheet1!B1") == [["here"]]
