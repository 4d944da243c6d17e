"""Issue 21, outside tester a21n 1 and 2: the advice "type C-000001 into its ID cell" (fix21ai) kept in the
cases staff actually meet. The CLI against the emulator; staff edits through the Sheets API.

1. Zed's ID cell cleared and, the same night, his Notes cell or F/U date edited (key cells unchanged; People:
   Ana's phone). Was: "taken as someone else … change it back and delete C-000003's row" (his only row), and
   C-000001 typed back was held as a sort; `sheets adopt` then kept C-000003. Now: the advice is to type
   C-000001 back, and that is kept, with its status and flagged-at, no second "newly overdue".
2. C-000001 typed back as a phone types it ('c-000001', ' C-000001 '): was a blank Status and Flagged at while
   the digest still counted it. Now it is C-000001 everywhere (id_text): the check writes the cell C-000001 and
   says so EN/ES, its status and flagged-at show again."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.integration import test_adopt_attacks as attacks
from tests.integration.test_adopt_fix21ai import TABS
from tests.integration.test_adopt_fix21q import _adopt_out, _overdue_out
from tests.integration.test_adopt_fix21w import _check_out
from tests.integration.test_adopt_fix21x import _follow_ups
from tests.integration.test_adopt_write_safety import _rows
from turfbook.cli import main
from turfbook.workspace.sheets import CellWrite

book = attacks.book

EDITS = {"note": ("D2", "zed; called back 11/16"), "resched": ("C2", "11/18/2026")}


def _zed(sheets) -> tuple[str, str, str]:
    rows = _rows(sheets, "Convos")
    head = rows[0]
    return rows[1][head.index("ID")], rows[1][head.index("Status")], rows[1][head.index("Flagged at")]


def _id_column(sheets, title: str) -> str:
    return chr(ord("A") + _rows(sheets, title)[0].index("ID"))


def _cleared_and_edited(book, capsys, edit: str):
    """Adopted, overdue flags Zed on 11/15; then his ID cell cleared and his note (or F/U date) edited."""
    sheets, path = book(TABS, "USER_ENTERED")
    assert main(["--config", path, "sheets", "adopt"]) == 0
    _check_out(path, capsys)
    _overdue_out(path, capsys, "2026-11-15")
    before = _zed(sheets)
    assert before[0] == "C-000001" and before[2], before
    col = _id_column(sheets, "Convos")
    cell, value = EDITS[edit]
    sheets.write([CellWrite(f"'Convos'!{col}2", [[""]])], input_option="RAW")
    sheets.write([CellWrite(f"'Convos'!{cell}", [[value]])], input_option="USER_ENTERED")
    return sheets, path, before, col


@pytest.mark.parametrize("edit", ["note", "resched"])
def test_n1_the_advice_is_to_type_the_old_id_back_and_that_is_kept(emulator, book, capsys, edit):
    sheets, path, before, col = _cleared_and_edited(book, capsys, edit)
    check = _check_out(path, capsys)
    new = _zed(sheets)[0]
    assert new == "C-000003", check
    assert "If row 2 is C-000001's record, edited, type C-000001 into its ID cell" in check, check
    assert "escriba C-000001 en su celda ID" in check, check
    assert f"delete {new}" not in check and f"borre la fila de {new}" not in check, check
    night = _overdue_out(path, capsys, "2026-11-16")
    assert "sorted" not in night, night
    sheets.write([CellWrite(f"'Convos'!{col}2", [["C-000001"]])], input_option="RAW")     # the advice followed
    check = _check_out(path, capsys)
    assert "sorted" not in check and "C-000003" not in check, check
    out = _overdue_out(path, capsys, "2026-11-19")
    assert "sorted" not in out and "newly overdue: 1" not in out, out
    status = "OVERDUE 9d" if edit == "note" else "OVERDUE 1d"          # F/U date moved to 11/18
    assert _zed(sheets) == ("C-000001", status, before[2]), before          # the same flagged-at date
    adopt = _adopt_out(path, capsys)                    # what a held tab used to advise: C-000001 stays
    assert "C-000003" not in adopt, adopt
    assert _zed(sheets)[0] == "C-000001"
    sheets.write([CellWrite(f"'Convos'!{col}2", [[""]])], input_option="RAW")     # cleared again, nothing edited
    check = _check_out(path, capsys)
    assert _zed(sheets)[0] == "C-000001", check          # given back: the freshest ID of that content


def test_n1c_people_phone_edited_the_same_night(emulator, book, capsys):
    convos = [["Date", "Name", "F/U date", "Notes"], ["11/2/2026", "Ana Ruiz", "11/10/2026", ""]]
    sheets, path = book({"Contacts": [["Name", "Phone"], ["Ana Ruiz", "5551234567"], ["Bo Li", "5551234568"]],
                         "Convos": convos}, "USER_ENTERED")
    assert main(["--config", path, "sheets", "adopt"]) == 0
    _check_out(path, capsys)
    col = _id_column(sheets, "Contacts")
    sheets.write([CellWrite(f"'Contacts'!{col}2", [[""]]), CellWrite("'Contacts'!B2", [["5559990000"]])],
                 input_option="RAW")
    check = _check_out(path, capsys)
    new = _rows(sheets, "Contacts")[1][int(ord(col) - ord("A"))]
    assert new == "P-000003" and "type P-000001 into its ID cell" in check and f"delete {new}" not in check, check
    sheets.write([CellWrite(f"'Contacts'!{col}2", [["P-000001"]])], input_option="RAW")
    check = _check_out(path, capsys)
    assert "sorted" not in check, check
    assert _rows(sheets, "Contacts")[1][int(ord(col) - ord("A"))] == "P-000001"


@pytest.mark.parametrize("typed", ["c-000001", " C-000001 ", "C-000001\n"])
def test_n1b_the_id_typed_back_on_a_phone_is_that_id(emulator, book, capsys, typed):
    sheets, path = book(TABS, "USER_ENTERED")
    assert main(["--config", path, "sheets", "adopt"]) == 0
    _overdue_out(path, capsys, "2026-11-15")
    before = _zed(sheets)
    col = _id_column(sheets, "Convos")
    sheets.write([CellWrite(f"'Convos'!{col}2", [[""]]), CellWrite("'Convos'!B2", [["Zed Ames"]])],
                 input_option="RAW")
    assert "type C-000001 into its ID cell" in _check_out(path, capsys)
    sheets.write([CellWrite(f"'Convos'!{col}2", [[typed]])], input_option="RAW")
    check = _check_out(path, capsys)
    shown = typed.replace("\n", " ")
    assert f"the ID cell holds '{shown}', which Turfbook reads as C-000001" in check, check
    assert "que Turfbook lee como C-000001" in check and "is not a C- ID" not in check, check
    out = _overdue_out(path, capsys, "2026-11-19")
    assert "newly overdue: 1" not in out and "sorted" not in out, out
    assert _zed(sheets) == ("C-000001", before[1].replace("5d", "9d"), before[2])
    follow = _follow_ups(book.config, dt.date(2026, 11, 19))
    assert follow.overdue.now == 1, follow           # the digest: the same one overdue follow-up
    again = _check_out(path, capsys)
    assert "the ID cell holds" not in again, again


def test_a_cell_that_is_no_id_says_what_to_do_in_both_languages(emulator, book, capsys):
    sheets, path = book(TABS, "USER_ENTERED")
    assert main(["--config", path, "sheets", "adopt"]) == 0
    col = _id_column(sheets, "Convos")
    sheets.write([CellWrite(f"'Convos'!{col}2", [["call Zed"]])], input_option="RAW")
    check = _check_out(path, capsys)
    assert "ID 'call Zed' is not a C- ID (C-000001: capitals and spaces aside)" in check, check
    assert "el ID 'call Zed' no es un ID C-" in check, check
