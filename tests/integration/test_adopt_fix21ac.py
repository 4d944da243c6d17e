"""Issue 21, outside tester a21k k7 (fix21ac): a two-row header's group (label and its columns) dragged to the
front is MOVED, not renamed: each column is found by its own combined name, as adopted, and no advice is given;
a group row whose labels no longer sit over their own columns (the labels retyped "back" after a drag) is held
with advice naming each label's own columns, never "rename it back"; labels reordered over columns alike are
held with advice for each case. Every piece of advice given is followed here and the mapping checked after:
Date and Follow-up due never trade columns. A one-row header's columns dragged are followed by name. The CLI
against the emulator; staff edits through the Sheets API."""

from __future__ import annotations

import pytest

from tests.integration import test_adopt_attacks as attacks
from tests.integration.test_adopt_fix21q import _adopted, _overdue_out
from tests.integration.test_adopt_fix21v import _check_out, _convos, _grouped_book
from turfbook.cli import main
from turfbook.workspace.sheets import CellWrite

book = attacks.book
RIGHT = "open: 2 (overdue 1,"          # on 11/21: Ana's 11/10 follow-up overdue, Bea's 11/30 open, Carla's done
FUTURE = "is in the future"             # Bea's 11/30 follow-up read as her Date: the columns traded


def _move(sheets, start: int, end: int, to: int, sheet_id: int = 1) -> None:
    sheets.batch_update([{"moveDimension": {"source": {"sheetId": sheet_id, "dimension": "COLUMNS",
                                                       "startIndex": start, "endIndex": end},
                                            "destinationIndex": to}}])


def _labels(sheets, first: str, second: str) -> None:
    sheets.write([CellWrite("'Convos'!A1", [[first]]), CellWrite("'Convos'!C1", [[second]])], input_option="RAW")


def _statuses(sheets) -> dict[str, str]:
    rows = _convos(sheets)
    name, status = rows[1].index("Nombre"), rows[1].index("Status")
    return {r[name]: r[status] for r in rows[2:]}


def _read_right(sheets, path, capsys) -> None:
    """The mapping as adopted: overdue counts Ana only, nobody's follow-up read as a Date, statuses right."""
    out = _overdue_out(path, capsys, "2026-11-21")
    assert RIGHT in out and FUTURE not in out and "group row" not in out, out
    assert _statuses(sheets) == {"Ana Ruiz": "OVERDUE 11d", "Bea Soto": "", "Carla Paz": "done"}


def test_k7_a_group_dragged_to_the_front_is_read_by_its_own_columns_and_no_advice_is_given(emulator, book, capsys):
    """k7: 'Seguimiento' (C:D, its group cell with it) dragged before 'Primera visita': the columns moved, nothing
    was renamed. Read as adopted (Date from 'Fecha' under 'Primera visita', Follow-up due from 'Fecha' under
    'Seguimiento'), no problem, no advice; `sheets check` says nothing of the group row either; `sheets adopt`
    run again stores the columns where they are now and reads the same."""
    sheets, path = _grouped_book(book, capsys)
    _move(sheets, 2, 4, 0)
    assert _convos(sheets)[0][:4] == ["Seguimiento", "", "Primera visita", ""]
    _read_right(sheets, path, capsys)
    out = _check_out(path, capsys)
    assert "group row" not in out and FUTURE not in out and "not found" not in out, out
    assert main(["--config", path, "sheets", "adopt"]) == 0                 # adopted again where they are now
    stored = (book.config.data_dir / "adoption.yaml").read_text(encoding="utf-8")
    assert "column: C\n      header: Fecha\n" in stored and "column: A\n      header: Fecha de Seguimiento" in stored
    _read_right(sheets, path, capsys)


def test_k7_labels_retyped_back_after_the_drag_are_held_and_the_advice_followed_reads_right(emulator, book, capsys):
    """k7, the old advice followed literally: after the drag staff retype the labels in their old order (A1
    'Primera visita', C1 'Seguimiento'): the follow-up dates now sit under 'Primera visita'. Held (never read as
    Date: no "in the future", flags kept), and the advice names each label's own columns ('Seguimiento' over
    Fecha | Hecho), not "rename the group row back". Following it (the labels over their own columns again)
    reads as adopted."""
    sheets, path = _grouped_book(book, capsys)
    _move(sheets, 2, 4, 0)
    _labels(sheets, "Primera visita", "Seguimiento")
    out = _overdue_out(path, capsys, "2026-11-21")
    assert FUTURE not in out and RIGHT not in out and "overdue flags kept as they were" in out, out
    assert "'Seguimiento' over Fecha | Hecho" in out and "rename the group row back" not in out, out
    assert "(Date)" in out and "(Follow-up due)" in out                      # both 'Fecha' columns held
    assert _statuses(sheets) == {"Ana Ruiz": "OVERDUE 10d", "Bea Soto": "", "Carla Paz": "done"}   # as they were
    assert "rename the group row back" not in _check_out(path, capsys)
    _labels(sheets, "Seguimiento", "Primera visita")                  # each label back over its own columns
    _read_right(sheets, path, capsys)


def test_k7_labels_swapped_without_a_drag_keep_their_advice_and_it_reads_right(emulator, book, capsys):
    """fix21v d6 beside k7: labels swapped over the same columns (nothing moved): the advice "rename the group row
    back" is right there, and now Date is held too (its 'Fecha' is typed like the grouped one); renamed back,
    read as adopted."""
    sheets, path = _grouped_book(book, capsys)
    _labels(sheets, "Seguimiento", "Primera visita")
    out = _overdue_out(path, capsys, "2026-11-21")
    assert "rename the group row back" in out and "(Date)" in out and FUTURE not in out and RIGHT not in out, out
    _labels(sheets, "Primera visita", "Seguimiento")
    _read_right(sheets, path, capsys)


ALIKE = [["Contacto", "", "Seguimiento", ""], ["Fecha", "Nombre", "Fecha", "Done"],
         ["11/2/2026", "Ana Ruiz", "11/10/2026", ""], ["11/3/2026", "Bea Soto", "11/30/2026", ""],
         ["11/4/2026", "Carla Paz", "11/12/2026", "yes"]]


@pytest.mark.parametrize("what", ["retyped", "moved"])
def test_labels_reordered_over_columns_alike_are_held_and_each_case_s_advice_reads_right(
        emulator, book, capsys, what):
    """Groups alike ('Fecha' read through each: 'Fecha de Contacto' is Date): labels swapped over the same
    headers could be a drag or a retype. Held, the advice saying both cases; the retype's advice (put them back)
    and the drag's (run `sheets adopt`) each followed read as adopted."""
    sheets, path = book({"Contacts": [["Name", "Phone"], ["Ana Ruiz", "1"], ["Bea Soto", "2"],
                                      ["Carla Paz", "3"]], "Convos": ALIKE}, "USER_ENTERED")
    sheets.batch_update([{"mergeCells": {"range": {"sheetId": 1, "startRowIndex": 0, "endRowIndex": 1,
                                                   "startColumnIndex": a, "endColumnIndex": a + 2},
                                         "mergeType": "MERGE_ALL"}} for a in (0, 2)])
    assert main(["--config", path, "sheets", "adopt"]) == 0
    assert RIGHT in _overdue_out(path, capsys, "2026-11-21")
    if what == "retyped":
        _labels(sheets, "Seguimiento", "Contacto")
    else:                                                 # the whole group dragged: Seguimiento first
        _move(sheets, 2, 4, 0)
    out = _overdue_out(path, capsys, "2026-11-21")
    assert "cannot tell whether the columns were moved or the labels retyped" in out and RIGHT not in out, out
    assert FUTURE not in out
    if what == "retyped":
        _labels(sheets, "Contacto", "Seguimiento")
    else:
        assert main(["--config", path, "sheets", "adopt"]) == 0
    out = _overdue_out(path, capsys, "2026-11-21")
    assert RIGHT in out and FUTURE not in out and "group row" not in out, out


@pytest.mark.parametrize(("start", "to"), [(3, 0), (0, 4)], ids=["follow-up-first", "date-after-follow-up"])
def test_a_one_row_header_s_columns_dragged_are_followed_by_name(emulator, book, capsys, start, to):
    """A one-row header (Date | Name | Organizer | F/U date | Notes) with a date column dragged elsewhere
    (same names): each column found by its own header, Date and Follow-up due never trade, no new problem."""
    sheets, path = _adopted(book, capsys)
    before = _overdue_out(path, capsys)
    _move(sheets, start, start + 1, to)
    out = _overdue_out(path, capsys)
    assert "open: 6 (overdue 2," in before and "open: 6 (overdue 2," in out and FUTURE not in out, out
    assert "not found any more" not in out and out.split("problems:")[1] == before.split("problems:")[1], out
