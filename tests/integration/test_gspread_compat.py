"""gspread's ordinary calls work unchanged against the emulator."""

from __future__ import annotations

import gspread
import pytest

from turfbook.workspace import transport


@pytest.fixture
def gc(config):
    return transport.gspread_client(config)


@pytest.fixture
def sh(gc, config):
    """A new spreadsheet: through Drive files.create as gspread does, or spreadsheets.create."""
    try:
        return gc.create("Compat")
    except gspread.exceptions.APIError as exc:
        if exc.code not in (403, 404, 501):  # 403: a service account has no My Drive storage
            raise
    sheets = transport.api_client(config, "sheets", "v4")
    created = sheets.spreadsheets().create(body={"properties": {"title": "Compat"}}).execute()
    return gc.open_by_key(created["spreadsheetId"])


def test_open_by_key_and_worksheets(gc, sh):
    again = gc.open_by_key(sh.id)
    assert again.title == "Compat"
    assert [ws.title for ws in again.worksheets()] == ["Sheet1"]
    assert again.sheet1.id == 0
    assert again.sheet1.row_count == 1000 and again.sheet1.col_count == 26


def test_update_get_all_values_and_records(sh):
    ws = sh.sheet1
    ws.update([["id", "name", "age"], ["P-1", "Ana", 31], ["P-2", "Bo", "27"]], "A1")
    assert ws.get_all_values() == [["id", "name", "age"], ["P-1", "Ana", "31"], ["P-2", "Bo", "27"]]
    assert ws.get_all_records() == [{"id": "P-1", "name": "Ana", "age": 31}, {"id": "P-2", "name": "Bo", "age": 27}]
    assert ws.acell("B2").value == "Ana"
    assert ws.get("A2:B3") == [["P-1", "Ana"], ["P-2", "Bo"]]


def test_user_entered_update_and_unformatted_read(sh):
    ws = sh.sheet1
    ws.update([["11/21/2026", "=2*21"]], "A1", value_input_option="USER_ENTERED")
    assert ws.get("A1:B1") == [["11/21/2026", "42"]]
    raw = ws.get("A1:B1", value_render_option=gspread.utils.ValueRenderOption.unformatted)
    assert raw == [[46347, 42]]
    formula = ws.get("B1", value_render_option=gspread.utils.ValueRenderOption.formula)
    assert formula == [["=2*21"]]


def test_batch_update_and_append_rows(sh):
    ws = sh.sheet1
    ws.batch_update([{"range": "A1:B1", "values": [["id", "name"]]}, {"range": "A2", "values": [["P-1"]]}])
    ws.append_rows([["P-2", "Bo"], ["P-3", "Cy"]])
    assert ws.get_all_values() == [["id", "name"], ["P-1", ""], ["P-2", "Bo"], ["P-3", "Cy"]]


def test_add_worksheet_freeze_format_sort(sh):
    ws = sh.add_worksheet("Structure tests", rows=20, cols=5)
    assert ws.title == "Structure tests" and ws.row_count == 20 and ws.col_count == 5
    ws.update([["name", "n"], ["b", 2], ["a", 3], ["c", 1]], "A1")
    ws.freeze(rows=1)
    ws.format("A1:B1", {"textFormat": {"bold": True}, "backgroundColor": {"red": 0.9, "green": 0.9, "blue": 0.9}})
    ws.sort((2, "asc"), range="A2:B4")
    assert ws.get_all_values() == [["name", "n"], ["c", "1"], ["b", "2"], ["a", "3"]]
    reopened = sh.worksheet("Structure tests")
    assert reopened.frozen_row_count == 1
    data = sh.fetch_sheet_metadata({"includeGridData": "true", "ranges": ["'Structure tests'!A1"]})
    fmt = data["sheets"][0]["data"][0]["rowData"][0]["values"][0]["userEnteredFormat"]
    assert fmt["textFormat"]["bold"] is True


def test_insert_and_delete_rows(sh):
    ws = sh.sheet1
    ws.update([["h"], ["r2"], ["r3"]], "A1")
    ws.insert_rows([["new"]], row=2)
    assert ws.col_values(1) == ["h", "new", "r2", "r3"]
    ws.delete_rows(2, 3)
    assert ws.col_values(1) == ["h", "r3"]
    assert sh.worksheet("Sheet1").row_count == 999


def test_errors_surface_as_api_errors(sh):
    with pytest.raises(gspread.exceptions.APIError) as caught:
        sh.values_get("Nope!A1")
    assert caught.value.code == 400
    with pytest.raises(gspread.exceptions.WorksheetNotFound):
        sh.worksheet("Nope")


def test_worksheet_housekeeping(sh):
    ws = sh.add_worksheet("Tmp", rows=10, cols=4)
    ws.update_title("Renamed")
    ws.resize(rows=30, cols=6)
    again = sh.worksheet("Renamed")
    assert (again.row_count, again.col_count) == (30, 6)
    ws.update([["a", "b", "c"]], "A1")
    ws.insert_cols([["x"]], col=2)
    assert ws.row_values(1) == ["a", "x", "b", "c"]
    ws.delete_columns(1)
    assert ws.row_values(1) == ["x", "b", "c"]
    ws.columns_auto_resize(0, 3)
    copy = sh.duplicate_sheet(ws.id, new_sheet_name="Copy")
    assert copy.get_all_values() == [["x", "b", "c"]]
    sh.del_worksheet(copy)
    assert [w.title for w in sh.worksheets()] == ["Sheet1", "Renamed"]


def test_notes_clear_merge_and_protection(sh):
    ws = sh.sheet1
    ws.update([["a", "b"], ["c", "d"]], "A1")
    ws.update_note("A1", "header note")
    assert ws.get_note("A1") == "header note"
    ws.merge_cells("A5:B5")
    ws.add_protected_range("B:B", warning_only=True, description="service column")
    ws.batch_clear(["B1:B2"])
    assert ws.get_all_values() == [["a"], ["c"]]
    ws.update_acell("C1", "=1+1")
    assert ws.acell("C1").value == "2"
    ws.clear()
    assert ws.get_all_values() in ([], [[]])
    meta = sh.fetch_sheet_metadata()
    assert meta["sheets"][0]["merges"][0]["startRowIndex"] == 4
    assert meta["sheets"][0]["protectedRanges"][0]["description"] == "service column"


def test_batch_get_and_update_cells(sh):
    ws = sh.sheet1
    cells = ws.range("A1:B2")
    for cell, value in zip(cells, ["1", "2", "3", "4"], strict=True):
        cell.value = value
    ws.update_cells(cells)
    got = sh.values_batch_get(["Sheet1!A1:A2", "Sheet1!B1:B2"])
    assert [r["values"] for r in got["valueRanges"]] == [[["1"], ["3"]], [["2"], ["4"]]]
    ws.batch_format([{"range": "A1:B1", "format": {"textFormat": {"italic": True}}}])
    ws.set_basic_filter("A1:B2")
    ws.hide_columns(1, 2)


def test_copy_to_another_spreadsheet(gc, sh, config):
    sh.sheet1.update([["a", "b"]], "A1")
    sheets = transport.api_client(config, "sheets", "v4")
    other = sheets.spreadsheets().create(body={"properties": {"title": "Other"}}).execute()["spreadsheetId"]
    copied = sh.sheet1.copy_to(other)
    assert copied["title"] == "Copy of Sheet1" and copied["index"] == 1
    assert gc.open_by_key(other).worksheet("Copy of Sheet1").get_all_values() == [["a", "b"]]


def test_open_by_title_and_list_through_drive(gc, sh):
    assert gc.open("Compat").id == sh.id
    assert sh.id in [s.id for s in gc.openall()]
