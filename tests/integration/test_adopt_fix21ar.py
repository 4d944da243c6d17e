"""Issue 21, outside tester a21n n3 [same-day-note, done-and-copy]: `run check` nightly, but Ana's row is edited
(another note, or ✔ done) the SAME day it is pasted above as a template (the copy keeps date and name, F/U 12/30).
Neither row is as Turfbook last stored C-000001's record, so which is the record is a guess: both keep C-000001
and wait. Before, the one Status of C-000001 (looked up by ID on every row holding it) stayed "OVERDUE 6d" on
both rows (on the copy due 12/30, on the record marked done) while the digest counted 1 or 0, and the advice
("put the record's row back as it was … or delete the copy") meant undoing the ✔ or losing the new follow-up.
Now the Status says the ID waits and why (EN/ES), its Flagged at is kept, and the advice is one that loses
nothing: clear the ID cell of the copy; followed, the copy gets its own ID and the record keeps C-000001 with
its flag and flagged-at. Each night is the schedule: `run check` then `run overdue`. The CLI against the
emulator; staff edits through the Sheets API."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.integration import test_adopt_attacks as attacks
from tests.integration.test_adopt_fix21ak import _adopted, _night, paste_above
from tests.integration.test_adopt_fix21x import _follow_ups
from tests.integration.test_adopt_write_safety import _rows
from turfbook.cli import main
from turfbook.workspace.sheets import CellWrite

book = attacks.book
WAITS = "waits: ID on 2 rows, see Problems / espera: ID en 2 filas, vea Problems"
EDITS = {"same-day-note": CellWrite("'Convos'!E2", [["visit; left msg 11/16; called 11/17"]]),
         "done-and-copy": CellWrite("'Convos'!D2", [["✔"]])}


def _paste_above(sheets) -> None:
    """Day 3: a row inserted above Ana's, her row pasted there (C-000001 with it), a new F/U date and notes."""
    paste_above(sheets, "call after the visit")


def _grid(sheets) -> tuple[list[list], list[tuple]]:
    """(the staff cells A:E of each row, (ID, Status, Flagged at) of each row)."""
    rows = _rows(sheets)
    h = rows[0]
    return ([r[:5] for r in rows], [(r[h.index("ID")], r[h.index("Status")], r[h.index("Flagged at")])
                                    for r in rows[1:]])


def _overdue_now(made, day: str) -> int:
    """The digest's "overdue now" on `day` (`made`: the book fixture, for its config)."""
    return _follow_ups(made.config, dt.date.fromisoformat(day)).overdue.now


@pytest.mark.parametrize("variant", ["same-day-note", "done-and-copy"])
def test_n3_rows_that_wait_show_it_and_clearing_the_copys_id_ends_the_wait(emulator, book, capsys, variant):
    sheets, path, flagged = _adopted(book, capsys)          # C-000001 OVERDUE since 11/15, a note on day 2
    sheets.write([EDITS[variant]], input_option="RAW")      # day 3: the record edited, then pasted as a template
    _paste_above(sheets)
    night = _night(path, capsys, "2026-11-17")
    staff, view = _grid(sheets)
    assert [v[0] for v in view[:2]] == ["C-000001", "C-000001"]              # which is the record: no guess
    # (a) one truth: no stale flag on either row (the copy is due 12/30; the record may be done); the Status
    # says the ID waits, Flagged at kept; the digest counts each row's own dates (Ana's 11/10 unless done)
    assert view[0][1:] == view[1][1:] == (WAITS, flagged), view
    hand = 1 if variant == "same-day-note" else 0
    assert _overdue_now(book, "2026-11-17") == hand
    contacts = sheets.read_tabs(["Contacts"])["Contacts"]
    ana = [r for r in contacts if r and r[0] == "Ana Ruiz"][0]         # her most urgent follow-up, as the digest
    assert (ana + [""] * len(contacts[0]))[contacts[0].index("Status")] == ("OVERDUE 7d" if hand else ""), contacts
    assert "IDs on rows that differ, waiting" in night and "cleared: 0" in night and "newly overdue: 0" in night
    # (b) the advice loses nothing: clear the copy's ID cell (EN / ES), not "undo the ✔" nor "delete the copy"
    assert "clear the ID cell of the row that is the NEW record (the copy)" in night, night
    assert "borre la celda ID de la fila que es el registro NUEVO (la copia)" in night, night
    assert "delete the copy" not in night and "back as it was" not in night
    id_column = chr(ord("A") + _rows(sheets)[0].index("ID"))
    sheets.write([CellWrite(f"'Convos'!{id_column}2", [[""]])], input_option="RAW")      # the advice, followed
    night = _night(path, capsys, "2026-11-18")
    after, view = _grid(sheets)
    assert after == staff                                                  # no staff cell changed
    copy, record = view[0], view[1]
    assert copy[0] not in ("", "C-000001", "C-000002") and copy[1:] == ("", ""), view     # due 12/30: not yet
    assert record == ("C-000001", "OVERDUE 8d" if hand else "done", flagged), view
    assert "newly overdue: 0" in night and _overdue_now(book, "2026-11-18") == hand
    _night(path, capsys, "2026-11-19")
    assert [v[0] for v in _grid(sheets)[1]] == [copy[0], "C-000001", "C-000002"]         # settled
    capsys.readouterr()
    assert main(["--config", path, "sheets", "adopt"]) == 0                             # a re-adopt moves no ID
    assert [v[0] for v in _grid(sheets)[1]] == [copy[0], "C-000001", "C-000002"]
