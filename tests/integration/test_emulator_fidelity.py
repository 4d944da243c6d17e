"""Issue 18: what the emulator answers is what Google answers (through googleapiclient and gspread)."""

from __future__ import annotations

import pytest

from service.workspace import transport

ACCENTS = {
    "ACCENT1": {"red": 0.25882354, "green": 0.52156866, "blue": 0.95686275},
    "LINK": {"red": 0.06666667, "green": 0.33333334, "blue": 0.8},
}


@pytest.fixture
def sheets(config):
    return transport.api_client(config, "sheets", "v4")


@pytest.fixture
def book(sheets):
    return sheets.spreadsheets().create(body={"properties": {"title": "Fidelity"}}).execute()["spreadsheetId"]


def test_get_has_the_theme_and_the_whole_default_format_of_a_new_spreadsheet(sheets, book):
    props = sheets.spreadsheets().get(spreadsheetId=book).execute()["properties"]
    assert list(props)[:6] == ["title", "locale", "autoRecalc", "timeZone", "defaultFormat", "spreadsheetTheme"]
    assert props["defaultFormat"] == {
        "backgroundColor": {"red": 1, "green": 1, "blue": 1},
        "padding": {"top": 2, "right": 3, "bottom": 2, "left": 3},
        "verticalAlignment": "BOTTOM",
        "wrapStrategy": "OVERFLOW_CELL",
        "textFormat": {"foregroundColor": {}, "fontFamily": "arial,sans,sans-serif", "fontSize": 10,
                       "bold": False, "italic": False, "strikethrough": False, "underline": False,
                       "foregroundColorStyle": {"rgbColor": {}}},
        "backgroundColorStyle": {"rgbColor": {"red": 1, "green": 1, "blue": 1}},
    }
    theme = props["spreadsheetTheme"]
    assert theme["primaryFontFamily"] == "Arial"
    colors = {c["colorType"]: c["color"]["rgbColor"] for c in theme["themeColors"]}
    assert list(colors) == ["TEXT", "BACKGROUND", "ACCENT1", "ACCENT2", "ACCENT3", "ACCENT4", "ACCENT5",
                            "ACCENT6", "LINK"]
    assert colors["TEXT"] == {} and colors["BACKGROUND"] == {"red": 1, "green": 1, "blue": 1}
    assert {k: colors[k] for k in ACCENTS} == ACCENTS
    masked = sheets.spreadsheets().get(spreadsheetId=book, fields="properties.spreadsheetTheme.primaryFontFamily")
    assert masked.execute() == {"properties": {"spreadsheetTheme": {"primaryFontFamily": "Arial"}}}


def test_request_kinds_through_the_real_client(sheets, book):
    body = {"requests": [
        {"addDimensionGroup": {"range": {"sheetId": 0, "dimension": "ROWS", "startIndex": 1, "endIndex": 5}}},
        {"updateCells": {"start": {"sheetId": 0}, "fields": "userEnteredValue",
                         "rows": [{"values": [{"userEnteredValue": {"numberValue": 2}},
                                              {"userEnteredValue": {"formulaValue": "=A1*3"}}]}]}},
        {"copyPaste": {"source": {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 1, "startColumnIndex": 0,
                                  "endColumnIndex": 2},
                       "destination": {"sheetId": 0, "startRowIndex": 1, "endRowIndex": 2, "startColumnIndex": 0,
                                       "endColumnIndex": 2}}},
    ]}
    replies = sheets.spreadsheets().batchUpdate(spreadsheetId=book, body=body).execute()["replies"]
    assert replies[0]["addDimensionGroup"]["dimensionGroups"] == [
        {"range": {"sheetId": 0, "dimension": "ROWS", "startIndex": 1, "endIndex": 5}, "depth": 1}]
    got = sheets.spreadsheets().values().get(spreadsheetId=book, range="A1:B2").execute()
    assert got["values"] == [["2", "6"], ["2", "6"]]
    meta = sheets.spreadsheets().get(spreadsheetId=book, fields="sheets.rowGroups").execute()
    assert meta["sheets"][0]["rowGroups"][0]["depth"] == 1
