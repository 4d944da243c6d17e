"""Issue 21, outside tester a21m m11: Ana has two conversations the same day (her row pasted above as a
template, a new F/U date and notes typed; `sheets check` gave the copy C-000003). Later her original row's ID
cell is lost (its A:E cut below the last row, the emptied row deleted). The moved row's key (date and person) is
C-000001's and C-000003's alike, so it was held as a "sort" that "cannot tell apart" the two until `sheets adopt`.
Content does tell them: C-000003 is on its own row as stored, C-000001 is on no row (no sort removes an ID from
every row), and every staff cell of the moved row is C-000001's record as stored (its all-cells hash). So the
jobs do not hold the tab, and `sheets check` gives C-000001 back with its flag and flagged-at, as it does for a
key no other record has (a21j 3). A moved row edited meanwhile is no such proof: a new ID, said, never C-000001.
The CLI against the emulator; staff edits through the Sheets API."""

from __future__ import annotations

from tests.integration import test_adopt_attacks as attacks
from tests.integration.test_adopt_fix21ak import _night, _sheet_id, _view, paste_above
from turfbook.cli import main
from turfbook.workspace.sheets import CellWrite

book = attacks.book

PEOPLE = [["Name", "Phone"], ["Ana Ruiz", "5551234567"], ["Bo Li", "5551234568"]]
CONVOS = [["Date", "Name", "F/U date", "F/U done", "Notes"], ["11/2/2026", "Ana Ruiz", "11/10/2026", "", "visit"],
          ["11/3/2026", "Bo Li", "12/11/2026", "", ""]]


def _run(path, capsys, *args) -> str:
    capsys.readouterr()
    assert main(["--config", path, *args]) == 0
    return capsys.readouterr().out


def _copied_then_lost(book, capsys, edit: str | None = None):
    """Adopted, a night run (C-000001 OVERDUE), the same-day template copy above it (C-000003 after a night),
    then the original's A:E cut below the last row and its emptied row deleted (`edit`: its notes retyped)."""
    sheets, path = book({"Contacts": PEOPLE, "Convos": CONVOS}, "USER_ENTERED")
    assert main(["--config", path, "sheets", "adopt"]) == 0
    _night(path, capsys, "2026-11-15")
    paste_above(sheets, "call, same day")
    _night(path, capsys, "2026-11-16")
    before = _view(sheets)
    record = [v for v in before if v[1] == "visit"][0]
    copy = [v for v in before if v[1] == "call, same day"][0]
    assert record[2] == "C-000001" and record[3].startswith("OVERDUE") and copy[2] == "C-000003", before
    s = _sheet_id(sheets)
    sheets.batch_update([{"cutPaste": {"source": {"sheetId": s, "startRowIndex": 2, "endRowIndex": 3,
                                                  "startColumnIndex": 0, "endColumnIndex": 5},
                                       "destination": {"sheetId": s, "rowIndex": 4, "columnIndex": 0},
                                       "pasteType": "PASTE_NORMAL"}},
                         {"deleteDimension": {"range": {"sheetId": s, "dimension": "ROWS", "startIndex": 2,
                                                        "endIndex": 3}}}])
    if edit is not None:
        sheets.write([CellWrite("'Convos'!E4", [[edit]])], input_option="USER_ENTERED")
    return sheets, path, record[4]


def test_m11_a_lost_id_cell_after_a_same_day_copy_is_given_back_not_held(emulator, book, capsys):
    sheets, path, flagged = _copied_then_lost(book, capsys)
    out = _run(path, capsys, "run", "overdue", "--today", "2026-11-17")      # before any check: nothing held
    assert "sit away from" not in out and "cannot tell" not in out and "no distingue" not in out, out
    assert "newly overdue: 0" in out, out
    out = _run(path, capsys, "sheets", "check")
    assert "sit away from" not in out and "cannot tell" not in out, out
    assert "'Convos' row 4 had no ID; its content is exactly that of C-000001" in out, out
    assert "'Convos' fila 4 no tenía ID" in out, out
    view = _view(sheets)
    visit = [v for v in view if v[1] == "visit"][0]
    call = [v for v in view if v[1] == "call, same day"][0]
    assert visit[2] == "C-000001" and visit[3].startswith("OVERDUE") and visit[4] == flagged, view
    assert call[2] == "C-000003" and not call[3].startswith("OVERDUE"), view
    out = _night(path, capsys, "2026-11-18")
    assert "newly overdue: 0" in out and "sit away from" not in out, out
    assert [v for v in _view(sheets) if v[1] == "visit"][0] == ("Ana Ruiz", "visit", "C-000001", "OVERDUE 8d",
                                                                 flagged)
    ad = _run(path, capsys, "sheets", "adopt")                # nothing left to put back or give
    assert "put back" not in ad and "C-000001" not in ad, ad


def test_m11_the_same_told_by_adopt_and_its_dry_run(emulator, book, capsys):
    sheets, path, flagged = _copied_then_lost(book, capsys)
    dry = _run(path, capsys, "sheets", "adopt", "--dry-run")
    assert "cannot tell" not in dry and "no distingue" not in dry, dry
    assert "sit away" not in dry and "Rows sorted away" not in dry, dry
    ad = _run(path, capsys, "sheets", "adopt")
    assert "row 4 had no ID; its content is exactly that of C-000001" in ad, ad
    assert "cannot tell" not in ad and "no distingue" not in ad, ad
    visit = [v for v in _view(sheets) if v[1] == "visit"][0]
    assert visit[2] == "C-000001" and visit[4] == flagged, visit


def test_m11_the_moved_row_edited_meanwhile_gets_a_new_id_said_never_the_others(emulator, book, capsys):
    """Its notes retyped while its ID was gone: not exactly C-000001's record any more (nor C-000003's), so no
    guess: a new ID, said with C-000001 named (type it into the ID cell if it is that record)."""
    sheets, path, _flagged = _copied_then_lost(book, capsys, edit="visit, left a message")
    out = _run(path, capsys, "sheets", "check")
    assert "sit away from" not in out, out
    view = _view(sheets)
    moved = [v for v in view if v[1] == "visit, left a message"][0]
    call = [v for v in view if v[1] == "call, same day"][0]
    assert moved[2] not in ("", "C-000001", "C-000003") and call[2] == "C-000003", view
    assert "'Convos' row 4 has the Date and Person of C-000001" in out and moved[2] in out, out
    assert "'Convos' fila 4 tiene" in out, out
