"""Outside tester a21o findings fixed on fix21au: o4b (a waiting ID's advice names which row is which; the
RECORD's ID cleared instead of the copy's is said, never a silent move), o3b, o6b (adopt report wording), and
the cosmetic ones (both/neither for three rows; a bad ID cell names its row in English too)."""
from tests.integration import test_adopt_attacks as attacks
from tests.integration.test_adopt_fix21ak import _adopted, _night, _sheet_id
from tests.integration.test_adopt_write_safety import _rows
from turfbook.cli import main
from turfbook.workspace.sheets import CellWrite

book = attacks.book


def _waiting(book, capsys):
    """C-000001's record edited, then pasted above itself as a template with a new F/U date and note: both
    rows hold C-000001, cells differ, none as stored: they wait (the 11/17 night)."""
    sheets, path, flagged = _adopted(book, capsys)
    sheets.write([CellWrite("'Convos'!E2", [["visit; left msg 11/16; called 11/17"]])], input_option="RAW")
    s = _sheet_id(sheets)
    sheets.batch_update([{"insertDimension": {"range": {"sheetId": s, "dimension": "ROWS", "startIndex": 1,
                                                        "endIndex": 2}, "inheritFromBefore": False}},
                         {"copyPaste": {"source": {"sheetId": s, "startRowIndex": 2, "endRowIndex": 3,
                                                   "startColumnIndex": 0, "endColumnIndex": 24},
                                        "destination": {"sheetId": s, "startRowIndex": 1, "endRowIndex": 2,
                                                        "startColumnIndex": 0, "endColumnIndex": 24},
                                        "pasteType": "PASTE_NORMAL"}}])
    sheets.write([CellWrite("'Convos'!C2", [["12/30/2026", "", "call after the visit"]])], input_option="USER_ENTERED")
    return sheets, path, flagged, _night(path, capsys, "2026-11-17")


def test_o4b_the_advice_says_which_row_is_which(emulator, book, capsys):
    sheets, path, _flagged, night = _waiting(book, capsys)
    print(night)
    assert "What tells them apart: row 2 has Follow-up due 2026-12-30, row 3 has Follow-up due 2026-11-10" in night
    assert "Lo que las distingue: fila 2 tiene Fecha de seguimiento 2026-12-30, fila 3 tiene" in night


def test_o4b_the_record_s_id_cleared_instead_of_the_copy_s_is_said(emulator, book, capsys):
    """The record's ID cleared instead of the copy's: the cleared row is the new record (staff's word), and the
    night says so, which row keeps C-000001 and its flags, what tells them apart and how to swap them (EN/ES)."""
    sheets, path, flagged, _ = _waiting(book, capsys)
    idcol = chr(ord("A") + _rows(sheets)[0].index("ID"))
    sheets.write([CellWrite(f"'Convos'!{idcol}3", [[""]])], input_option="RAW")   # the RECORD's ID cleared
    night = _night(path, capsys, "2026-11-18")
    said = [line for line in night.splitlines() if "its ID cell was cleared" in line]
    assert len(said) == 1, night
    assert ("'Convos' row 3: its ID cell was cleared while row 2 holds C-000001 with the same key cells: Turfbook "
            "took row 3 as the NEW record (the copy) and gave it C-000003; row 2 keeps C-000001 with its status and "
            "Flagged at") in said[0]
    assert "row 2 has Follow-up due 2026-12-30" in said[0] and "type C-000001 in row 3's ID cell" in said[0]
    assert "su celda ID se vació mientras la fila 2 tiene C-000001" in said[0]
    ids = [r[_rows(sheets)[0].index("ID")] for r in _rows(sheets)[1:3]]
    assert ids == ["C-000001", "C-000003"]            # staff's word taken; nothing else moved
