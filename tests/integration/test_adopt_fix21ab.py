"""Issue 21, outside tester a21k: k2 (a departed person's row deleted, later a namesake with another phone
added: a NEW ID, never the departed one's, said EN/ES) and k10 (a row cut from one organizer's sheet and pasted
under another's: "sorted away", and its emptied row is not also "Date is empty / Person is empty"). The CLI
against the emulator; staff edits through the Sheets API."""

from __future__ import annotations

from tests.integration import test_adopt_attacks as attacks
from tests.integration.test_adopt_fix21q import _adopt_out, _overdue_out
from tests.integration.test_adopt_fix21w import _check_out
from tests.integration.test_adopt_write_safety import _rows
from turfbook.cli import main
from turfbook.workspace.sheets import CellWrite

book = attacks.book

PEOPLE = [["Name", "Phone"], ["Bo Li", "p0"], ["Ana Ruiz", "p1"], ["Bea Soto", "p2"]]
CONVOS = [["Date", "Name", "F/U date", "Notes"], ["11/2/2026", "Ana Ruiz", "11/10/2026", ""]]
DELETE_ANA = {"deleteDimension": {"range": {"sheetId": 0, "dimension": "ROWS", "startIndex": 2, "endIndex": 3}}}


def _people(sheets) -> list[tuple[str, str, str]]:
    rows = _rows(sheets, "Contacts")
    at = rows[0].index("ID")
    return [(r[0], r[1], r[at]) for r in rows[1:]]


def _ana_gone(book, capsys):
    sheets, path = book({"Contacts": PEOPLE, "Convos": CONVOS}, "USER_ENTERED")
    assert main(["--config", path, "sheets", "adopt"]) == 0
    ana = [i for _n, p, i in _people(sheets) if p == "p1"][0]
    sheets.batch_update([DELETE_ANA])
    _overdue_out(path, capsys, "2026-11-16")
    _check_out(path, capsys)
    return sheets, path, ana


def test_k2_a_namesake_added_after_the_departed_row_was_deleted_gets_a_new_id_said(emulator, book, capsys):
    """k2: Ana Ruiz (p1) leaves, her People row deleted, jobs run; weeks later ANOTHER Ana Ruiz (p7) is added:
    her name is the departed Ana's key, her phone is not: a new ID, never P-000002 (nor its history), said."""
    sheets, path, ana = _ana_gone(book, capsys)
    sheets.write([CellWrite("'Contacts'!A4", [["Ana Ruiz", "p7"]])], input_option="USER_ENTERED")
    _overdue_out(path, capsys, "2026-12-01")
    check = _check_out(path, capsys)
    new = [i for _n, p, i in _people(sheets) if p == "p7"]
    assert new and new[0] and new[0] != ana, (new, ana, check)
    assert "exactly that of" not in check, check
    assert (f"'Contacts' row 4 has the Name of {ana}, whose row was removed or ID cell cleared, but other cells differ "
            f"(the record edited, or someone else): given the new ID {new[0]}") in check
    assert f"type {ana} into its ID cell" in check and f"delete {new[0]}" not in check, check
    assert f"'Contacts' fila 4 tiene Nombre de {ana}" in check and f"recibió el ID nuevo {new[0]}" in check


def test_k2_the_same_person_typed_again_exactly_still_gets_her_id_back(emulator, book, capsys):
    """k2's other side (a21j 3 kept): every staff cell the departed record's: her ID back, said."""
    sheets, path, ana = _ana_gone(book, capsys)
    sheets.write([CellWrite("'Contacts'!A4", [["Ana Ruiz", "p1"]])], input_option="USER_ENTERED")
    check = _check_out(path, capsys)
    assert [i for _n, p, i in _people(sheets) if p == "p1"] == [ana], check
    assert f"'Contacts' row 4 had no ID; its content is exactly that of {ana}" in check


def test_k2_through_sheets_adopt_the_namesake_is_said_in_its_report(emulator, book, capsys):
    sheets, path, ana = _ana_gone(book, capsys)
    sheets.write([CellWrite("'Contacts'!A4", [["Ana Ruiz", "p7"]])], input_option="USER_ENTERED")
    out = _adopt_out(path, capsys)
    new = [i for _n, p, i in _people(sheets) if p == "p7"]
    assert new[0] != ana and f"has the Name of {ana}" in out and "exactly that of" not in out, out


HEAD = ["Date", "Name", "F/U date", "Notes"]


def test_k10_a_row_cut_to_another_organizers_sheet_is_sorted_away_not_also_empty(emulator, book, capsys):
    """k10: Ana's A:D cut from 'Convos - Rosa' (the ID stays behind) and pasted under 'Convos - Luis''s last
    row: the tab is held ("sorted away"), and Rosa's emptied row is not also "Date is empty / Person is empty";
    `sheets adopt` puts C-000001 on Luis's row with its OVERDUE flag."""
    sheets, path = book({"Staff": [["Name", "Email"], ["Rosa Díaz", "r@x.org"], ["Luis Mora", "l@x.org"]],
                         "Contacts": [["Name", "Phone"], ["Ana Núñez", "5551234567"], ["Bo Li", "5551234568"],
                                      ["Eva Long", "5551234569"]],
                         "Convos - Rosa": [HEAD, ["11/2/2026", "Ana Núñez", "11/10/2026", ""],
                                           ["11/3/2026", "Bo Li", "11/11/2026", ""]],
                         "Convos - Luis": [HEAD, ["11/6/2026", "Eva Long", "11/12/2026", ""]]}, "USER_ENTERED")
    assert main(["--config", path, "sheets", "adopt"]) == 0
    _overdue_out(path, capsys, "2026-11-15")
    meta = sheets.metadata("sheets(properties(sheetId,title))")
    sid = {s["properties"]["title"]: s["properties"]["sheetId"] for s in meta["sheets"]}
    sheets.batch_update([{"cutPaste": {"source": {"sheetId": sid["Convos - Rosa"], "startRowIndex": 1,
                                                  "endRowIndex": 2, "startColumnIndex": 0, "endColumnIndex": 4},
                                       "destination": {"sheetId": sid["Convos - Luis"], "rowIndex": 2,
                                                       "columnIndex": 0}, "pasteType": "PASTE_NORMAL"}}])
    for out in (_overdue_out(path, capsys, "2026-11-16"), _check_out(path, capsys)):
        assert "sorted" in out and "is empty" not in out and "está vací" not in out, out
    problems = [r for r in _rows(sheets, "Problems")[1:] if "empty" in " ".join(map(str, r))]
    assert problems == [], problems
    _adopt_out(path, capsys)
    luis = _rows(sheets, "Convos - Luis")
    ana = [r for r in luis if r[1] == "Ana Núñez"][0]
    assert ana[luis[0].index("ID")] == "C-000001" and str(ana[luis[0].index("Status")]).startswith("OVERDUE")
