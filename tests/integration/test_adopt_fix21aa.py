"""Issue 21, outside tester a21k k4, k5, k1: a row used as a template (pasted with its ID above or below the
record) and typed over with the KEY cells unchanged (a second conversation with Ana the same day; a namesake in
People). The key alone called the rows "alike" and Turfbook waited (k5, k1) or took the copy for the record by
position (k4: overdue cleared the record's OVERDUE flag from the copy's dates). Now every staff cell tells them
apart (id_owners.as_stored: the every-cell hash stored for each ID): the row still as stored keeps the ID and its
flag, the other gets its own ID, said by `sheets check` (EN / ES in the Problems tab). The CLI against the
emulator; staff edits through the Sheets API."""

from __future__ import annotations

import datetime as dt

from tests.integration import test_adopt_attacks as attacks
from tests.integration.test_adopt_fix21q import _adopt_out, _adopted, _overdue_out
from tests.integration.test_adopt_fix21w import ALIKE, _check_out
from tests.integration.test_adopt_fix21x import _follow_ups
from tests.integration.test_adopt_write_safety import _rows
from turfbook.cli import main
from turfbook.workspace.sheets import CellWrite

book = attacks.book
ANA_DUE = 46336             # 11/10/2026, Ana's follow-up (OVERDUE since the 11/15 run)


def _view(sheets) -> list[tuple]:
    """(name, F/U date, notes, ID, status, flagged at) of each Convos row."""
    rows = _rows(sheets)
    h = rows[0]
    return [(r[1], r[3], r[4], r[h.index("ID")], r[h.index("Status")], str(r[h.index("Flagged at")]))
            for r in rows[1:]]


def _template(sheets, sheet_id: int, record: int, at: int, width: int) -> None:
    """A row inserted at 0-based `at` and the record's row (0-based, as it is after the insert) pasted there."""
    sheets.batch_update([{"insertDimension": {"range": {"sheetId": sheet_id, "dimension": "ROWS", "startIndex": at,
                                                        "endIndex": at + 1}, "inheritFromBefore": False}},
                         {"copyPaste": {"source": {"sheetId": sheet_id, "startRowIndex": record,
                                                   "endRowIndex": record + 1, "startColumnIndex": 0,
                                                   "endColumnIndex": width},
                                        "destination": {"sheetId": sheet_id, "startRowIndex": at, "endRowIndex": at + 1,
                                                        "startColumnIndex": 0, "endColumnIndex": width},
                                        "pasteType": "PASTE_NORMAL"}}])


def _problems_tab(sheets) -> str:
    return "\n".join(" | ".join(map(str, r)) for r in sheets.read_tabs(["Problems"])["Problems"])


def test_k4_a_same_day_conversation_from_a_template_above_never_clears_the_records_flag(emulator, book, capsys):
    """k4: a row inserted ABOVE Ana's, her row pasted (C-000001 with it), a new F/U date (12/30) and notes typed:
    date and person unchanged. Overdue (before any `sheets check`) reads no notes, so it cannot tell the record
    from the copy (a21n n3): it writes neither row's dates, C-000001's Status says it waits (never cleared, never
    the record's flag shown on the copy due 12/30), its flagged-at kept; `sheets check` gives the copy its own ID
    (said, naming the copy); the next night both are right and the digest counts Ana's and Bea's follow-ups."""
    sheets, path = _adopted(book, capsys)
    before = _view(sheets)
    assert before[0][3] == "C-000001" and before[0][4].startswith("OVERDUE")
    _template(sheets, 1, 2, 1, 6)
    sheets.write([CellWrite("'Convos'!D2", [["12/30/2026", "call after the visit, same day"]])],
                 input_option="USER_ENTERED")
    night = _overdue_out(path, capsys, "2026-11-16")
    assert "cleared: 0" in night and "cleared: 1" not in night, night
    now = _view(sheets)
    assert now[1][:4] == ("Ana Ruiz", ANA_DUE, "", "C-000001") and now[1][4].startswith("waits: ID on 2 rows")
    assert now[1][5] == before[0][5]                                    # flagged at: kept
    check = _check_out(path, capsys)
    assert "assigned 1 ID(s)" in check and ALIKE not in check, check
    new = _view(sheets)[0]
    assert new[2] == "call after the visit, same day" and new[3] not in {r[3] for r in before}, new
    assert f"'Convos' row 2: ID C-000001 is copied from row 3; this copy now has its own ID, {new[3]}" in \
        _problems_tab(sheets)
    _overdue_out(path, capsys, "2026-11-17")
    after = _view(sheets)
    assert after[1][3] == "C-000001" and after[1][4].startswith("OVERDUE") and after[1][5] == before[0][5]
    assert after[0][3] == new[3] and after[0][4] == "" and after[0][5] in ("", "None")      # due 12/30: not yet
    assert _follow_ups(book.config, dt.date(2026, 11, 17)).overdue.now == 2       # Ana's 11/10 and Bea's 11/12
    _adopt_out(path, capsys)
    assert [r[3] for r in _view(sheets)] == [r[3] for r in after]                  # a re-adopt moves no ID


def test_k5_a_same_day_conversation_from_a_template_below_gets_its_own_id_and_flag(emulator, book, capsys):
    """k5: the same pasted BELOW Ana's row (F/U date 11/14): Ana keeps C-000001 and its flag, the new row no
    longer waits "same content": `sheets check` gives it its own ID, and the next night flags it OVERDUE on its
    own dates (3d), not the record's 7d; three follow-ups overdue by hand: Ana's two and Bea's."""
    sheets, path = _adopted(book, capsys)
    before = _view(sheets)
    _template(sheets, 1, 1, 2, 6)
    sheets.write([CellWrite("'Convos'!D3", [["11/14/2026", "call after the visit, same day"]])],
                 input_option="USER_ENTERED")
    _overdue_out(path, capsys, "2026-11-16")
    now = _view(sheets)                 # before `sheets check`: overdue cannot tell them apart (no notes read)
    assert now[0][3] == "C-000001" and now[0][4].startswith("waits:") and now[0][5] == before[0][5]
    check = _check_out(path, capsys)
    assert "assigned 1 ID(s)" in check and ALIKE not in check, check
    new = _view(sheets)[1][3]
    assert new not in {r[3] for r in before}
    assert f"'Convos' row 3: ID C-000001 is copied from row 2; this copy now has its own ID, {new}" in \
        _problems_tab(sheets)
    _overdue_out(path, capsys, "2026-11-17")
    after = _view(sheets)
    assert after[0][:4] == ("Ana Ruiz", ANA_DUE, "", "C-000001") and after[0][4] == "OVERDUE 7d"
    assert after[1][3] == new and after[1][4] == "OVERDUE 3d" and after[1][5] not in ("", "None", before[0][5])
    assert _follow_ups(book.config, dt.date(2026, 11, 17)).overdue.now == 3


def test_k1_a_namesake_typed_over_a_template_copy_gets_its_own_id(emulator, book, capsys):
    """k1: Ana Ruiz's People row pasted above hers as a template, a namesake 'Ana Ruíz' (the keys fold accents:
    the same key) with another phone typed over it: the original (phone p1) keeps P-000002, the newcomer gets
    a new ID from `sheets check` (said, naming the copy), and `sheets adopt` after it moves nothing."""
    people = [["Name", "Phone"], ["Bo Li", "p0"], ["Ana Ruiz", "p1"], ["Bea Soto", "p2"]]
    convos = [["Date", "Name", "F/U date", "Notes"], ["11/2/2026", "Bo Li", "11/30/2026", ""]]
    sheets, path = book({"Contacts": people, "Convos": convos}, "USER_ENTERED")
    assert main(["--config", path, "sheets", "adopt"]) == 0

    def contacts():
        rows = _rows(sheets, "Contacts")
        return [(r[0], r[1], r[rows[0].index("ID")]) for r in rows[1:]]

    before = contacts()
    assert before[1] == ("Ana Ruiz", "p1", "P-000002")
    _template(sheets, 0, 3, 2, 8)
    sheets.write([CellWrite("'Contacts'!A3", [["Ana Ruíz", "p9"]])], input_option="USER_ENTERED")
    _overdue_out(path, capsys, "2026-11-16")
    check = _check_out(path, capsys)
    assert "assigned 1 ID(s)" in check and ALIKE not in check, check
    after = contacts()
    assert [(n, p) for n, p, i in after if i == "P-000002"] == [("Ana Ruiz", "p1")], after
    newcomer = after[1]
    assert newcomer[:2] == ("Ana Ruíz", "p9") and newcomer[2] not in {i for _, _, i in before}
    assert f"'Contacts' row 3: ID P-000002 is copied from row 4; this copy now has its own ID, {newcomer[2]}" in \
        _problems_tab(sheets)
    _adopt_out(path, capsys)
    assert contacts() == after


def test_neither_row_as_stored_waits_said_and_overdue_leaves_the_flag_as_it_is(emulator, book, capsys):
    """The k4 paste, then the record's own row edited too (notes added): neither row is as stored, so which is
    the record is a guess: no new ID, the problem says their cells differ (EN / ES) and how to end the wait
    without losing anything (clear the copy's ID cell), and overdue writes neither row's dates: C-000001's Status
    says it waits (a21n n3: not a stale OVERDUE shown on the copy due 12/30 too), its flagged-at kept."""
    sheets, path = _adopted(book, capsys)
    before = _view(sheets)
    _template(sheets, 1, 2, 1, 6)
    sheets.write([CellWrite("'Convos'!D2", [["12/30/2026", "call after the visit, same day"]]),
                  CellWrite("'Convos'!E3", [["first visit"]])], input_option="USER_ENTERED")
    night = _overdue_out(path, capsys, "2026-11-16")
    assert "cleared: 0" in night and "IDs on rows that differ, waiting" in night, night
    assert "rows holding a copy of another row's ID" not in night, night        # `sheets check` gives none
    now = _view(sheets)
    assert [r[3] for r in now[:2]] == ["C-000001", "C-000001"]
    assert now[0][4] == now[1][4] == "waits: ID on 2 rows, see Problems / espera: ID en 2 filas, vea Problems"
    assert now[1][5] == before[0][5]
    check = _check_out(path, capsys)
    assert "assigned 0 ID(s)" in check and "'Convos' rows 2 and 3 both hold C-000001; their cells differ" in check
    assert "clear the ID cell of the row that is the NEW record (the copy)" in check
    assert "'Convos' filas 2 y 3 tienen ambas C-000001; sus celdas difieren" in _problems_tab(sheets)
    assert [r[3] for r in _view(sheets)[:2]] == ["C-000001", "C-000001"]
