"""Issue 21, outside tester a21k (k9, k12): People sorted by name over the staff columns only (a filter), then
the row of someone who left deleted. The row that landed on the deleted person's ID holds another ID's record
whose row is gone, and its own ID's record is on no row: the same end state as two rows merged by hand (d1), so
the tab is held (never decided as a merge), the problem says both readings (EN/ES), `sheets adopt` puts the
IDs back as for a sort and `--accept-rows` keeps the row's ID (the merge reading). One test per finding."""

from __future__ import annotations

import pytest

from tests.integration import test_adopt_attacks as attacks
from tests.integration.test_adopt_fix21q import _adopt_out, _overdue_out
from tests.integration.test_adopt_write_safety import _rows
from turfbook.cli import main
from turfbook.workspace.sheets import CellWrite

book = attacks.book

SORTED = "rows were sorted without Turfbook's ID column"


def _people(sheets) -> dict[str, str]:
    rows = _rows(sheets, "Contacts")
    at = rows[0].index("ID")
    return {r[0]: r[at] for r in rows[1:] if r[0]}


def _sorted_then_zed_deleted(book, capsys, noticed: bool):
    """Ana (P-1), Zed (P-2), Bo (P-3), Convos typed with the P- IDs; a sort by name over A:B (Bo on P-2's row,
    Zed on P-3's); `noticed`: a nightly run between the sort and the delete; then Zed's row deleted."""
    people = [["Name", "Phone"], ["Ana Ruiz", "p1"], ["Zed Ames", "p0"], ["Bo Li", "p2"]]
    convos = [["Date", "Name", "F/U date", "Notes"], ["11/2/2026", "Zed Ames", "11/10/2026", "Zed: overdue"],
              ["11/3/2026", "Bo Li", "11/30/2026", "Bo: due 11/30"], ["11/4/2026", "Ana Ruiz", "12/30/2026", ""]]
    sheets, path = book({"Contacts": people, "Convos": convos}, "USER_ENTERED")
    assert main(["--config", path, "sheets", "adopt"]) == 0
    ids = _people(sheets)
    sheets.write([CellWrite("'Convos'!B2", [[ids["Zed Ames"]], [ids["Bo Li"]], [ids["Ana Ruiz"]]])],
                 input_option="USER_ENTERED")
    _overdue_out(path, capsys, "2026-11-15")
    sheets.batch_update([{"sortRange": {"range": {"sheetId": 0, "startRowIndex": 1, "endRowIndex": 4,
                                                  "startColumnIndex": 0, "endColumnIndex": 2},
                                        "sortSpecs": [{"dimensionIndex": 0, "sortOrder": "ASCENDING"}]}}])
    assert _people(sheets)["Bo Li"] == ids["Zed Ames"]
    if noticed:
        assert SORTED in _overdue_out(path, capsys, "2026-11-15")
    sheets.batch_update([{"deleteDimension": {"range": {"sheetId": 0, "dimension": "ROWS", "startIndex": 3,
                                                        "endIndex": 4}}}])
    assert set(_people(sheets)) == {"Ana Ruiz", "Bo Li"}
    return sheets, path, ids


@pytest.mark.parametrize("noticed", [False, True], ids=["k9", "k12"])
def test_k9_k12_a_sort_then_a_delete_is_held_both_readings_said_and_adopt_puts_the_ids_back(
        emulator, book, capsys, noticed):
    sheets, path, ids = _sorted_then_zed_deleted(book, capsys, noticed)
    bo, zed = ids["Bo Li"], ids["Zed Ames"]
    out = _overdue_out(path, capsys, "2026-11-16")
    assert SORTED in out
    assert (f"'Contacts' row 3 holds {bo}'s record but shows {zed}, and {zed}'s record is on no row: either the "
            f"rows were sorted and {zed}'s row deleted (`turfbook sheets adopt` puts {bo} back on it) or two rows "
            f"were merged by hand (`turfbook sheets adopt --accept-rows` keeps {zed} there)") in " ".join(out.split())
    es = _overdue_out(path, capsys, "2026-11-16")
    assert "o se unieron dos filas a mano" in " ".join(es.split())
    assert _people(sheets)["Bo Li"] == zed          # held: nothing written
    out = _adopt_out(path, capsys)
    assert _people(sheets) == {"Ana Ruiz": ids["Ana Ruiz"], "Bo Li": bo}
    assert zed in out                               # named unused
    assert SORTED not in _overdue_out(path, capsys, "2026-11-17")
    assert _people(sheets) == {"Ana Ruiz": ids["Ana Ruiz"], "Bo Li": bo}


def test_k9_accept_rows_keeps_the_rows_id_the_merge_reading_and_says_so(emulator, book, capsys):
    sheets, path, ids = _sorted_then_zed_deleted(book, capsys, False)
    bo, zed = ids["Bo Li"], ids["Zed Ames"]
    assert SORTED in _overdue_out(path, capsys, "2026-11-16")
    dry = " ".join(_adopt_out(path, capsys, "--dry-run").split())
    assert "would put 1 ID(s) back" in dry and "or two rows were merged by hand" in dry
    dry = " ".join(_adopt_out(path, capsys, "--dry-run", "--accept-rows").split())
    assert f"keeps {zed} (taken as two rows merged by hand)" in dry and "nothing to accept" not in dry
    assert _people(sheets)["Bo Li"] == zed
    out = " ".join(_adopt_out(path, capsys, "--accept-rows").split())
    assert f"'Contacts' row 3 keeps {zed} (taken as two rows merged by hand); {bo} is left unused" in out
    assert "every row was told apart" not in out
    assert _people(sheets) == {"Ana Ruiz": ids["Ana Ruiz"], "Bo Li": zed}
    assert SORTED not in _overdue_out(path, capsys, "2026-11-17")
    assert _people(sheets) == {"Ana Ruiz": ids["Ana Ruiz"], "Bo Li": zed}
