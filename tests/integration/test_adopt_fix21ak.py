"""Issue 21, outside tester a21m (m2, m3): the stored row keys (row-keys.json) were refreshed only by `sheets
adopt`/`sheets check`, never by the scheduled jobs, so a note typed on a record, nights of overdue, then a
template copy of that row (m2) or the record's ID cell lost (m3) left the copy and record unsorted. The fix:
`check` (the schema job) is a scheduled job, nightly before overdue. Here each night is that schedule:
`run check` then `run overdue`. The CLI against the emulator; staff edits through the Sheets API."""

from __future__ import annotations

from tests.integration import test_adopt_attacks as attacks
from tests.integration.test_adopt_write_safety import _rows
from turfbook.cli import main
from turfbook.config import Config
from turfbook.jobs.registry import JOB_MODULES
from turfbook.workspace.sheets import CellWrite

book = attacks.book

PEOPLE = [["Name", "Phone"], ["Ana Ruiz", "5551234567"], ["Bo Li", "5551234568"]]
CONVOS = [["Date", "Name", "F/U date", "F/U done", "Notes"], ["11/2/2026", "Ana Ruiz", "11/10/2026", "", "visit"],
          ["11/3/2026", "Bo Li", "12/11/2026", "", ""]]
NOTE = CellWrite("'Convos'!E2", [["visit; left msg 11/16"]])


def _night(path, capsys, day: str) -> str:
    """The scheduled night: check (05:30) then overdue (06:00)."""
    capsys.readouterr()
    assert main(["--config", path, "run", "check", "--today", day]) == 0
    assert main(["--config", path, "run", "overdue", "--today", day]) == 0
    return capsys.readouterr().out


def paste_above(sheets, notes: str) -> None:
    """A row inserted above Ana's (row 2), her row pasted there (her ID with it), a new F/U date and `notes` typed."""
    s = _sheet_id(sheets)
    sheets.batch_update([{"insertDimension": {"range": {"sheetId": s, "dimension": "ROWS", "startIndex": 1,
                                                        "endIndex": 2}, "inheritFromBefore": False}},
                         {"copyPaste": {"source": {"sheetId": s, "startRowIndex": 2, "endRowIndex": 3,
                                                   "startColumnIndex": 0, "endColumnIndex": 24},
                                        "destination": {"sheetId": s, "startRowIndex": 1, "endRowIndex": 2,
                                                        "startColumnIndex": 0, "endColumnIndex": 24},
                                        "pasteType": "PASTE_NORMAL"}}])
    sheets.write([CellWrite("'Convos'!C2", [["12/30/2026", "", notes]])], input_option="USER_ENTERED")


def _sheet_id(sheets, title: str = "Convos") -> int:
    meta = sheets.metadata("sheets(properties(sheetId,title))")
    return [s["properties"]["sheetId"] for s in meta["sheets"] if s["properties"]["title"] == title][0]


def _view(sheets) -> list[tuple[str, str, str, str, str]]:
    rows = _rows(sheets)
    h = rows[0]
    return [(r[1], r[4], r[h.index("ID")], r[h.index("Status")], r[h.index("Flagged at")]) for r in rows[1:] if r[1]]


def _adopted(book, capsys):
    sheets, path = book({"Contacts": PEOPLE, "Convos": CONVOS}, "USER_ENTERED")
    assert main(["--config", path, "sheets", "adopt"]) == 0
    _night(path, capsys, "2026-11-15")
    flagged = [v for v in _view(sheets) if v[0] == "Ana Ruiz"][0]
    assert flagged[2] == "C-000001" and flagged[3].startswith("OVERDUE"), flagged
    sheets.write([NOTE], input_option="USER_ENTERED")      # day 2: an ordinary edit of the record
    _night(path, capsys, "2026-11-16")
    return sheets, path, flagged[4]


def test_check_is_a_scheduled_job_before_overdue():
    assert "check" in JOB_MODULES
    schedule = Config().schedule
    assert schedule.check == "30 5 * * *" and schedule.overdue == "0 6 * * *"


def test_m2_a_template_copy_of_a_record_edited_since_adoption_gets_a_new_id(emulator, book, capsys):
    """m2: Ana's row (note typed on day 2, nights run) pasted as a template above it on day 3, a new F/U date
    and notes typed in the copy: the record keeps C-000001 and its OVERDUE flag, the copy gets a new ID."""
    sheets, path, _flagged = _adopted(book, capsys)
    paste_above(sheets, "call after the visit, same day")
    _night(path, capsys, "2026-11-17")
    view = _view(sheets)
    record = [v for v in view if v[1].startswith("visit")][0]
    copy = [v for v in view if v[1].startswith("call")][0]
    assert record[2] == "C-000001" and record[3].startswith("OVERDUE"), view
    assert copy[2] not in ("", "C-000001") and not copy[3].startswith("OVERDUE"), view


def test_m3_a_record_edited_since_adoption_whose_id_cell_was_lost_gets_its_id_back(emulator, book, capsys):
    """m3: the note typed, nights run, then Ana's A:E cut below the last row and the emptied row deleted: the
    moved row is the record as it is now, so it gets C-000001 back with its flag and flagged-at."""
    sheets, path, flagged = _adopted(book, capsys)
    s = _sheet_id(sheets)
    sheets.batch_update([{"cutPaste": {"source": {"sheetId": s, "startRowIndex": 1, "endRowIndex": 2,
                                                  "startColumnIndex": 0, "endColumnIndex": 5},
                                       "destination": {"sheetId": s, "rowIndex": 3, "columnIndex": 0},
                                       "pasteType": "PASTE_NORMAL"}},
                         {"deleteDimension": {"range": {"sheetId": s, "dimension": "ROWS", "startIndex": 1,
                                                        "endIndex": 2}}}])
    _night(path, capsys, "2026-11-17")
    out = _night(path, capsys, "2026-11-18")
    ana = [v for v in _view(sheets) if v[0] == "Ana Ruiz"][0]
    assert ana[2] == "C-000001" and ana[3].startswith("OVERDUE") and ana[4] == flagged, ana
    assert "newly" not in out.lower() or "Ana" not in out, out
