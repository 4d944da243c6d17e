"""Outside tester a21o 1, 9, 8: another record's ID typed into a row's ID cell never gives that row the other
record's history (id_typed), and a retyped copy's message names the copy's row (id_copies)."""
import pytest

from tests.integration import test_adopt_attacks as attacks
from tests.integration.test_adopt_fix21ak import _adopted, _night, _sheet_id, paste_above
from tests.integration.test_adopt_write_safety import _rows
from turfbook.cli import main
from turfbook.workspace.sheets import CellWrite

book = attacks.book
HEAD = ["Date", "Name", "F/U date", "F/U done", "Notes"]
FLAGGED_1115 = "46341"          # 11/15/2026 as the sheet's serial


def _view(sheets):
    read = sheets.read_tabs(["Convos"])["Convos"]
    width = max(map(len, read))
    rows = [[str(c) for c in r] + [""] * (width - len(r)) for r in read]
    h = rows[0]
    return [(r[1], r[h.index("ID")], r[h.index("Status")], r[h.index("Flagged at")]) for r in rows[1:] if r[1]]


def _type_id(sheets, row: int, typed: str):
    col = chr(65 + _rows(sheets)[0].index("ID"))
    sheets.write([CellWrite(f"'Convos'!{col}{row}", [[typed]])], input_option="RAW")


def _check(path, capsys) -> str:
    capsys.readouterr()
    main(["--config", path, "run", "check", "--today", "2026-11-17"])
    return capsys.readouterr().out


def _ana_and_bo(book, bo_due):
    return book({"Contacts": [["Name", "Phone"], ["Ana Ruiz", "5551234567"], ["Bo Li", "5551234568"]],
                 "Convos": [HEAD, ["11/2/2026", "Ana Ruiz", "11/10/2026", "", "visit"],
                            ["11/3/2026", "Bo Li", bo_due, "", ""]]}, "USER_ENTERED")


def _ana_deleted(book, capsys):
    """Ana (C-000001, flagged 11/15) and Bo (C-000002, due 11/16) adopted; Ana's row deleted, a night run."""
    sheets, path = _ana_and_bo(book, "11/16/2026")
    assert main(["--config", path, "sheets", "adopt"]) == 0
    _night(path, capsys, "2026-11-15")
    sheets.batch_update([{"deleteDimension": {"range": {"sheetId": _sheet_id(sheets), "dimension": "ROWS",
                                                        "startIndex": 1, "endIndex": 2}}}])
    _night(path, capsys, "2026-11-16")
    return sheets, path


@pytest.mark.parametrize("typed", ["C-000001", "c-000001"])
def test_dead_id_typed_over_another_row_gives_that_row_its_own_id_back(emulator, book, capsys, typed):
    """a21o 1: Ana's row deleted, her ID typed over Bo's: Bo keeps C-000002 and his own history, said EN/ES."""
    sheets, path = _ana_deleted(book, capsys)
    _type_id(sheets, 2, typed)
    said = _check(path, capsys)
    assert "row 2 holds C-000002's record" in said and "Turfbook gave the row C-000002 back" in said, said
    assert "Turfbook devolvió C-000002 a la fila" in said and "its status and dates show there again" not in said
    night = _night(path, capsys, "2026-11-17")
    [(name, row_id, status, flagged)] = _view(sheets)
    assert (name, row_id) == ("Bo Li", "C-000002") and flagged != FLAGGED_1115, _view(sheets)
    assert "C-000001" not in night, night


@pytest.mark.parametrize("typed", ["C-000001", "c-000001"])
def test_live_id_typed_over_another_row_is_not_held_and_says_what_happens(emulator, book, capsys, typed):
    """a21o 9: Ana's live ID typed over Bo's: no "new ID" for a copy, no hold; Bo gets C-000002 back."""
    sheets, path = _ana_and_bo(book, "11/30/2026")
    assert main(["--config", path, "sheets", "adopt"]) == 0
    _night(path, capsys, "2026-11-15")
    _night(path, capsys, "2026-11-16")
    _type_id(sheets, 3, typed)
    said = _check(path, capsys)
    assert "copy" not in said and "writes nothing to" not in said, said
    assert "row 3 holds C-000002's record" in said and "Turfbook gave the row C-000002 back" in said, said
    _night(path, capsys, "2026-11-17")
    ana, bo = _view(sheets)
    assert ana[1] == "C-000001" and ana[2].startswith("OVERDUE") and ana[3] == FLAGGED_1115, _view(sheets)
    assert bo[1] == "C-000002" and not bo[2].startswith(("OVERDUE", "waits")), _view(sheets)


@pytest.mark.parametrize("typed", ["c-000001", " C-000001 "])
def test_retyped_copy_message_names_the_copy_row(emulator, book, capsys, typed):
    """a21o 8: a template copy (row 2) of the record (row 3), its ID retyped: the copy is row 2."""
    sheets, path, _flagged = _adopted(book, capsys)
    paste_above(sheets, "call after the visit")
    _type_id(sheets, 2, typed)
    lines = [x for x in _check(path, capsys).splitlines() if "copied" in x]
    assert lines and lines[0].startswith("  - 'Convos' row 2: ID C-000001 is copied from row 3"), lines


def test_dead_id_typed_over_an_edited_row_is_said_not_guessed(emulator, book, capsys):
    """a21o 1, Bo's notes edited too: his cells no longer tell C-000002's record, so nothing is guessed (the typed
    ID stays) but it is said, EN/ES, with what to do."""
    sheets, path = _ana_deleted(book, capsys)
    sheets.write([CellWrite("'Convos'!E2", [["called twice"]])], input_option="USER_ENTERED")
    _type_id(sheets, 2, "C-000001")
    said = _check(path, capsys)
    assert "row 2 has the key cells (e.g. date and person) Turfbook stored for C-000002" in said, said
    assert "type C-000002 into its ID cell" in said and "escriba C-000002 en su celda ID" in said
    assert "its status and dates show there again" not in said
