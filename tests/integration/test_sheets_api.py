"""Sheets v4 through googleapiclient against the emulator: shapes and semantics as Google's."""

from __future__ import annotations

import json

import pytest
from googleapiclient.errors import HttpError

from turfbook.workspace import transport


@pytest.fixture
def sheets(config):
    return transport.api_client(config, "sheets", "v4")


@pytest.fixture
def book(sheets):
    created = sheets.spreadsheets().create(body={
        "properties": {"title": "People book"},
        "sheets": [{"properties": {"title": "People"}}, {"properties": {"title": "My tab"}}],
    }).execute()
    return created["spreadsheetId"]


def _error(caught) -> dict:
    return json.loads(caught.value.content)["error"]


def values(sheets):
    return sheets.spreadsheets().values()


def test_create_returns_googles_spreadsheet_shape(sheets):
    created = sheets.spreadsheets().create(body={"properties": {"title": "Fresh"}}).execute()
    assert len(created["spreadsheetId"]) == 44
    assert created["spreadsheetUrl"] == f"https://docs.google.com/spreadsheets/d/{created['spreadsheetId']}/edit"
    assert created["properties"]["title"] == "Fresh"
    assert created["properties"]["locale"] == "en_US"
    [sheet] = created["sheets"]
    assert sheet["properties"] == {"sheetId": 0, "title": "Sheet1", "index": 0, "sheetType": "GRID",
                                   "gridProperties": {"rowCount": 1000, "columnCount": 26}}


def test_unknown_spreadsheet_is_404(sheets):
    with pytest.raises(HttpError) as caught:
        sheets.spreadsheets().get(spreadsheetId="missing").execute()
    assert caught.value.resp.status == 404
    assert _error(caught)["status"] == "NOT_FOUND"


def test_update_and_get_echo_ranges_and_trim(sheets, book):
    reply = values(sheets).update(spreadsheetId=book, range="'My tab'!A1", valueInputOption="RAW",
                                  body={"values": [["a", "b", ""], ["c"], [], []]}).execute()
    assert reply == {"spreadsheetId": book, "updatedRange": "'My tab'!A1:C4", "updatedRows": 2,
                     "updatedColumns": 3, "updatedCells": 4}
    got = values(sheets).get(spreadsheetId=book, range="'My tab'").execute()
    assert got == {"range": "'My tab'!A1:Z1000", "majorDimension": "ROWS", "values": [["a", "b"], ["c"]]}
    cols = values(sheets).get(spreadsheetId=book, range="'My tab'!A:C", majorDimension="COLUMNS").execute()
    assert cols["range"] == "'My tab'!A1:C1000"
    assert cols["values"] == [["a", "c"], ["b"]]
    empty = values(sheets).get(spreadsheetId=book, range="People!A1:C3").execute()
    assert "values" not in empty and empty["range"] == "People!A1:C3"


@pytest.mark.parametrize("text, expected", [
    ("People!D4:A1", "People!A1:D4"),
    ("People!A2:C", "People!A2:C1000"),
    ("People!2:2", "People!A2:Z2"),
    ("People", "People!A1:Z1000"),
    ("people!B3", "People!B3"),
])
def test_range_forms(sheets, book, text, expected):
    assert values(sheets).get(spreadsheetId=book, range=text).execute()["range"] == expected


def test_unknown_sheet_is_unable_to_parse(sheets, book):
    with pytest.raises(HttpError) as caught:
        values(sheets).get(spreadsheetId=book, range="Nope!A1").execute()
    assert caught.value.resp.status == 400
    assert _error(caught)["message"] == "Unable to parse range: Nope!A1"


def test_write_past_the_grid_is_400(sheets, book):
    with pytest.raises(HttpError) as caught:
        values(sheets).update(spreadsheetId=book, range="People!Z1", valueInputOption="RAW",
                              body={"values": [["x", "y"]]}).execute()
    assert caught.value.resp.status == 400
    assert "exceeds grid limits" in _error(caught)["message"]


def test_user_entered_vs_raw(sheets, book):
    values(sheets).update(spreadsheetId=book, range="People!A1", valueInputOption="USER_ENTERED", body={
        "values": [["11/21/2026", "2026-11-21", "Nov 21, 2026", "50%", "1,234", "TRUE", "=1+2", "'007", "x"]]
    }).execute()
    values(sheets).update(spreadsheetId=book, range="People!A2", valueInputOption="RAW",
                          body={"values": [["=IMPORTXML(\"a\")", "11/21/2026", 5, True]]}).execute()
    formatted = values(sheets).get(spreadsheetId=book, range="People!A1:I2").execute()["values"]
    assert formatted[0] == ["11/21/2026", "2026-11-21", "Nov 21, 2026", "50%", "1,234", "TRUE", "3", "007", "x"]
    assert formatted[1] == ["=IMPORTXML(\"a\")", "11/21/2026", "5", "TRUE"]
    raw = values(sheets).get(spreadsheetId=book, range="People!A1:I2",
                             valueRenderOption="UNFORMATTED_VALUE").execute()["values"]
    assert raw[0] == [46347, 46347, 46347, 0.5, 1234, True, 3, "007", "x"]
    assert raw[1] == ["=IMPORTXML(\"a\")", "11/21/2026", 5, True]
    as_text = values(sheets).get(spreadsheetId=book, range="People!A1", valueRenderOption="UNFORMATTED_VALUE",
                                 dateTimeRenderOption="FORMATTED_STRING").execute()["values"]
    assert as_text == [["11/21/2026"]]
    formulas = values(sheets).get(spreadsheetId=book, range="People!G1", valueRenderOption="FORMULA").execute()
    assert formulas["values"] == [["=1+2"]]


def test_formula_errors_and_references(sheets, book):
    values(sheets).update(spreadsheetId=book, range="People!A1", valueInputOption="USER_ENTERED",
                          body={"values": [["4", "=A1*2", "=NOSUCH(1)", "=SUM(A1:B1)"]]}).execute()
    got = values(sheets).get(spreadsheetId=book, range="People!A1:D1").execute()["values"]
    assert got == [["4", "8", "#NAME?", "12"]]
    values(sheets).update(spreadsheetId=book, range="People!A1", valueInputOption="RAW",
                          body={"values": [[10]]}).execute()
    assert values(sheets).get(spreadsheetId=book, range="People!B1").execute()["values"] == [["20"]]


def test_batch_get_and_batch_update(sheets, book):
    reply = values(sheets).batchUpdate(spreadsheetId=book, body={"valueInputOption": "RAW", "data": [
        {"range": "People!A1", "values": [["id", "name"], ["P-1", "Ana"]]},
        {"range": "'My tab'!B2", "values": [["x"]]},
    ]}).execute()
    assert reply["totalUpdatedCells"] == 5 and reply["totalUpdatedSheets"] == 2
    assert reply["totalUpdatedRows"] == 3 and reply["totalUpdatedColumns"] == 3
    assert [r["updatedRange"] for r in reply["responses"]] == ["People!A1:B2", "'My tab'!B2"]
    got = values(sheets).batchGet(spreadsheetId=book, ranges=["People!A:B", "'My tab'!B2"]).execute()
    assert [v["range"] for v in got["valueRanges"]] == ["People!A1:B1000", "'My tab'!B2"]
    assert got["valueRanges"][0]["values"] == [["id", "name"], ["P-1", "Ana"]]


def test_values_batch_update_is_atomic(sheets, book):
    with pytest.raises(HttpError):
        values(sheets).batchUpdate(spreadsheetId=book, body={"valueInputOption": "RAW", "data": [
            {"range": "People!A1", "values": [["kept?"]]},
            {"range": "Nope!A1", "values": [["x"]]},
        ]}).execute()
    assert "values" not in values(sheets).get(spreadsheetId=book, range="People!A1").execute()


def test_append_detects_the_table_and_inserts(sheets, book):
    values(sheets).update(spreadsheetId=book, range="People!A1", valueInputOption="RAW",
                          body={"values": [["id", "name"], ["P-1", "Ana"], [], ["later"]]}).execute()
    reply = values(sheets).append(spreadsheetId=book, range="People!A:B", valueInputOption="RAW",
                                  insertDataOption="INSERT_ROWS", body={"values": [["P-2", "Bo"]]}).execute()
    assert reply["tableRange"] == "People!A1:B2"
    assert reply["updates"]["updatedRange"] == "People!A3:B3"
    assert reply["updates"]["updatedCells"] == 2
    got = values(sheets).get(spreadsheetId=book, range="People").execute()["values"]
    assert got == [["id", "name"], ["P-1", "Ana"], ["P-2", "Bo"], [], ["later"]]
    rows = sheets.spreadsheets().get(spreadsheetId=book, ranges=["People"]).execute()
    assert rows["sheets"][0]["properties"]["gridProperties"]["rowCount"] == 1001


def test_append_to_an_empty_sheet_has_no_table_range(sheets, book):
    reply = values(sheets).append(spreadsheetId=book, range="People", valueInputOption="USER_ENTERED",
                                  body={"values": [["a"]]}).execute()
    assert "tableRange" not in reply
    assert reply["updates"]["updatedRange"] == "People!A1"


def test_clear_and_batch_clear(sheets, book):
    values(sheets).update(spreadsheetId=book, range="People!A1", valueInputOption="RAW",
                          body={"values": [["a", "b"], ["c", "d"]]}).execute()
    assert values(sheets).clear(spreadsheetId=book, range="People!B:B").execute() == {
        "spreadsheetId": book, "clearedRange": "People!B1:B1000"}
    assert values(sheets).get(spreadsheetId=book, range="People").execute()["values"] == [["a"], ["c"]]
    cleared = values(sheets).batchClear(spreadsheetId=book, body={"ranges": ["People!A1", "'My tab'"]}).execute()
    assert cleared["clearedRanges"] == ["People!A1", "'My tab'!A1:Z1000"]


def test_batch_update_replies_and_atomicity(sheets, book):
    api = sheets.spreadsheets()
    reply = api.batchUpdate(spreadsheetId=book, body={"requests": [
        {"addSheet": {"properties": {"title": "Structure tests", "gridProperties": {"rowCount": 50}}}},
        {"updateSheetProperties": {"properties": {"sheetId": 0, "gridProperties": {"frozenRowCount": 1}},
                                   "fields": "gridProperties.frozenRowCount"}},
        {"addProtectedRange": {"protectedRange": {"range": {"sheetId": 0, "startColumnIndex": 0,
                                                            "endColumnIndex": 1}, "warningOnly": True}}},
    ]}).execute()
    added = reply["replies"][0]["addSheet"]["properties"]
    assert added["title"] == "Structure tests" and isinstance(added["sheetId"], int) and added["index"] == 2
    assert added["gridProperties"] == {"rowCount": 50, "columnCount": 26}
    assert reply["replies"][1] == {}
    protected = reply["replies"][2]["addProtectedRange"]["protectedRange"]
    assert protected["warningOnly"] is True and isinstance(protected["protectedRangeId"], int)
    with pytest.raises(HttpError) as caught:
        api.batchUpdate(spreadsheetId=book, body={"requests": [
            {"addSheet": {"properties": {"title": "Never"}}},
            {"deleteSheet": {"sheetId": 424242}},
        ]}).execute()
    assert _error(caught)["message"].startswith("Invalid requests[1].deleteSheet")
    meta = api.get(spreadsheetId=book).execute()
    titles = [s["properties"]["title"] for s in meta["sheets"]]
    assert titles == ["People", "My tab", "Structure tests"]
    assert meta["sheets"][0]["properties"]["gridProperties"]["frozenRowCount"] == 1
    assert meta["sheets"][0]["protectedRanges"][0]["warningOnly"] is True


def test_unknown_request_kind_is_400(sheets, book):
    with pytest.raises(HttpError) as caught:
        sheets.spreadsheets().batchUpdate(spreadsheetId=book, body={"requests": [{"frobnicate": {}}]}).execute()
    assert caught.value.resp.status == 400


def test_grid_data_fields_mask_validation_notes_and_formats(sheets, book):
    api = sheets.spreadsheets()
    values(sheets).update(spreadsheetId=book, range="People!A1", valueInputOption="USER_ENTERED",
                          body={"values": [["status", "due"], ["OVERDUE 3d", "11/21/2026"]]}).execute()
    api.batchUpdate(spreadsheetId=book, body={"requests": [
        {"setDataValidation": {"range": {"sheetId": 0, "startRowIndex": 1, "startColumnIndex": 0,
                                         "endColumnIndex": 1},
                               "rule": {"condition": {"type": "ONE_OF_LIST", "values": [
                                   {"userEnteredValue": "done"}, {"userEnteredValue": "OVERDUE"}]},
                                   "showCustomUi": True, "strict": False}}},
        {"repeatCell": {"range": {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 1},
                        "cell": {"note": "Header", "userEnteredFormat": {"textFormat": {"bold": True}}},
                        "fields": "note,userEnteredFormat.textFormat.bold"}},
        {"addConditionalFormatRule": {"index": 0, "rule": {
            "ranges": [{"sheetId": 0, "startColumnIndex": 0, "endColumnIndex": 1}],
            "booleanRule": {"condition": {"type": "CUSTOM_FORMULA",
                                          "values": [{"userEnteredValue": "=LEFT($A1,7)=\"OVERDUE\""}]},
                            "format": {"backgroundColor": {"red": 1, "green": 0.8, "blue": 0.8}}}}}},
    ]}).execute()
    got = api.get(spreadsheetId=book, ranges=["People!A1:B2"], fields=(
        "sheets(properties(title),conditionalFormats,"
        "data.rowData.values(formattedValue,userEnteredValue,effectiveValue,note,dataValidation,userEnteredFormat))"
    )).execute()
    [sheet] = got["sheets"]
    assert sheet["properties"] == {"title": "People"}
    rows = sheet["data"][0]["rowData"]
    header = rows[0]["values"][0]
    assert header["note"] == "Header" and header["userEnteredFormat"]["textFormat"]["bold"] is True
    due = rows[1]["values"][1]
    assert due["userEnteredValue"] == {"numberValue": 46347}
    assert due["formattedValue"] == "11/21/2026"
    assert due["userEnteredFormat"]["numberFormat"]["type"] == "DATE"
    assert rows[1]["values"][0]["dataValidation"]["condition"]["type"] == "ONE_OF_LIST"
    assert sheet["conditionalFormats"][0]["booleanRule"]["condition"]["type"] == "CUSTOM_FORMULA"


def test_insert_and_delete_rows_shift_values_notes_and_layers(sheets, book):
    api = sheets.spreadsheets()
    values(sheets).update(spreadsheetId=book, range="People!A1", valueInputOption="RAW",
                          body={"values": [["h"], ["r2"], ["r3"]]}).execute()
    api.batchUpdate(spreadsheetId=book, body={"requests": [
        {"updateCells": {"rows": [{"values": [{"note": "on r3"}]}], "fields": "note",
                         "start": {"sheetId": 0, "rowIndex": 2, "columnIndex": 0}}},
        {"setDataValidation": {"range": {"sheetId": 0, "startRowIndex": 2, "endRowIndex": 3,
                                         "startColumnIndex": 0, "endColumnIndex": 1},
                               "rule": {"condition": {"type": "BOOLEAN"}}}},
        {"insertDimension": {"range": {"sheetId": 0, "dimension": "ROWS", "startIndex": 1, "endIndex": 3}}},
        {"deleteDimension": {"range": {"sheetId": 0, "dimension": "ROWS", "startIndex": 0, "endIndex": 1}}},
    ]}).execute()
    got = values(sheets).get(spreadsheetId=book, range="People").execute()["values"]
    assert got == [[], [], ["r2"], ["r3"]]
    grid = api.get(spreadsheetId=book, ranges=["People!A4"], includeGridData=True).execute()
    cell = grid["sheets"][0]["data"][0]["rowData"][0]["values"][0]
    assert cell["note"] == "on r3" and cell["dataValidation"]["condition"]["type"] == "BOOLEAN"
    assert grid["sheets"][0]["properties"]["gridProperties"]["rowCount"] == 1001


def test_sort_merge_and_named_range(sheets, book):
    api = sheets.spreadsheets()
    values(sheets).update(spreadsheetId=book, range="People!A1", valueInputOption="RAW",
                          body={"values": [["name", "n"], ["b", 2], ["a", 3], ["c", 1]]}).execute()
    reply = api.batchUpdate(spreadsheetId=book, body={"requests": [
        {"sortRange": {"range": {"sheetId": 0, "startRowIndex": 1},
                       "sortSpecs": [{"dimensionIndex": 1, "sortOrder": "DESCENDING"}]}},
        {"mergeCells": {"range": {"sheetId": 0, "startRowIndex": 10, "endRowIndex": 11, "startColumnIndex": 0,
                                  "endColumnIndex": 3}, "mergeType": "MERGE_ALL"}},
        {"addNamedRange": {"namedRange": {"name": "Names", "range": {"sheetId": 0, "startRowIndex": 1,
                                                                      "endRowIndex": 4, "startColumnIndex": 0,
                                                                      "endColumnIndex": 1}}}},
    ]}).execute()
    assert reply["replies"][2]["addNamedRange"]["namedRange"]["name"] == "Names"
    got = values(sheets).get(spreadsheetId=book, range="People!A2:B4").execute()["values"]
    assert got == [["a", "3"], ["b", "2"], ["c", "1"]]
    assert values(sheets).get(spreadsheetId=book, range="Names").execute()["values"] == [["a"], ["b"], ["c"]]
    meta = api.get(spreadsheetId=book).execute()
    assert meta["sheets"][0]["merges"] == [{"startRowIndex": 10, "endRowIndex": 11,  # sheetId 0 left out, as Google
                                            "startColumnIndex": 0, "endColumnIndex": 3}]
    assert meta["namedRanges"][0]["name"] == "Names"


def test_ten_million_cell_limit(sheets, book):
    with pytest.raises(HttpError) as caught:
        sheets.spreadsheets().batchUpdate(spreadsheetId=book, body={"requests": [
            {"appendDimension": {"sheetId": 0, "dimension": "ROWS", "length": 400_000}}]}).execute()
    assert caught.value.resp.status == 400
    assert "above the limit of 10000000 cells" in _error(caught)["message"]


def _html(emulator, path: str) -> str:
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(emulator.base_url + path, timeout=10) as response:
        return response.read().decode("utf-8")


def test_html_view_shows_tabs_values_hints_and_colours(emulator, sheets, book):
    api = sheets.spreadsheets()
    values(sheets).update(spreadsheetId=book, range="People!A1", valueInputOption="USER_ENTERED",
                          body={"values": [["status", "ok"], ["OVERDUE 3d", "TRUE"], ["done", "FALSE"]]}).execute()
    api.batchUpdate(spreadsheetId=book, body={"requests": [
        {"setDataValidation": {"range": {"sheetId": 0, "startRowIndex": 1, "endRowIndex": 3,
                                         "startColumnIndex": 0, "endColumnIndex": 1},
                               "rule": {"condition": {"type": "ONE_OF_LIST", "values": [
                                   {"userEnteredValue": "done"}, {"userEnteredValue": "OVERDUE"}]}}}},
        {"setDataValidation": {"range": {"sheetId": 0, "startRowIndex": 1, "endRowIndex": 3,
                                         "startColumnIndex": 1, "endColumnIndex": 2},
                               "rule": {"condition": {"type": "BOOLEAN"}}}},
        {"updateCells": {"rows": [{"values": [{"note": "staff: pick one"}]}], "fields": "note",
                         "start": {"sheetId": 0, "rowIndex": 0, "columnIndex": 0}}},
        {"addProtectedRange": {"protectedRange": {"range": {"sheetId": 0, "startColumnIndex": 0,
                                                            "endColumnIndex": 1}, "warningOnly": True}}},
        {"addConditionalFormatRule": {"index": 0, "rule": {
            "ranges": [{"sheetId": 0, "startRowIndex": 1, "startColumnIndex": 0, "endColumnIndex": 1}],
            "booleanRule": {"condition": {"type": "CUSTOM_FORMULA",
                                          "values": [{"userEnteredValue": "=LEFT($A2,7)=\"OVERDUE\""}]},
                            "format": {"backgroundColor": {"red": 1, "green": 0.8, "blue": 0.8}}}}}},
    ]}).execute()
    front = _html(emulator, "/")
    assert "People book" in front and f"/view/sheets/{book}" in front
    page = _html(emulator, f"/view/sheets/{book}?tab=0")
    assert "My tab" in page and "OVERDUE 3d" in page
    assert "▾" in page and "☑" in page and "☐" in page
    assert "staff: pick one" in page and "warning only" in page
    assert "background-color:rgb(255,204,204)" in page
    assert page.count("rgb(255,204,204)") == 1  # only the OVERDUE row, not "done"


def test_reads_past_the_grid_are_400_naming_the_first_cell_out(sheets, book):
    with pytest.raises(HttpError) as caught:
        values(sheets).get(spreadsheetId=book, range="People!A1:AB5").execute()
    assert _error(caught)["message"] == "Range (People!AA1) exceeds grid limits. Max rows: 1000, max columns: 26"
    with pytest.raises(HttpError) as caught:
        values(sheets).get(spreadsheetId=book, range="People!B990:C1200").execute()
    assert _error(caught)["message"] == "Range (People!B1001) exceeds grid limits. Max rows: 1000, max columns: 26"


def test_bounded_range_overflow_names_the_first_column_out(sheets, book):
    with pytest.raises(HttpError) as caught:
        values(sheets).update(spreadsheetId=book, range="People!A3:B4", valueInputOption="RAW",
                              body={"values": [["a", "b", "c", "d"]]}).execute()
    assert _error(caught)["message"] == ("Requested writing within range [People!A3:B4], but tried writing to "
                                         "column [C]")


def test_emoji_and_quoted_sheet_names(sheets, book):
    sheets.spreadsheets().batchUpdate(spreadsheetId=book, body={"requests": [
        {"addSheet": {"properties": {"title": "🙂 It's here"}}}]}).execute()
    reply = values(sheets).update(spreadsheetId=book, range="'🙂 It''s here'!B2", valueInputOption="RAW",
                                  body={"values": [["ok"]]}).execute()
    assert reply["updatedRange"] == "'🙂 It''s here'!B2"
    got = values(sheets).get(spreadsheetId=book, range="'🙂 It''s here'").execute()
    assert got["range"] == "'🙂 It''s here'!A1:Z1000" and got["values"] == [[], ["", "ok"]]


def test_developer_metadata_follows_its_column(sheets, book):
    api = sheets.spreadsheets()
    reply = api.batchUpdate(spreadsheetId=book, body={"requests": [{"createDeveloperMetadata": {
        "developerMetadata": {"metadataKey": "turfbook.column", "metadataValue": "status",
                              "location": {"dimensionRange": {"sheetId": 0, "dimension": "COLUMNS",
                                                              "startIndex": 3, "endIndex": 4}},
                              "visibility": "DOCUMENT"}}}]}).execute()
    created = reply["replies"][0]["createDeveloperMetadata"]["developerMetadata"]
    assert created["location"]["locationType"] == "COLUMN" and isinstance(created["metadataId"], int)
    api.batchUpdate(spreadsheetId=book, body={"requests": [{"insertDimension": {
        "range": {"sheetId": 0, "dimension": "COLUMNS", "startIndex": 0, "endIndex": 2}}}]}).execute()
    found = api.developerMetadata().search(spreadsheetId=book, body={"dataFilters": [
        {"developerMetadataLookup": {"metadataKey": "turfbook.column"}}]}).execute()
    [match] = found["matchedDeveloperMetadata"]
    assert match["developerMetadata"]["location"]["dimensionRange"]["startIndex"] == 5
    same = api.developerMetadata().get(spreadsheetId=book, metadataId=created["metadataId"]).execute()
    assert same["metadataValue"] == "status"
    meta = api.get(spreadsheetId=book, ranges=["People!A1:F1"],
                   fields="sheets(properties(sheetId),developerMetadata,data.columnMetadata)").execute()
    [sheet] = meta["sheets"]
    assert "developerMetadata" not in sheet  # column metadata lives on the column, not the sheet
    columns = sheet["data"][0]["columnMetadata"]
    assert columns[5]["developerMetadata"][0]["metadataKey"] == "turfbook.column"
    assert "developerMetadata" not in columns[4]


def test_values_by_data_filter_follow_a_tagged_column(sheets, book):
    api = sheets.spreadsheets()
    lookup = {"developerMetadataLookup": {"metadataKey": "turfbook.column", "metadataValue": "status"}}
    api.batchUpdate(spreadsheetId=book, body={"requests": [{"createDeveloperMetadata": {"developerMetadata": {
        "metadataKey": "turfbook.column", "metadataValue": "status", "visibility": "DOCUMENT",
        "location": {"dimensionRange": {"sheetId": 0, "dimension": "COLUMNS", "startIndex": 2, "endIndex": 3}}}}},
    ]}).execute()
    written = values(sheets).batchUpdateByDataFilter(spreadsheetId=book, body={
        "valueInputOption": "RAW", "data": [{"dataFilter": lookup, "values": [["Status"], ["done"]]}]}).execute()
    assert written["responses"][0]["updatedRange"] == "People!C1:C2"
    assert written["totalUpdatedCells"] == 2
    api.batchUpdate(spreadsheetId=book, body={"requests": [{"insertDimension": {
        "range": {"sheetId": 0, "dimension": "COLUMNS", "startIndex": 0, "endIndex": 1}}}]}).execute()
    got = values(sheets).batchGetByDataFilter(spreadsheetId=book, body={"dataFilters": [lookup]}).execute()
    [match] = got["valueRanges"]
    assert match["valueRange"]["range"] == "People!D1:D1000"
    assert match["valueRange"]["values"] == [["Status"], ["done"]]
    assert match["dataFilters"] == [lookup]
    meta = api.getByDataFilter(spreadsheetId=book, body={"dataFilters": [{"a1Range": "'My tab'!A1"}]}).execute()
    assert [s["properties"]["title"] for s in meta["sheets"]] == ["My tab"]
    cleared = values(sheets).batchClearByDataFilter(spreadsheetId=book, body={"dataFilters": [lookup]}).execute()
    assert cleared["clearedRanges"] == ["People!D1:D1000"]


def test_spreadsheets_survive_an_emulator_restart(tmp_path):
    from tests.support.emulator import EmulatorProcess

    first = EmulatorProcess.start(tmp_path / "data")
    try:
        api = transport.api_client(first.config(tmp_path), "sheets", "v4")
        sid = api.spreadsheets().create(body={"properties": {"title": "Durable"}}).execute()["spreadsheetId"]
        api.spreadsheets().values().update(spreadsheetId=sid, range="Sheet1!A1", valueInputOption="USER_ENTERED",
                                           body={"values": [["11/21/2026", "=A1+1"]]}).execute()
        first.control("POST", "/_emulator/flush")
    finally:
        first.stop()
    second = EmulatorProcess.start(tmp_path / "data")
    try:
        api = transport.api_client(second.config(tmp_path), "sheets", "v4")
        got = api.spreadsheets().values().get(spreadsheetId=sid, range="Sheet1!A1:B1").execute()
        assert got["values"] == [["11/21/2026", "11/22/2026"]]
    finally:
        second.stop()


def test_formulas_are_current_in_every_reply_after_writes(sheets, book):
    """Values writes leave recalculation to the next reader (issue 22: one recalc for N writes), and no
    reply ever shows a stale value: a read, includeValuesInResponse, a spreadsheets.get, an append."""
    v = values(sheets)
    v.update(spreadsheetId=book, range="People!C1", valueInputOption="USER_ENTERED",
             body={"values": [['=ARRAYFORMULA(IF(A:A="",, VLOOKUP(A:A, \'My tab\'!A:B, 2, FALSE)))']]}).execute()
    v.update(spreadsheetId=book, range="People!A1", valueInputOption="RAW", body={"values": [["k1"], ["k2"]]}).execute()
    v.update(spreadsheetId=book, range="'My tab'!A1", valueInputOption="RAW",
             body={"values": [["k1", "one"], ["k2", "two"]]}).execute()
    assert v.get(spreadsheetId=book, range="People!C1:C2").execute()["values"] == [["one"], ["two"]]
    answer = v.update(spreadsheetId=book, range="'My tab'!B2", valueInputOption="RAW", includeValuesInResponse=True,
                      responseValueRenderOption="FORMATTED_VALUE", body={"values": [["deux"]]}).execute()
    assert answer["updatedData"]["values"] == [["deux"]]
    got = sheets.spreadsheets().get(spreadsheetId=book, ranges=["People!C2"], includeGridData=True).execute()
    assert got["sheets"][0]["data"][0]["rowData"][0]["values"][0]["formattedValue"] == "deux"
    v.append(spreadsheetId=book, range="'My tab'!A1", valueInputOption="RAW",
             body={"values": [["k3", "three"]]}).execute()
    v.update(spreadsheetId=book, range="People!A3", valueInputOption="RAW", body={"values": [["k3"]]}).execute()
    v.clear(spreadsheetId=book, range="People!A1").execute()
    assert v.get(spreadsheetId=book, range="People!C1:C3").execute()["values"] == [[], ["deux"], ["three"]]
