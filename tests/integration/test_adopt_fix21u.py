"""Issue 21, outside test round after 4ba21cb (fix21u): a sort that also changed a row's content (i4), two
People rows of one key told apart by their other cells (i5), two spellings of one person merged by hand (d1;
held since a21k k9: it looks the same as a sort then a delete).
The CLI against the emulator; staff edits through the Sheets API. One test per finding."""

from __future__ import annotations

import pytest

from tests.integration import test_adopt_attacks as attacks
from tests.integration.test_adopt_fix21q import _adopt_out, _adopted, _flagged, _overdue_out, _sort
from tests.integration.test_adopt_write_safety import _ids, _rows
from turfbook.cli import main
from turfbook.workspace.sheets import CellWrite

book = attacks.book

SORTED = "rows were sorted without Turfbook's ID column"


def _sort_and_edit(sheets, bea: str) -> None:
    """Bea's name edited (and her F/U date), Fay's F/U date moved, a new 'Zed Ames' typed below, then a sort
    by F/U date (Z→A) over A:E: Zed lands on Bea's row (C-000002), Bea's edited record on the row with no ID."""
    sheets.write([CellWrite("'Convos'!B3", [[bea, "Rosa", "11/1/2026"]]),
                  CellWrite("'Convos'!D7", [["12/31/2026"]]),
                  CellWrite("'Convos'!A8", [["11/18/2026", "Zed Ames", "Luis", "12/20/2026", "new"]])],
                 input_option="USER_ENTERED")
    _sort(sheets, 8, "DESCENDING", column=3)


def test_i4_the_row_whose_content_has_every_word_of_the_ids_record_gets_it_not_the_row_sitting_on_it(
        emulator, book, capsys):
    """i4: 'Bea Soto' edited to 'Bea Soto Ruiz' and a sort put a new 'Zed Ames' on her ID's row: Zed used to keep
    C-000002 (and Bea's overdue flag). Her edited row holds every word of C-000002's record (its date and both
    names), and no other row does: it gets C-000002 back; Zed gets a NEW ID; the report says to check."""
    sheets, path = _adopted(book, capsys)
    ids, before = _ids(sheets), _flagged(sheets)
    _sort_and_edit(sheets, "Bea Soto Ruiz")
    out = _overdue_out(path, capsys)
    assert SORTED in out
    out = _adopt_out(path, capsys)
    assert "check that row" in out and "C-000002" in out
    now = _ids(sheets)
    assert now["Bea Soto Ruiz"] == ids["Bea Soto"]
    assert now["Zed Ames"] not in ids.values()
    assert all(now[n] == ids[n] for n in ids if n != "Bea Soto")
    assert _flagged(sheets)["Bea Soto Ruiz"] == before["Bea Soto"]
    assert SORTED not in _overdue_out(path, capsys)


def test_i4_an_id_left_on_a_changed_row_is_named_check_that_row_en_es_never_paired_by_one_word(
        emulator, book, capsys):
    """i4, the floor: 'Bea Soto' edited to 'Beatriz Soto' (one of her record's words gone): no row holds every
    word of C-000002's record, so nothing is paired by a shared word (4ba21cb, a21i); Zed keeps the ID he sits on,
    and both the problem and the report name C-000002 as an ID that stayed on a row whose content changed."""
    sheets, path = _adopted(book, capsys)
    ids = _ids(sheets)
    _sort_and_edit(sheets, "Beatriz Soto")
    out = _overdue_out(path, capsys)
    assert SORTED in out and "keeps C-000002 though its content changed" in out and "compruebe esa fila" in out
    out = _adopt_out(path, capsys, "--language", "es")
    assert "C-000002" in out and "compruebe esa fila" in out
    now = _ids(sheets)
    assert now["Zed Ames"] == "C-000002" and now["Beatriz Soto"] not in ids.values()
    assert all(now[n] == ids[n] for n in ids if n != "Bea Soto")


def _sort_people_by_phone(sheets, rows: int, order: str) -> None:
    sheets.batch_update([{"sortRange": {"range": {"sheetId": 0, "startRowIndex": 1, "endRowIndex": rows,
                                                  "startColumnIndex": 0, "endColumnIndex": 2},
                                        "sortSpecs": [{"dimensionIndex": 1, "sortOrder": order}]}}])


def test_i5_two_people_of_one_name_told_apart_by_their_phones_each_get_their_own_id_back_at_every_sort(
        emulator, book, capsys):
    """i5: two 'María García' rows (one key), phones p2 and p4. Each sort used to reshuffle their two IDs (a row
    on the other María's ID even looked in place). The keys keep a second hash of all the row's staff cells:
    each María gets her own ID back, nothing said to check, sort after sort."""
    people = [["Name", "Phone"], ["Ana Ruiz", "p1"], ["María García", "p2"], ["Zed Ames", "p3"],
              ["María García", "p4"], ["Bo Li", "p5"]]
    sheets, path = book({"Contacts": people, "Convos": [["Date", "Name", "F/U date", "Notes"]]}, "USER_ENTERED")
    assert main(["--config", path, "sheets", "adopt"]) == 0
    ids = _ids(sheets, "Contacts")
    for order in ("DESCENDING", "ASCENDING", "DESCENDING"):
        _sort_people_by_phone(sheets, 6, order)
        assert SORTED in _overdue_out(path, capsys)
        out = _adopt_out(path, capsys)
        assert "check which is which" not in out
        assert _ids(sheets, "Contacts") == ids
        assert SORTED not in _overdue_out(path, capsys)


@pytest.mark.parametrize("how", ["deleted", "cleared", "adopt first"])
def test_d1_two_spellings_merged_by_hand_is_held_both_readings_said_accept_rows_keeps_a(emulator, book, capsys, how):
    """d1, as ruled after a21k k9: staff type B's spelling ('John Smith') over A's name ('Jon Smith'), then
    delete (or clear) B's row. The same end state as a sort then a delete, so the tab is held and both readings
    are said (EN/ES); `--accept-rows` keeps A on the row (the merge reading) and says B is left unused; a plain
    `sheets adopt` ("adopt first") takes the sort reading: B's ID back on the row, A's named unused."""
    people = [["Name", "Phone"], ["Ana Ruiz", "p1"], ["Jon Smith", "p2"], ["Bea Soto", "p3"],
              ["John Smith", "p4"], ["Bo Li", "p5"]]
    sheets, path = book({"Contacts": people, "Convos": [["Date", "Name", "F/U date", "Notes"]]}, "USER_ENTERED")
    assert main(["--config", path, "sheets", "adopt"]) == 0
    ids = _ids(sheets, "Contacts")
    a, b = ids["p2"], ids["p4"]
    sheets.write([CellWrite("'Contacts'!A3", [["John Smith"]])], input_option="USER_ENTERED")
    if how != "cleared":
        sheets.batch_update([{"deleteDimension": {"range": {"sheetId": 0, "dimension": "ROWS", "startIndex": 4,
                                                            "endIndex": 5}}}])
    else:
        sheets.write([CellWrite("'Contacts'!A5", [["", ""]])], input_option="RAW")
    rows = _rows(sheets, "Contacts")
    at = rows[0].index("ID")
    if how == "adopt first":
        out = " ".join(_adopt_out(path, capsys).split())
        assert a in out                                  # named unused
        assert [r[at] for r in _rows(sheets, "Contacts") if r[0] == "John Smith"] == [b]
        assert SORTED not in _overdue_out(path, capsys)
        return
    out = " ".join(_overdue_out(path, capsys).split())
    assert SORTED in out
    assert (f"holds {b}'s record but shows {a}, and {a}'s record is on no row: either the rows were sorted and "
            f"{a}'s row deleted (`turfbook sheets adopt` puts {b} back on it) or two rows were merged by hand "
            f"(`turfbook sheets adopt --accept-rows` keeps {a} there)") in out
    assert "o se unieron dos filas a mano" in out
    assert [r[at] for r in _rows(sheets, "Contacts") if r[0] == "John Smith"] == [a]      # held: nothing written
    out = " ".join(_adopt_out(path, capsys, "--accept-rows").split())
    assert f"keeps {a} (taken as two rows merged by hand); {b} is left unused" in out
    assert SORTED not in _overdue_out(path, capsys)
    rows = _rows(sheets, "Contacts")
    assert [r[at] for r in rows if r[0] == "John Smith"] == [a]
    assert b not in [r[at] for r in rows if r[0]]
