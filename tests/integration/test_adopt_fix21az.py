"""Outside tester a21p 3, 4, 5, 8: an ID typed or cleared where the jobs cannot tell the record without a guess is
said, EN/ES, with what to type (id_typed_said), and following that advice ends right; a deleted record's Flagged
at from before a new row's own date never hides its follow-up from "newly overdue" (overdue_plan._stale)."""
import pytest

from tests.integration import test_adopt_attacks as attacks
from tests.integration.test_adopt_fix21ak import _night, _sheet_id
from tests.integration.test_adopt_fix21as import HEAD, _type_id, _view
from tests.integration.test_adopt_fix21au import _waiting
from tests.integration.test_adopt_write_safety import _rows
from turfbook.cli import main
from turfbook.workspace.sheets import CellWrite

book = attacks.book
ANA_1115, BO_1117, DAY_1119 = "46341", "46343", "46345"      # Flagged at dates as the sheet's serials


def _two_flagged(book, capsys):
    """Ana C-000001 flagged 11/15, Bo C-000002 flagged 11/17, Cy C-000003 due 12/30 (rows 2, 3, 4)."""
    sheets, path = book({"Contacts": [["Name"], ["Ana Ruiz"], ["Bo Li"], ["Cy Ode"]],
                         "Convos": [HEAD, ["11/2/2026", "Ana Ruiz", "11/10/2026", "", "visit"],
                                    ["11/3/2026", "Bo Li", "11/16/2026", "", ""],
                                    ["11/4/2026", "Cy Ode", "12/30/2026", "", ""]]}, "USER_ENTERED")
    assert main(["--config", path, "sheets", "adopt"]) == 0
    _night(path, capsys, "2026-11-15")
    _night(path, capsys, "2026-11-17")
    assert [(v[1], v[3]) for v in _view(sheets)] == [("C-000001", ANA_1115), ("C-000002", BO_1117),
                                                     ("C-000003", "")], _view(sheets)
    return sheets, path


def _delete_ana(sheets, path, capsys):
    sheets.batch_update([{"deleteDimension": {"range": {"sheetId": _sheet_id(sheets), "dimension": "ROWS",
                                                        "startIndex": 1, "endIndex": 2}}}])
    _night(path, capsys, "2026-11-18")


def _write(sheets, a1: str, values, how="RAW"):
    sheets.write([CellWrite(f"'Convos'!{a1}", values)], input_option=how)


@pytest.mark.parametrize("typed", ["C-000001", "c-000001"])
def test_a_deleted_record_s_id_typed_on_a_new_row_is_said_and_never_hides_its_follow_up(emulator, book, capsys,
                                                                                        typed):
    """a21p 3: Ana deleted; Eve's new row (dated 11/18, follow-up 11/12) given C-000001: said EN/ES, both ways;
    Eve is 'newly overdue' with her own Flagged at, never Ana's 11/15."""
    sheets, path = _two_flagged(book, capsys)
    _delete_ana(sheets, path, capsys)
    _write(sheets, "A4", [["11/18/2026", "Eve Moss", "11/12/2026", "", "new"]], "USER_ENTERED")
    _type_id(sheets, 4, typed)
    night = _night(path, capsys, "2026-11-19")
    assert "'Convos' row 4: C-000001 was typed into its ID cell; C-000001 is a deleted record's ID" in night, night
    assert "If row 4 is C-000001's record, nothing to do" in night and "se escribió C-000001 en su celda ID" in night
    assert "show there again" not in night, night
    assert "newly overdue: 1 (C-000001)" in night, night
    eve = dict((v[0], v[1:]) for v in _view(sheets))["Eve Moss"]
    assert (eve[0], eve[1].startswith("OVERDUE"), eve[2]) == ("C-000001", True, DAY_1119), eve


def test_a_deleted_record_s_id_typed_the_day_a_name_is_corrected_is_said_and_its_advice_ends_right(
        emulator, book, capsys):
    """a21p 4: Ana deleted; Bo's name corrected ('Bo Lee') and C-000001 typed the same day: the night names
    C-000002 and says to type it; typed, Bo is C-000002 with his own Flagged at, nothing held."""
    sheets, path = _two_flagged(book, capsys)
    _delete_ana(sheets, path, capsys)
    _write(sheets, "B2", [["Bo Lee"]])
    _type_id(sheets, 2, "C-000001")
    night = _night(path, capsys, "2026-11-19")
    assert ("it looks like C-000002's record (on no row now), edited: if row 2 is C-000002's record, type C-000002 "
            "into its ID cell") in night, night
    assert "escriba C-000002 en su celda ID" in night, night
    _type_id(sheets, 2, "C-000002")                  # the advice
    night = _night(path, capsys, "2026-11-20")
    assert "writes nothing" not in night and "newly overdue: 0" in night, night
    assert [(v[1], v[3]) for v in _view(sheets)][0] == ("C-000002", BO_1117), _view(sheets)


def test_a_live_id_typed_over_an_edited_row_says_which_id_it_held_and_its_advice_ends_right(emulator, book, capsys):
    """a21p 5: Ana's live C-000001 typed over Bo's (note edited): not "copied from row 2" but what happened, and
    "type C-000002"; typed, Bo is C-000002 with his Flagged at, not 'newly overdue' again."""
    sheets, path = _two_flagged(book, capsys)
    _write(sheets, "E3", [["called, no answer"]])
    _type_id(sheets, 3, "C-000001")
    night = _night(path, capsys, "2026-11-19")
    assert "copied from" not in night, night
    assert ("'Convos' row 3: C-000001 was typed into its ID cell, which held C-000002 (the row still has the key "
            "cells") in night, night
    assert "Turfbook gave row 3 a new ID, C-000004" in night and "type C-000002 into its ID cell" in night, night
    assert "que tenía C-000002" in night, night


def test_a_live_id_typed_over_an_edited_row_the_advice_followed_ends_right(emulator, book, capsys):
    """a21p 5 (fix21bb): the row got C-000004 and the night said "type C-000002"; typed, Bo is C-000002 with his
    own status and Flagged at, nothing held as a sort (C-000002's key was kept beside C-000004's), C-000004 unused."""
    sheets, path = _two_flagged(book, capsys)
    _write(sheets, "E3", [["called, no answer"]])
    _type_id(sheets, 3, "C-000001")
    night = _night(path, capsys, "2026-11-19")
    assert "type C-000002 into its ID cell: it gets them back and C-000004 goes unused" in night, night
    _type_id(sheets, 3, "C-000002")                  # the advice (fix21bb: id_typed.frozen kept C-000002's key)
    night = _night(path, capsys, "2026-11-20")
    assert "writes nothing" not in night and "newly overdue: 0" in night, night
    assert [(v[1], v[3]) for v in _view(sheets)][:2] == [("C-000001", ANA_1115), ("C-000002", BO_1117)], _view(sheets)
    assert "C-000004" not in [v[1] for v in _view(sheets)], _view(sheets)


def test_both_id_cells_of_a_waiting_pair_cleared_is_said_and_its_advice_ends_right(emulator, book, capsys):
    """a21p 8: C-000001's record and its template copy wait; both ID cells cleared: both get new IDs, said with
    "type C-000001 into the ID cell of the row that is its record"; typed, the record has C-000001 and its flag."""
    sheets, path, flagged, _ = _waiting(book, capsys)
    col = chr(ord("A") + _rows(sheets)[0].index("ID"))
    _write(sheets, f"{col}2:{col}3", [[""], [""]])
    night = _night(path, capsys, "2026-11-18")
    said = [line for line in night.splitlines() if "were cleared and C-000001 is on no row now" in line]
    assert len(said) == 1 and "Type C-000001 into the ID cell of the row that is its record" in said[0], night
    assert "se vaciaron las celdas ID de 2 filas" in said[0], said
    _type_id(sheets, 3, "C-000001")                  # the advice: row 3 is the record ('visit...')
    night = _night(path, capsys, "2026-11-19")
    assert "writes nothing" not in night, night
    record = [r for r in _rows(sheets)[1:] if r[4].startswith("visit")][0]
    h = _rows(sheets)[0]
    assert (record[h.index("ID")], str(record[h.index("Flagged at")])) == ("C-000001", str(flagged)), record
