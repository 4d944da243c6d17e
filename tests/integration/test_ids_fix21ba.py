"""Issue 21 (an engineer's finding): a new ID was one more than the highest ID on any row, so the ID of a deleted
row was given again, and the new row showed the deleted record's Status and Flagged at (the hidden service tab
still holds them) and took its stored row key. An ID once given is never given again (id_next). Each scene: Ana
C-000001 and Bo C-000002 flagged overdue, Bo's row deleted, a row for Eve added, the nightly jobs run (check,
then overdue): Eve gets C-000003, and nothing of Bo's. The CLI against the emulator; staff edits through the
Sheets API."""

from __future__ import annotations

import pytest
import yaml

from tests.integration import test_adopt_attacks as attacks
from tests.integration.test_adopt_fix21ak import _night, _sheet_id
from tests.integration.test_adopt_write_safety import _rows
from tests.support.team_book import new_team_book
from turfbook.cli import main
from turfbook.workspace.sheets import CellWrite

book = attacks.book
DUE = "11/10/2026"                  # overdue by the first night (11/15)


def _delete_row(sheets, title: str, row: int) -> None:
    sheets.batch_update([{"deleteDimension": {"range": {"sheetId": _sheet_id(sheets, title), "dimension": "ROWS",
                                                        "startIndex": row - 1, "endIndex": row}}}])


def _view(sheets, title: str, name_column: str) -> dict[str, tuple[str, str, str]]:
    rows = _rows(sheets, title)
    h = rows[0]
    return {r[h.index(name_column)]: (r[h.index("ID")], r[h.index("Status")], r[h.index("Flagged at")])
            for r in rows[1:] if r[h.index(name_column)]}


def _bo_flagged(view: dict) -> str:
    ana, bo = view["Ana Ruiz"], view["Bo Li"]
    assert ana[0] == "C-000001" and bo[0] == "C-000002", view
    assert ana[1].startswith("OVERDUE") and bo[1].startswith("OVERDUE") and bo[2], view
    return bo[2]


def _eve_is_new(view: dict, flagged: str) -> None:
    eve = view["Eve Park"]
    assert eve[0] == "C-000003", view
    assert not eve[1].startswith("OVERDUE") and eve[2] != flagged and not eve[2], view
    assert "Bo Li" not in view and view["Ana Ruiz"][0] == "C-000001", view


@pytest.mark.parametrize("night_between", [False, True])
def test_adopted_a_deleted_rows_id_is_never_given_to_a_new_row(emulator, book, capsys, night_between):
    sheets, path = book({"Contacts": [["Name", "Phone"], ["Ana Ruiz", "5551234567"], ["Bo Li", "5551234568"],
                                      ["Eve Park", "5551234569"]],
                         "Convos": [["Date", "Name", "F/U date", "F/U done", "Notes"],
                                    ["11/2/2026", "Ana Ruiz", DUE, "", "visit"],
                                    ["11/3/2026", "Bo Li", DUE, "", "call"]]}, "USER_ENTERED")
    assert main(["--config", path, "sheets", "adopt"]) == 0
    _night(path, capsys, "2026-11-15")
    flagged = _bo_flagged(_view(sheets, "Convos", "Name"))
    _delete_row(sheets, "Convos", 3)
    if night_between:
        _night(path, capsys, "2026-11-16")
    sheets.write([CellWrite("'Convos'!A3", [["11/14/2026", "Eve Park", "12/30/2026", "", "new"]])],
                 input_option="USER_ENTERED")
    night = _night(path, capsys, "2026-11-17")
    _eve_is_new(_view(sheets, "Convos", "Name"), flagged)
    assert "C-000002" not in night, night


def _turfbook_made(config, tmp_path) -> tuple:
    sheet_id, sheets = new_team_book(config)
    data = config.model_dump(mode="json", exclude={"source"})
    data["google"]["spreadsheet_id"] = sheet_id
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert main(["--config", str(path), "sheets", "init"]) == 0
    return sheets, str(path)


def _row(header: list, **cells) -> list:
    return [cells.get(h, "") for h in header]


@pytest.mark.parametrize("night_between", [False, True])
def test_turfbook_made_a_deleted_rows_id_is_never_given_to_a_new_row(emulator, config, tmp_path, capsys,
                                                                      night_between):
    sheets, path = _turfbook_made(config, tmp_path)
    people = _rows(sheets, "People")[0]
    convs = _rows(sheets, "Conversations")[0]
    sheets.write([CellWrite("'People'!A2", [_row(people, Name=n) for n in ("Ana Ruiz", "Bo Li", "Eve Park")]),
                  CellWrite("'Conversations'!A2", [_row(convs, Date="11/2/2026", Person="Ana Ruiz",
                                                        **{"Follow-up due": DUE}),
                                                   _row(convs, Date="11/3/2026", Person="Bo Li",
                                                        **{"Follow-up due": DUE})])],
                 input_option="USER_ENTERED")
    _night(path, capsys, "2026-11-15")
    flagged = _bo_flagged(_view(sheets, "Conversations", "Person"))
    _delete_row(sheets, "Conversations", 3)
    if night_between:
        _night(path, capsys, "2026-11-16")
    sheets.write([CellWrite("'Conversations'!A3", [_row(convs, Date="11/14/2026", Person="Eve Park",
                                                         **{"Follow-up due": "12/30/2026"})])],
                 input_option="USER_ENTERED")
    night = _night(path, capsys, "2026-11-17")
    _eve_is_new(_view(sheets, "Conversations", "Person"), flagged)
    assert "C-000002" not in night, night
