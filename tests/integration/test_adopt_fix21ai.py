"""Issue 21, outside tester a21l l8: the same night staff clear Zed's ID cell and correct his name ("Zed Amse"
-> "Zed Ames") or his date. The strict give-back stays (fix21ab: a new ID, no guess), but `sheets check` and
`sheets adopt` SAY it, EN/ES, naming both IDs; and the advice works: C-000001 typed back into the ID cell is
kept, with its OVERDUE flagged-at date, and C-000003 goes unused silently. The CLI against the emulator."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration import test_adopt_attacks as attacks
from tests.integration.test_adopt_fix21q import _adopt_out, _overdue_out
from tests.integration.test_adopt_fix21w import _check_out
from tests.integration.test_adopt_write_safety import _rows
from turfbook.cli import main
from turfbook.workspace.sheets import CellWrite

book = attacks.book

HEAD = ["Date", "Name", "F/U date", "Notes"]
TABS = {"Contacts": [["Name", "Phone"], ["Zed Ames", "5551230001"], ["Bo Li", "5551230002"]],
        "Convos": [HEAD, ["11/2/2026", "Zed Amse", "11/10/2026", "zed"], ["11/3/2026", "Bo Li", "11/30/2026", "bo"]]}
SAID = ("'Convos' row 2 got the new ID C-000003; C-000001's record (its row removed or ID cell cleared) is on no "
        "row any more and looks like this row, edited: if row 2 is that record, type C-000001 into its ID cell")
DICHO = "'Convos' fila 2 recibió el ID nuevo C-000003; el registro de C-000001"


def _zed(sheets) -> tuple[str, str]:
    rows = _rows(sheets, "Convos")
    i, f = rows[0].index("ID"), rows[0].index("Flagged at")
    return rows[1][i], rows[1][f]


def _cleared_and_edited(book, capsys, edit: str):
    sheets, path = book(TABS, "USER_ENTERED")
    assert main(["--config", path, "sheets", "adopt"]) == 0
    _overdue_out(path, capsys, "2026-11-15")
    before = _zed(sheets)
    col = chr(ord("A") + _rows(sheets, "Convos")[0].index("ID"))
    sheets.write([CellWrite(f"'Convos'!{col}2", [[""]])], input_option="RAW")
    if edit == "name":
        sheets.write([CellWrite("'Convos'!B2", [["Zed Ames"]])], input_option="RAW")
    else:
        sheets.write([CellWrite("'Convos'!A2", [["11/3/2026"]])], input_option="USER_ENTERED")
    return sheets, path, before, col


@pytest.mark.parametrize(("edit", "nightly"), [("name", False), ("date", False), ("name", True)])
def test_l8_the_new_id_is_said_and_typing_the_old_one_back_keeps_it(emulator, book, capsys, edit, nightly):
    sheets, path, before, col = _cleared_and_edited(book, capsys, edit)
    assert before[0] == "C-000001" and before[1], before
    check = _check_out(path, capsys)
    assert SAID in check and DICHO in check, check
    assert _zed(sheets)[0] == "C-000003"
    if nightly:
        _overdue_out(path, capsys, "2026-11-16")           # the night's overdue run under the new ID
    sheets.write([CellWrite(f"'Convos'!{col}2", [["C-000001"]])], input_option="RAW")     # the advice followed
    check = _check_out(path, capsys)
    assert "C-000003" not in check and "sorted" not in check, check
    out = _overdue_out(path, capsys, "2026-11-17")
    assert "newly overdue: 1" not in out and "sorted" not in out, out
    assert _zed(sheets) == before
    again = _check_out(path, capsys)
    assert "C-000003" not in again and "sorted" not in again and "C-000001's record" not in again, again


def test_l8_sheets_adopt_says_it_too(emulator, book, capsys):
    sheets, path, _before, _col = _cleared_and_edited(book, capsys, "name")
    out = _adopt_out(path, capsys)
    es = (Path(path).parent / "adoption-report.es.md").read_text(encoding="utf-8")
    assert SAID in out and DICHO in es, (out, es)


def test_l8_a_new_person_sharing_one_word_is_not_said(emulator, book, capsys):
    """Only a row holding every word of the gone record's key cells but one: a new visit to someone else that
    day (shares the date only) is not said to be C-000001."""
    sheets, path = book(TABS, "USER_ENTERED")
    assert main(["--config", path, "sheets", "adopt"]) == 0
    col = chr(ord("A") + _rows(sheets, "Convos")[0].index("ID"))
    sheets.write([CellWrite(f"'Convos'!{col}2", [[""]])], input_option="RAW")
    sheets.write([CellWrite("'Convos'!B2", [["Ana Ruiz"]])], input_option="RAW")
    check = _check_out(path, capsys)
    assert "C-000001's record" not in check, check
