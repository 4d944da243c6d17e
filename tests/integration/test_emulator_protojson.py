"""Sheets answers leave out default-valued fields as protobuf JSON does (issue 18 item 2)."""

from __future__ import annotations

import pytest

from turfbook.workspace import transport
from turfbook_emulator.sheets import protojson


def test_defaults_are_left_out_where_google_leaves_them_out():
    body = {"spreadsheetId": "x", "namedRanges": [{"namedRangeId": "n", "name": "N", "range": {
        "sheetId": 0, "startRowIndex": 0, "endRowIndex": 1}}],
        "sheets": [{"properties": {"sheetId": 0, "title": "S", "index": 0, "hidden": False,
                                   "tabColor": {"red": 1, "green": 0, "blue": 0}},
                    "merges": [{"sheetId": 0, "startRowIndex": 0, "endRowIndex": 2}],
                    "protectedRanges": [{"protectedRangeId": 1, "description": "", "warningOnly": False,
                                         "editors": {"users": ["a@example.org"], "groups": []}}]}]}
    assert protojson.render("Spreadsheet", body) == {
        "spreadsheetId": "x",
        "namedRanges": [{"namedRangeId": "n", "name": "N", "range": {"startRowIndex": 0, "endRowIndex": 1}}],
        "sheets": [{"properties": {"sheetId": 0, "title": "S", "index": 0, "tabColor": {"red": 1}},
                    "merges": [{"startRowIndex": 0, "endRowIndex": 2}],
                    "protectedRanges": [{"protectedRangeId": 1, "editors": {"users": ["a@example.org"]}}]}]}


def test_values_keep_their_empty_strings_and_rows():
    body = {"range": "A1:B3", "majorDimension": "ROWS", "values": [["", "a"], [], ["b"]]}
    assert protojson.render("ValueRange", body) == body


@pytest.fixture
def sheets(config):
    return transport.api_client(config, "sheets", "v4")


def test_spreadsheets_get_on_the_wire(sheets):
    book = sheets.spreadsheets().create(body={"properties": {"title": "P"}}).execute()["spreadsheetId"]
    sheets.spreadsheets().batchUpdate(spreadsheetId=book, body={"requests": [
        {"mergeCells": {"range": {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 2, "startColumnIndex": 0,
                                  "endColumnIndex": 1}, "mergeType": "MERGE_ALL"}},
        {"updateSheetProperties": {"properties": {"sheetId": 0, "hidden": False,
                                                  "tabColorStyle": {"rgbColor": {"red": 1, "green": 0}}},
                                   "fields": "hidden,tabColorStyle"}}]}).execute()
    sheet = sheets.spreadsheets().get(spreadsheetId=book).execute()["sheets"][0]
    assert sheet["merges"] == [{"startRowIndex": 0, "endRowIndex": 2, "startColumnIndex": 0, "endColumnIndex": 1}]
    assert "hidden" not in sheet["properties"]
    assert sheet["properties"]["tabColorStyle"] == {"rgbColor": {"red": 1}}
