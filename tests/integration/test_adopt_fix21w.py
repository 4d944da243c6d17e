"""Issue 21, outside tester a21j: copied IDs and a deleted ID cell. A sheet duplicated and dragged first (1), a
row pasted above its original before a nightly run (2), a row cut below the last one and its emptied row deleted
(3), a row copied with its ID then sorted through a filter (6). The CLI against the emulator; staff edits through
the Sheets API. One test per finding."""

from __future__ import annotations

from tests.integration import test_adopt_attacks as attacks
from tests.integration.test_adopt_fix21q import _adopt_out, _adopted, _flagged, _overdue_out, _sort
from tests.integration.test_adopt_write_safety import _rows
from turfbook.cli import main
from turfbook.workspace.sheets import CellWrite

book = attacks.book

ALIKE = "with the same content: Turfbook cannot tell the record from the copy"


def _check_out(path, capsys) -> str:
    capsys.readouterr()
    assert main(["--config", path, "sheets", "check"]) in (0, 1, 2)
    return capsys.readouterr().out


def _ids_flags(sheets, title: str) -> list[tuple[str, str, str]]:
    rows = _rows(sheets, title)
    at, fl = rows[0].index("ID"), rows[0].index("Flagged at")
    return [(r[1], r[at], str(r[fl])) for r in rows[1:]]


def test_1_a_duplicated_organizer_sheet_dragged_first_leaves_the_ids_on_the_home_sheet(emulator, book, capsys):
    """1: 'Convos - Rosa' duplicated as 'Convos - Mia' and dragged first; adopt and check run while the copy is
    identical (neither gets a new ID: said); Mia types her people over the copy: Rosa's rows keep their IDs and
    flags, Mia's people get new IDs and no Flagged-at."""
    head = ["Date", "Name", "F/U date", "Notes"]
    sheets, path = book({"Staff": [["Name", "Email"], ["Rosa Díaz", "r@x.org"], ["Luis Mora", "l@x.org"],
                                   ["Mia Chen", "m@x.org"]],
                         "Contacts": [["Name", "Phone"], ["Ana Núñez", ""], ["Bo Li", ""], ["Eva Long", ""],
                                      ["Kim Cole", ""], ["Lu Wen", ""]],
                         "Convos - Rosa": [head, ["11/2/2026", "Ana Núñez", "11/10/2026", ""],
                                           ["11/3/2026", "Bo Li", "11/11/2026", ""]],
                         "Convos - Luis": [head, ["11/6/2026", "Eva Long", "11/12/2026", ""]]}, "USER_ENTERED")
    assert main(["--config", path, "sheets", "adopt"]) == 0
    _overdue_out(path, capsys, "2026-11-15")
    rosa = _ids_flags(sheets, "Convos - Rosa")
    meta = sheets.metadata("sheets(properties(sheetId,title))")
    sid = {s["properties"]["title"]: s["properties"]["sheetId"] for s in meta["sheets"]}
    sheets.batch_update([{"duplicateSheet": {"sourceSheetId": sid["Convos - Rosa"], "newSheetId": 900,
                                             "newSheetName": "Convos - Mia", "insertSheetIndex": 0}}])
    _overdue_out(path, capsys, "2026-11-16")
    out = _adopt_out(path, capsys, "--language", "es")
    assert "con el mismo contenido" in out and "C-000001" in out
    assert ALIKE in _check_out(path, capsys)
    assert _ids_flags(sheets, "Convos - Rosa") == rosa           # nothing given, nothing moved
    sheets.write([CellWrite("'Convos - Mia'!A2", [["11/16/2026", "Kim Cole", "11/30/2026", "Mia's"],
                                                   ["11/16/2026", "Lu Wen", "11/30/2026", "Mia's"]])],
                 input_option="USER_ENTERED")
    night = _overdue_out(path, capsys, "2026-11-17")
    assert "cleared: 0" in night and "rows holding a copy of another row's ID" in night
    check = _check_out(path, capsys)
    assert "'Convos - Mia' row 2: ID C-000001 is copied from 'Convos - Rosa' row 2" in check
    _overdue_out(path, capsys, "2026-11-18")
    now = _ids_flags(sheets, "Convos - Rosa")
    assert [(n, i) for n, i, _ in now] == [(n, i) for n, i, _ in rosa]
    assert [f for _, _, f in now] == [f for _, _, f in rosa]
    mia = _ids_flags(sheets, "Convos - Mia")
    assert all(i not in {r[1] for r in rosa} and f in ("", "None") for _, i, f in mia), mia


def test_2_a_template_row_pasted_above_waits_while_alike_then_the_record_keeps_its_id(emulator, book, capsys):
    """2: a row inserted above Ana's and her row pasted (ID included); the nightly jobs run while both rows are
    identical: neither gets a new ID (said, naming both rows); next morning Zed is typed over the top row:
    Ana keeps C-000001 and her Flagged-at, Zed gets a new ID, and the copy named is Zed's row."""
    sheets, path = _adopted(book, capsys)
    before = _flagged(sheets)
    sheets.batch_update([{"insertDimension": {"range": {"sheetId": 1, "dimension": "ROWS", "startIndex": 1,
                                                        "endIndex": 2}, "inheritFromBefore": False}},
                         {"copyPaste": {"source": {"sheetId": 1, "startRowIndex": 2, "endRowIndex": 3,
                                                   "startColumnIndex": 0, "endColumnIndex": 6},
                                        "destination": {"sheetId": 1, "startRowIndex": 1, "endRowIndex": 2,
                                                        "startColumnIndex": 0, "endColumnIndex": 6},
                                        "pasteType": "PASTE_NORMAL"}}])
    _overdue_out(path, capsys, "2026-11-16")
    check = _check_out(path, capsys)
    assert "'Convos' rows 2 and 3 both hold C-000001 " + ALIKE in check and "assigned 0 ID(s)" in check
    tab = sheets.read_tabs(["Problems"])["Problems"]
    assert any("filas 2 y 3 tienen ambas C-000001" in str(r) for r in tab)
    sheets.write([CellWrite("'Convos'!A2", [["11/16/2026", "Zed Ames", "Rosa", "11/30/2026", "from template"]])],
                 input_option="USER_ENTERED")
    assert "cleared: 0" in _overdue_out(path, capsys, "2026-11-17")
    assert "'Convos' row 2: ID C-000001 is copied from row 3; this copy now has its own ID" in _check_out(path, capsys)
    rows = {r[0]: r for r in _ids_flags(sheets, "Convos")}
    assert rows["Ana Ruiz"][1:] == before["Ana Ruiz"]
    assert rows["Zed Ames"][1] not in {i for i, _ in before.values()} and rows["Zed Ames"][2] in ("", "None")


def test_3_a_row_cut_below_and_its_emptied_row_deleted_gets_its_id_back(emulator, book, capsys):
    """3: Ana's A:E cut under the last row, the emptied row deleted (its ID cell with it): her row has no ID,
    its key is exactly C-000001's, on no row any more: she gets C-000001 back (said), with her Flagged-at."""
    sheets, path = _adopted(book, capsys)
    before = _flagged(sheets)
    sheets.batch_update([{"cutPaste": {"source": {"sheetId": 1, "startRowIndex": 1, "endRowIndex": 2,
                                                  "startColumnIndex": 0, "endColumnIndex": 5},
                                       "destination": {"sheetId": 1, "rowIndex": 7, "columnIndex": 0},
                                       "pasteType": "PASTE_NORMAL"}},
                         {"deleteDimension": {"range": {"sheetId": 1, "dimension": "ROWS", "startIndex": 1,
                                                        "endIndex": 2}}}])
    assert "rows without an ID" in _overdue_out(path, capsys, "2026-11-16")
    check = _check_out(path, capsys)
    assert "'Convos' row 7 had no ID; its content is exactly that of C-000001" in check
    night = _overdue_out(path, capsys, "2026-11-17")
    assert "newly overdue: 0" in night
    assert _flagged(sheets) == before


def test_3b_a_deleted_id_cell_given_back_by_adopt_is_said_in_its_report(emulator, book, capsys):
    """3, through `sheets adopt`: Ana's ID cell cleared (nothing else): the adopt gives C-000001 back and says so;
    a later new row with another name gets a new ID, never a freed one by shared words."""
    sheets, path = _adopted(book, capsys)
    before = _flagged(sheets)
    at = _rows(sheets)[0].index("ID")
    sheets.write([CellWrite(f"'Convos'!{chr(65 + at)}2", [[""]])], input_option="RAW")
    _overdue_out(path, capsys, "2026-11-16")
    out = _adopt_out(path, capsys)
    assert "had no ID; its content is exactly that of C-000001" in out
    assert _flagged(sheets) == before


def test_6_a_copied_id_then_a_sort_says_the_copy_and_puts_back(emulator, book, capsys):
    """6: Ana's row pasted at the bottom with its ID, Zed typed over it, then a sort through a filter: the copy is
    named right (Zed's row, not Ana's), the adopt tells every row apart (Zed's copy gets a NEW ID, said as a copy)
    and puts the IDs back; no 'same key on two records'."""
    sheets, path = _adopted(book, capsys)
    before = _flagged(sheets)
    sheets.batch_update([{"copyPaste": {"source": {"sheetId": 1, "startRowIndex": 1, "endRowIndex": 2,
                                                   "startColumnIndex": 0, "endColumnIndex": 6},
                                        "destination": {"sheetId": 1, "startRowIndex": 7, "endRowIndex": 8,
                                                        "startColumnIndex": 0, "endColumnIndex": 6},
                                        "pasteType": "PASTE_NORMAL"}}])
    sheets.write([CellWrite("'Convos'!A8", [["11/16/2026", "Zed Ames", "Rosa", "11/30/2026", "from template"]])],
                 input_option="USER_ENTERED")
    _sort(sheets, 8)                    # Zed first, Ana last
    _overdue_out(path, capsys, "2026-11-16")
    check = _check_out(path, capsys)
    assert "'Convos' row 2: ID C-000001 is copied from row 8" in check
    assert "it held a copy of C-000001" in check and "cannot tell every row apart" not in check
    out = _adopt_out(path, capsys)
    assert "cannot tell every row apart" not in out and "put back with their rows" in out
    assert "it held a copy of C-000001" in out
    _overdue_out(path, capsys, "2026-11-17")
    rows = {r[0]: r for r in _ids_flags(sheets, "Convos")}
    assert all(rows[name][1:] == was for name, was in before.items())
    assert rows["Zed Ames"][1] not in {i for i, _ in before.values()}


def test_6b_accept_rows_report_does_not_contradict_itself(emulator, book, capsys):
    """6: the --accept-rows line no longer says "each ID stays on the row it is on" next to "IDs put back"; every
    row told apart: nothing to accept (fix21v i7), the "accepted" line's words (adopt_words) say the rest."""
    from turfbook.schema.adopt_words import WORDS

    sheets, path = _adopted(book, capsys)
    _sort(sheets, 7)
    out = _adopt_out(path, capsys, "--accept-rows")
    assert "each ID stays on the row it is on" not in out and "rows taken as they are" not in out
    assert "put back with their rows" in out and "--accept-rows had nothing to accept there" in out
    assert all("a row it can tell apart gets its own ID back" in w["accepted"] or "recupera su propio ID" in
               w["accepted"] for w in WORDS.values())
