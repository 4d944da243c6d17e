"""Outside tester a21p p1b, p1f, p3 [swap_advice_followed]: following the jobs' own advice about a typed or
cleared ID ends right (no hold, no adopt cementing the wrong ID), and `sheets adopt` says a typed ID it cannot
tell (EN/ES) instead of taking it as the truth."""
import pytest

from tests.integration import test_adopt_attacks as attacks
from tests.integration.test_adopt_fix21ak import _night, _sheet_id
from tests.integration.test_adopt_fix21as import FLAGGED_1115, _ana_and_bo, _type_id, _view
from tests.integration.test_adopt_fix21au import _waiting
from tests.integration.test_adopt_write_safety import _rows
from turfbook.cli import main
from turfbook.workspace.sheets import CellWrite

book = attacks.book
HELD = "writes nothing to Conversations"


def _run(path, capsys, *args) -> str:
    capsys.readouterr()
    assert main(["--config", path, *args]) == 0
    return capsys.readouterr().out


def _doubt(book, capsys):
    """Ana (C-000001, flagged 11/15) and Bo (C-000002, due 11/16, flagged 11/17) adopted; Ana's row deleted; the
    next day Bo's note edited and C-000001 typed over his C-000002 (the id_typed_doubt state), a night run."""
    sheets, path = _ana_and_bo(book, "11/16/2026")
    assert main(["--config", path, "sheets", "adopt"]) == 0
    _night(path, capsys, "2026-11-15")
    _night(path, capsys, "2026-11-17")
    [bo] = [r for r in _view(sheets) if r[0] == "Bo Li"]
    sheets.batch_update([{"deleteDimension": {"range": {"sheetId": _sheet_id(sheets), "dimension": "ROWS",
                                                        "startIndex": 1, "endIndex": 2}}}])
    _night(path, capsys, "2026-11-18")
    sheets.write([CellWrite("'Convos'!E2", [["called, no answer"]])], input_option="RAW")
    _type_id(sheets, 2, "C-000001")
    night = _night(path, capsys, "2026-11-19")
    assert "If row 2 is C-000002's record, type C-000002 into its ID cell" in night, night
    return sheets, path, bo[3]


@pytest.mark.parametrize("adopt_first", [False, True])
def test_p1b_the_typed_id_advice_followed_is_bo_s_own_row_again(emulator, book, capsys, adopt_first):
    """p1b: "type C-000002 into its ID cell" followed: not held as a sort, and `sheets adopt` (run before or after)
    keeps Bo C-000002 with his own Flagged at (before: held, and adopt made Bo C-000001 for good)."""
    sheets, path, bo_flagged = _doubt(book, capsys)
    assert bo_flagged and bo_flagged != FLAGGED_1115
    if adopt_first:
        _run(path, capsys, "sheets", "adopt")
    _type_id(sheets, 2, "C-000002")                 # the advice followed
    night = _night(path, capsys, "2026-11-20")
    assert HELD not in night and "C-000001" not in night, night
    _run(path, capsys, "sheets", "adopt")
    _night(path, capsys, "2026-11-21")
    [(name, row_id, status, flagged)] = _view(sheets)
    assert (name, row_id, flagged) == ("Bo Li", "C-000002", bo_flagged), _view(sheets)
    assert status.startswith("OVERDUE")


def test_p1f_adopt_says_the_typed_id_and_does_not_cement_it(emulator, book, capsys):
    """p1f: in that state `sheets adopt` (dry run or real, EN/ES) says the typed ID with the same advice, and the
    nights still say it after it (before: no word, then C-000001 on Bo's row for good)."""
    sheets, path, _ = _doubt(book, capsys)
    es = _run(path, capsys, "sheets", "adopt", "--dry-run", "--language", "es")
    assert "fila 2 tiene las celdas clave" in es and "escriba C-000002 en su celda ID" in es, es
    dry = _run(path, capsys, "sheets", "adopt", "--dry-run")
    assert "If row 2 is C-000002's record, type C-000002 into its ID cell" in dry, dry
    real = _run(path, capsys, "sheets", "adopt")
    assert "If row 2 is C-000002's record, type C-000002 into its ID cell" in real, real
    for day in ("2026-11-20", "2026-11-21"):
        night = _night(path, capsys, day)
        assert "If row 2 is C-000002's record, type C-000002 into its ID cell" in night, night
    _type_id(sheets, 2, "C-000002")                 # still the way out
    assert HELD not in _night(path, capsys, "2026-11-22")
    assert _view(sheets)[0][1] == "C-000002"


def test_p1f_accept_rows_takes_the_typed_id_when_staff_say_so(emulator, book, capsys):
    """The other answer ("if it is C-000001's"): `sheets adopt --accept-rows` keeps it, says so, and the nights
    stop asking."""
    sheets, path, _ = _doubt(book, capsys)
    said = _run(path, capsys, "sheets", "adopt", "--accept-rows")
    assert "row 2 keeps C-000001 as typed (--accept-rows)" in said and "nothing to accept" not in said, said
    night = _night(path, capsys, "2026-11-20")
    assert "type C-000002" not in night and HELD not in night, night
    assert _view(sheets)[0][1] == "C-000001"


def test_p3_the_swap_advice_followed_is_not_held(emulator, book, capsys):
    """p3 [swap_advice_followed]: the record's ID cell cleared by mistake (row 3 got C-000003, said as id_split),
    then its advice followed (C-000001 typed in row 3, row 2's cleared): no hold; row 3 keeps C-000001 with its
    Flagged at, the copy gets a NEW ID (never C-000003 again, whose flag it would show) with no Flagged at."""
    sheets, path, flagged, _ = _waiting(book, capsys)
    idcol = chr(ord("A") + _rows(sheets)[0].index("ID"))
    sheets.write([CellWrite(f"'Convos'!{idcol}3", [[""]])], input_option="RAW")
    night = _night(path, capsys, "2026-11-18")
    assert "type C-000001 in row 3's ID cell and clear row 2's" in night, night
    sheets.write([CellWrite(f"'Convos'!{idcol}3", [["C-000001"]]), CellWrite(f"'Convos'!{idcol}2", [[""]])],
                 input_option="RAW")
    night = _night(path, capsys, "2026-11-19")
    assert HELD not in night, night
    rows = _rows(sheets)
    h = rows[0]
    copy, record = ((r[4], r[h.index("ID")], r[h.index("Flagged at")]) for r in rows[1:3])
    assert copy[0].startswith("call after") and copy[1] not in ("", "C-000001", "C-000003") and copy[2] == "", rows
    assert record[0].startswith("visit") and record[1:] == ("C-000001", flagged), rows
    assert "C-000003" not in _run(path, capsys, "sheets", "adopt")
    assert HELD not in _night(path, capsys, "2026-11-20")
