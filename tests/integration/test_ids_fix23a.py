"""fix23a: an ID once given is never given again — also on the tabs that keep no hidden service tab (Worksites,
Issues, Structure tests, Participation, Media, Organizers). Deleting the row holding a tab's highest ID (referenced
nowhere) used to let the next new row there take that ID again: the deleted record's Drive folders, Media log and
history then pointed at another record. Turfbook now remembers the highest number it gave per prefix in the
spreadsheet's developer metadata (id_memory), written in the same atomic batch as the IDs. The CLI against the
emulator; staff edits through the Sheets API."""

from __future__ import annotations

import pytest

from tests.integration.test_adopt_write_safety import _rows
from tests.integration.test_ids_fix21ba import _delete_row, _row, _turfbook_made
from turfbook.cli import main
from turfbook.workspace.sheets import CellWrite


def _check(path, capsys, day: str = "2026-11-15") -> str:
    capsys.readouterr()
    assert main(["--config", path, "run", "check", "--today", day]) == 0
    return capsys.readouterr().out


def _ids(sheets, title: str) -> dict[str, str]:
    rows = _rows(sheets, title)
    h = rows[0]
    return {r[h.index("Name")]: r[h.index("ID")] for r in rows[1:] if r[h.index("Name")]}


@pytest.mark.parametrize(("tab", "prefix"), [("Worksites", "W-"), ("Issues", "I-")])
@pytest.mark.parametrize("night_between", [False, True])
def test_a_deleted_rows_id_is_never_given_again_on_a_tab_without_a_service_tab(emulator, config, tmp_path, capsys,
                                                                               tab, prefix, night_between):
    sheets, path = _turfbook_made(config, tmp_path)
    header = _rows(sheets, tab)[0]
    sheets.write([CellWrite(f"'{tab}'!A2", [_row(header, Name=n) for n in ("Little Stars", "Sunny Days")])],
                 input_option="USER_ENTERED")
    _check(path, capsys)
    assert _ids(sheets, tab) == {"Little Stars": f"{prefix}0001", "Sunny Days": f"{prefix}0002"}
    _delete_row(sheets, tab, 3)                     # Sunny Days (the highest ID, referenced nowhere) deleted
    if night_between:
        _check(path, capsys, "2026-11-16")
    sheets.write([CellWrite(f"'{tab}'!A3", [_row(header, Name="Happy Kids")])], input_option="USER_ENTERED")
    _check(path, capsys, "2026-11-17")
    assert _ids(sheets, tab) == {"Little Stars": f"{prefix}0001", "Happy Kids": f"{prefix}0003"}
