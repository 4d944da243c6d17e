"""Issue 21, outside tester a21h: the sort guard attacked again. A key column's header renamed (lost) while a
night's run goes (d9, d9b), a cleared row paired with a new one (d12), same-named people (d8). The CLI against
the emulator; staff edits through the Sheets API. One test per finding."""

from __future__ import annotations

import pytest

from tests.integration import test_adopt_attacks as attacks
from tests.integration.test_adopt_fix21q import _adopt_out, _adopted, _flagged, _overdue_out, _sort
from tests.integration.test_adopt_write_safety import _ids, _rows
from turfbook.cli import main
from turfbook.workspace.sheets import CellWrite

book = attacks.book

SORTED = "rows were sorted without Turfbook's ID column"


def _sort_people(sheets, rows: int) -> None:
    sheets.batch_update([{"sortRange": {"range": {"sheetId": 0, "startRowIndex": 1, "endRowIndex": rows,
                                                  "startColumnIndex": 0, "endColumnIndex": 2},
                                        "sortSpecs": [{"dimensionIndex": 0, "sortOrder": "DESCENDING"}]}}])


def test_d9_a_key_column_renamed_over_a_night_keeps_the_stored_keys_so_the_sort_is_noticed_after(
        emulator, book, capsys):
    """d9: Convos' Name header renamed (the column lost), a night's overdue runs, staff sort, rename it back:
    the keys were neither refreshed nor compared while Name was lost, so the sort is noticed and put back."""
    sheets, path = _adopted(book, capsys)
    ids, before = _ids(sheets), _flagged(sheets)
    sheets.write([CellWrite("'Convos'!B1", [["Columna B"]])], input_option="RAW")
    assert "is not found any more" in _overdue_out(path, capsys, "2026-11-16")
    _sort(sheets, 7)
    _overdue_out(path, capsys, "2026-11-17")
    sheets.write([CellWrite("'Convos'!B1", [["Name"]])], input_option="RAW")
    assert SORTED in _overdue_out(path, capsys, "2026-11-17")
    assert "put back with their rows" in _adopt_out(path, capsys)
    assert _ids(sheets) == ids and _flagged(sheets) == before


@pytest.mark.parametrize("header", ["Columna A", ""])
def test_d9b_people_name_renamed_over_a_night_then_sorted_is_noticed_after(emulator, book, capsys, header):
    """d9b: People's key is the name only: with Name lost every key was blank and the stored keys were
    replaced by none, so the sort was never caught. Now the keys stay as they were until Name is found."""
    sheets, path = _adopted(book, capsys)
    ids = _ids(sheets, "Contacts")
    sheets.write([CellWrite("'Contacts'!A1", [[header]])], input_option="RAW")
    _overdue_out(path, capsys, "2026-11-16")
    _sort_people(sheets, len(_rows(sheets, "Contacts")))
    _overdue_out(path, capsys, "2026-11-17")
    sheets.write([CellWrite("'Contacts'!A1", [["Name"]])], input_option="RAW")
    assert SORTED in _overdue_out(path, capsys, "2026-11-17")
    assert "put back with their rows" in _adopt_out(path, capsys)
    assert _ids(sheets, "Contacts") == ids


def test_d12_a_cleared_rows_id_is_not_handed_to_a_new_record_typed_then_sorted(emulator, book, capsys):
    """d12: Bea's row cleared (it keeps C-000002), a new record typed at the bottom, a sort: the new row shares
    no word (date, name) with Bea's record, so it gets a NEW ID and the report names C-000002 as unused."""
    sheets, path = _adopted(book, capsys)
    ids = _ids(sheets)
    sheets.write([CellWrite("'Convos'!A3", [["", "", "", "", ""]]),
                  CellWrite("'Convos'!A8", [["11/18/2026", "Zed Ames", "Luis", "12/20/2026", "new"]])],
                 input_option="USER_ENTERED")
    _sort(sheets, 8, "ASCENDING")
    assert SORTED in _overdue_out(path, capsys)
    out = _adopt_out(path, capsys)
    assert "got a NEW ID" in out and "ID(s) left unused: C-000002" in out and "only ID left unused" not in out
    now = _ids(sheets)
    assert now["Zed Ames"] not in ids.values()
    assert all(now[name] == ids[name] for name in ids if name != "Bea Soto")


def test_d8_two_same_named_people_sorted_every_other_row_put_back_the_two_keep_their_two_ids(
        emulator, book, capsys):
    """d8: two 'María García' rows (one key), People sorted: every row told apart gets its ID back, the two
    Marías get the two María IDs, the tab is not held, no --accept-rows needed. Since fix21u i5 their phones
    tell them apart too: each gets her own (two of one key with the same other cells: 'check which is which',
    tests/unit/test_adopt_sorted.py)."""
    people = [["Name", "Phone"], ["Ana Ruiz", "p1"], ["María García", "p2"], ["Zed Ames", "p3"],
              ["María García", "p4"], ["Bo Li", "p5"]]
    sheets, path = book({"Contacts": people, "Convos": [["Date", "Name", "F/U date", "Notes"]]}, "USER_ENTERED")
    assert main(["--config", path, "sheets", "adopt"]) == 0
    ids = _ids(sheets, "Contacts")
    _sort_people(sheets, 6)
    assert SORTED in _overdue_out(path, capsys)
    out = _adopt_out(path, capsys)
    assert "check which is which" not in out and "accept-rows" not in out
    assert _ids(sheets, "Contacts") == ids
    assert SORTED not in _overdue_out(path, capsys)


def test_d5_a_row_cut_to_another_organizers_sheet_leaves_a_blank_row_whose_id_is_cleared(emulator, book, capsys):
    """d5: a tab per organizer; Bo's staff cells cut from 'Convos - Rosa' to the bottom of 'Convos - Luis'. The
    emptied row has only the organizer its title implies (not a staff cell): blank, so its ID cell is cleared
    and Bo keeps his ID on Luis's sheet (no new ID for the emptied row)."""
    head = ["Date", "Name", "F/U date", "Notes"]
    sheets, path = book({"Staff": [["Name", "Email"], ["Rosa Díaz", "r@x.org"], ["Luis Mora", "l@x.org"]],
                         "Contacts - Rosa": [["Name", "Phone"], ["Ana Núñez", "p1"], ["Bo Li", "p2"]],
                         "Convos - Rosa": [head, ["11/2/2026", "Ana Núñez", "11/10/2026", ""],
                                           ["11/3/2026", "Bo Li", "11/11/2026", "to Luis"],
                                           ["11/4/2026", "Ana Núñez", "12/11/2026", ""]],
                         "Contacts - Luis": [["Name", "Phone"], ["Eva Long", "p4"], ["Bo Li", "p2"]],
                         "Convos - Luis": [head, ["11/6/2026", "Eva Long", "11/12/2026", ""]]}, "USER_ENTERED")
    assert main(["--config", path, "sheets", "adopt"]) == 0
    capsys.readouterr()
    meta = sheets.metadata("sheets(properties(sheetId,title))")
    sid = {s["properties"]["title"]: s["properties"]["sheetId"] for s in meta["sheets"]}
    bo = _rows(sheets, "Convos - Rosa")[2]
    sheets.batch_update([{"cutPaste": {
        "source": {"sheetId": sid["Convos - Rosa"], "startRowIndex": 2, "endRowIndex": 3, "startColumnIndex": 0,
                   "endColumnIndex": 4},
        "destination": {"sheetId": sid["Convos - Luis"], "rowIndex": 2, "columnIndex": 0},
        "pasteType": "PASTE_NORMAL"}}])
    assert SORTED in _overdue_out(path, capsys)
    out = _adopt_out(path, capsys)
    assert "put back with their rows" in out and "NEW ID" not in out
    rosa, luis = _rows(sheets, "Convos - Rosa"), _rows(sheets, "Convos - Luis")
    at = rosa[0].index("ID")
    assert rosa[2][at] == "" and luis[2][1] == "Bo Li" and luis[2][luis[0].index("ID")] == bo[at]
