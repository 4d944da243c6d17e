"""Issue 18: what the emulator answers is what Google answers (through googleapiclient and gspread)."""

from __future__ import annotations

import pytest

from turfbook.workspace import transport

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


@pytest.fixture
def drive(config):
    return transport.api_client(config, "drive", "v3")


def test_gspread_import_csv_replaces_the_first_sheet_through_the_drive_v2_upload(config, sheets, book):
    gc = transport.gspread_client(config)
    sheets.spreadsheets().batchUpdate(spreadsheetId=book, body={"requests": [
        {"addSheet": {"properties": {"title": "Other"}}}]}).execute()
    gc.import_csv(book, "id,name,joined\nP-1,Ana,2026-11-21\nP-2,\"Bo, Jr.\",3\n")
    sh = gc.open_by_key(book)
    assert [ws.title for ws in sh.worksheets()] == ["Sheet1"]
    assert sh.sheet1.get_all_values() == [["id", "name", "joined"], ["P-1", "Ana", "2026-11-21"],
                                          ["P-2", "Bo, Jr.", "3"]]
    assert sh.sheet1.get("C2", value_render_option="UNFORMATTED_VALUE") == [[46347]]  # typed, as a conversion does


def test_export_csv_tsv_xlsx_and_pdf(config, sheets, drive, book):
    import io
    import zipfile

    sheets.spreadsheets().values().update(spreadsheetId=book, range="A1", valueInputOption="USER_ENTERED",
                                          body={"values": [["name", "n"], ["Ana, A.", "=1+1"]]}).execute()
    exported = {mime: drive.files().export(fileId=book, mimeType=mime).execute()
                for mime in ("text/csv", "text/tab-separated-values", "application/pdf",
                             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}
    assert exported["text/csv"] == b'name,n\r\n"Ana, A.",2\r\n'
    assert exported["text/tab-separated-values"] == b"name\tn\r\nAna, A.\t2\r\n"
    assert exported["application/pdf"].startswith(b"%PDF-1.4") and exported["application/pdf"].endswith(b"%%EOF\n")
    with zipfile.ZipFile(io.BytesIO(exported[
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"])) as zf:
        assert "xl/worksheets/sheet1.xml" in zf.namelist()
        assert b"Ana, A." in zf.read("xl/worksheets/sheet1.xml")
    from googleapiclient.errors import HttpError

    with pytest.raises(HttpError) as caught:
        drive.files().export(fileId=book, mimeType="image/gif").execute()
    assert caught.value.resp.status == 400


def test_comments_create_and_list_need_fields_and_revisions_list(drive, book):
    from googleapiclient.errors import HttpError

    with pytest.raises(HttpError) as caught:
        drive.comments().create(fileId=book, body={"content": "check row 4"}).execute()
    assert caught.value.resp.status == 400 and b"'fields' parameter is required" in caught.value.content
    made = drive.comments().create(fileId=book, body={"content": "check row 4"}, fields="id,content,author").execute()
    assert made["content"] == "check row 4" and made["author"]["me"] is True
    listed = drive.comments().list(fileId=book, fields="comments(id,content,resolved)").execute()
    assert listed == {"comments": [{"id": made["id"], "content": "check row 4", "resolved": False}]}
    revisions = drive.revisions().list(fileId=book).execute()
    assert revisions["kind"] == "drive#revisionList" and len(revisions["revisions"]) == 1
    assert set(revisions["revisions"][0]) == {"kind", "id", "mimeType", "modifiedTime"}
