"""Issue 21, outside tester a21l l4 (fix21ah): a two-row header's group row edited by staff in ways that change
nothing. 'Seguimiento' retyped 'seguimiento' (or 'SEGUIMIÉNTO') is the same label (compared folded, as headers
are); the group cells unmerged and each label typed over both of its columns ('fill') is the same group row, read
once: in the jobs and at adoption (no merges needed). Nothing is held, `sheets check` says nothing of the group
row, and `sheets adopt` run again (the advice the tester was given) keeps the mapping: Follow-up due is C
'Fecha de Seguimiento'. A real change written the filled way (the labels swapped) is still held, its message
names the labels once each (not cut), and each piece of its advice followed reads right. The CLI against the
emulator; staff edits through the Sheets API."""

from __future__ import annotations

import pytest

from tests.integration import test_adopt_attacks as attacks
from tests.integration.test_adopt_fix21ac import RIGHT, _read_right, _statuses
from tests.integration.test_adopt_fix21q import _adopt_out, _overdue_out
from tests.integration.test_adopt_fix21v import GROUPED, _check_out, _convos, _grouped_book
from turfbook.cli import main
from turfbook.schema.text import fold
from turfbook.workspace.sheets import CellWrite

book = attacks.book
FOLLOW_UP_IN_C = "column: C\n      header: Fecha de Seguimiento\n"
FILLED = ["Primera visita", "Primera visita", "Seguimiento", "Seguimiento"]
SWAPPED = ["Seguimiento", "Seguimiento", "Primera visita", "Primera visita"]


def _unmerge(sheets) -> None:
    sheets.batch_update([{"unmergeCells": {"range": {"sheetId": 1, "startRowIndex": 0, "endRowIndex": 1,
                                                     "startColumnIndex": 0, "endColumnIndex": 4}}}])


def _group_row(sheets, cells: list[str]) -> None:
    sheets.write([CellWrite("'Convos'!A1", [cells])], input_option="RAW")


def _stored(book) -> str:
    return (book.config.data_dir / "adoption.yaml").read_text(encoding="utf-8")


def _quiet_and_kept(sheets, path, capsys, book) -> None:
    """Read as adopted, nothing said of the group row by overdue or `sheets check`; `sheets adopt` run again
    keeps Follow-up due in C (named with the label as now typed: 'Fecha de seguimiento') and the counts stay
    right."""
    _read_right(sheets, path, capsys)
    out = _check_out(path, capsys)
    assert "group row" not in out and "not found" not in out and "'Fecha' is in columns" not in out, out
    out = _adopt_out(path, capsys)
    assert fold("C 'Fecha de Seguimiento' → Follow-up due") in fold(out) and "kept as your own" not in out, out
    assert fold(FOLLOW_UP_IN_C) in fold(_stored(book)) and fold("- Seguimiento\n") in fold(_stored(book))
    _read_right(sheets, path, capsys)


@pytest.mark.parametrize("label", ["seguimiento", "SEGUIMIÉNTO", "Seguimiento "])
def test_l4_a_group_label_retyped_in_another_case_or_accents_is_no_change(emulator, book, capsys, label):
    sheets, path = _grouped_book(book, capsys)
    sheets.write([CellWrite("'Convos'!C1", [[label]])], input_option="RAW")
    _quiet_and_kept(sheets, path, capsys, book)


def test_l4_group_cells_unmerged_and_each_label_typed_over_its_columns_is_the_same_group_row(emulator, book, capsys):
    sheets, path = _grouped_book(book, capsys)
    before = _convos(sheets)
    _unmerge(sheets)
    _group_row(sheets, FILLED)
    _quiet_and_kept(sheets, path, capsys, book)
    assert [r[:4] for r in _convos(sheets)[1:]] == [r[:4] for r in before[1:]]      # staff cells untouched
    assert "- Primera visita\n" in _stored(book) and _stored(book).count("- Seguimiento\n") == 1


def test_l4_a_workbook_adopted_with_a_filled_group_row_never_merged_reads_it_as_a_group_row(emulator, book, capsys):
    sheets, path = book({"Contacts": [["Name", "Phone"], ["Ana Ruiz", "1"], ["Bea Soto", "2"], ["Carla Paz", "3"]],
                         "Convos": [FILLED, *GROUPED[1:]]}, "USER_ENTERED")
    out = _adopt_out(path, capsys)
    assert "C 'Fecha de Seguimiento' → Follow-up due" in out and "kept as your own column" not in out, out
    assert "grouped: true" in _stored(book) and FOLLOW_UP_IN_C in _stored(book)
    assert RIGHT in _overdue_out(path, capsys, "2026-11-21")
    _quiet_and_kept(sheets, path, capsys, book)


@pytest.mark.parametrize("advice", ["rename back", "adopt"])
def test_l4_labels_swapped_the_filled_way_are_held_said_whole_and_each_advice_reads_right(
        emulator, book, capsys, advice):
    sheets, path = _grouped_book(book, capsys)
    _unmerge(sheets)
    _group_row(sheets, SWAPPED)
    out = _overdue_out(path, capsys, "2026-11-21")
    assert RIGHT not in out and "overdue flags kept as they were" in out, out
    assert "'Primera visita | Seguimiento' is now 'Seguimiento | Primera visita'" in out and "…" not in out, out
    assert _statuses(sheets) == {"Ana Ruiz": "OVERDUE 10d", "Bea Soto": "", "Carla Paz": "done"}   # as they were
    if advice == "rename back":
        _group_row(sheets, FILLED)
        _quiet_and_kept(sheets, path, capsys, book)
        return
    out = _adopt_out(path, capsys)                       # the new labels taken: A's dates are the follow-ups now
    assert "A 'Fecha de Seguimiento' → Follow-up due" in out and "kept as your own column" not in out, out
    assert "column: A\n      header: Fecha de Seguimiento\n" in _stored(book)
    out = _overdue_out(path, capsys, "2026-11-21")
    assert "group row" not in out and "open: unknown" not in out, out
    assert main(["--config", path, "sheets", "check"]) in (0, 1)
