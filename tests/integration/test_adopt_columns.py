"""Issue 21, the second outside attack (a21c), columns and values: each finding turned into a test. A small
workbook adopted through the CLI against the emulator, then the jobs run on it; every count is a hand count.

3 two headers naming one column ("Next step" text / "F/U date" dates) · 15 fuzzy matches of other words
("Dues", "Task") · 4 a header renamed or doubled after the adoption · 6 day/month per column · 7 dates with
no year · 12 yes/no in the done column, and serials shown as dates in problems."""

from __future__ import annotations

import re

import pytest
import yaml

from tests.integration.test_adopt_attacks import new_book
from turfbook.cli import main
from turfbook.workspace import connect
from turfbook.workspace.sheets import CellWrite

PEOPLE = [["Name", "Phone"], ["Ana Ruiz", "1"], ["Bea Soto", "2"], ["Carla Paz", "3"]]


@pytest.fixture
def team(config, tmp_path):
    """A new spreadsheet with `tabs`, and a config file naming it: (sheets, config path)."""
    def make(tabs: dict[str, list[list]], input_option: str = "USER_ENTERED"):
        sheet_id = new_book(connect(config), tabs, input_option)
        data = config.model_dump(mode="json", exclude={"source"})
        data["google"]["spreadsheet_id"] = sheet_id
        path = tmp_path / "config.yaml"
        path.write_text(yaml.safe_dump(data), encoding="utf-8")
        return connect(config).sheets(sheet_id), str(path)
    return make


def overdue(path: str, capsys, today: str) -> tuple[int, str]:
    capsys.readouterr()
    assert main(["--config", path, "run", "overdue", "--today", today]) == 0
    out = capsys.readouterr().out
    said = re.search(r"overdue (\d+|unknown)", out)[1]        # unknown: a column the rule reads is lost (a21e 4)
    return (None if said == "unknown" else int(said)), out


def flags(sheets, title: str, name_at: int = 1) -> dict[str, str]:
    rows = sheets.read_tabs([title])[title]
    status = rows[0].index("Status")
    return {r[name_at]: str(r[status]) if status < len(r) else "" for r in rows[1:]}


def test_two_headers_naming_the_follow_up_are_settled_by_their_values_not_by_which_is_left(team, capsys):
    """a21c 3 (b3_alias_tie.py): "Next step" (what to do) left of "F/U date" (dates), and "Seguimiento"
    (notes) left of "Fecha de seguimiento": the date columns are the follow-up due, the text ones stay the
    team's, the report says why; overdue = the hand count 3, and no "is not a date" problem."""
    sheets, path = team({
        "Contacts": PEOPLE,
        "Convos": [["Date", "Name", "Organizer", "Next step", "F/U date", "Notes"],
                   ["11/2/2026", "Ana Ruiz", "Rosa", "invite to Thursday meeting", "11/10/2026", ""],
                   ["11/3/2026", "Bea Soto", "Rosa", "call back about rent", "11/12/2026", ""],
                   ["11/4/2026", "Carla Paz", "Luis", "bring flyer", "12/12/2026", ""]],
        "Conversaciones": [["Fecha", "Nombre", "Organizadora", "Seguimiento", "Fecha de seguimiento"],
                           ["11/5/2026", "Ana Ruiz", "Rosa", "llamar el lunes", "11/9/2026"],
                           ["11/6/2026", "Bea Soto", "Rosa", "invitar a la junta", "11/30/2026"]]})
    assert main(["--config", path, "sheets", "adopt", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "E 'F/U date' → Follow-up due (known name, sure 100%)" in out
    assert "D 'Next step': kept as your own column: its name is also one for Follow-up due, and Turfbook reads " \
           "column E 'F/U date'" in out
    assert "E 'Fecha de seguimiento' → Follow-up due" in out and "D 'Seguimiento': kept as your own column" in out
    assert "is not a date" not in out
    assert main(["--config", path, "sheets", "adopt"]) == 0
    count, out = overdue(path, capsys, "2026-11-20")
    assert count == 3, out
    assert "is not a date" not in out
    assert [n for n, f in flags(sheets, "Convos").items() if f.startswith("OVERDUE")] == ["Ana Ruiz", "Bea Soto"]


def test_two_date_headers_the_values_cannot_tell_apart_are_shown_unsure_never_sure(team, capsys):
    """a21c 3, the tie: "Next step date" and "F/U date" both hold dates: the stronger name is read, shown
    UNSURE with the other header named (EN and ES), never "sure 100%"."""
    sheets, path = team({
        "Contacts": PEOPLE,
        "Convos": [["Date", "Name", "Next step date", "F/U date"],
                   ["11/2/2026", "Ana Ruiz", "11/20/2026", "11/10/2026"]]})
    assert main(["--config", path, "sheets", "adopt", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "D 'F/U date' → Follow-up due (UNSURE, 50%); column C 'Next step date' is a name for it too" in out
    assert main(["--config", path, "sheets", "adopt", "--dry-run", "--language", "es"]) == 0
    assert "(NO SEGURO, 50%); la columna C 'Next step date' también es un nombre" in capsys.readouterr().out


def test_other_words_spelled_like_ours_are_not_matched_and_a_fuzzy_date_column_of_non_dates_is_left_alone(
        team, capsys):
    """a21c 15 (b7_shapes.py, b11_other_tabs.py): "Dues" is not "Due" (Follow-up due) and "Task" is not
    "Ask" (Asked to join): kept as the team's own columns, so 'paid'/'owes' are not "not a date" problems;
    "Folow-up due" over notes is only spelled like ours and is left alone, said so."""
    sheets, path = team({
        "Contacts": PEOPLE,
        "Convos": [["Date", "Who", "Dues", "Task", "Folow-up due", "Notes"],
                   ["11/2/2026", "Ana Ruiz", "paid", "print flyers", "ask her sister", "x"],
                   ["11/3/2026", "Bea Soto", "owes", "call", "—", ""]]})
    assert main(["--config", path, "sheets", "adopt", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "C 'Dues': kept as your own column" in out and "D 'Task': kept as your own column" in out
    assert "E 'Folow-up due': left alone: the name is only spelled like Follow-up due, and most of its values " \
           "are not dates" in out
    assert "is not a date" not in out and "Asked to join" not in out


@pytest.mark.parametrize("edit", ["ours", "spanish", "twice", "unknown"])
def test_a_header_renamed_or_doubled_after_adoption_is_found_again_or_named_in_a_problem(team, capsys, edit):
    """a21c 4 (b4_rename_after.py): after adoption staff rename "F/U date" to "Follow-up due" (Turfbook's own
    header) or "Fecha de seguimiento", or add a second "F/U date" far right: overdue still flags the hand
    count 2 (the column found again by its names; the leftmost of two, with a problem). Renamed to a word
    that is none of its names: a problem naming the tab and the header, never a silent 0, and the flags
    already in the sheet are kept (nothing written that run)."""
    sheets, path = team({
        "Contacts": PEOPLE,
        "Convos": [["Date", "Name", "Organizer", "F/U date", "Notes"],
                   ["11/2/2026", "Ana Ruiz", "Rosa", "11/10/2026", ""],
                   ["11/3/2026", "Bea Soto", "Rosa", "11/12/2026", ""],
                   ["11/4/2026", "Carla Paz", "Luis", "12/12/2026", ""]]})
    assert main(["--config", path, "sheets", "adopt"]) == 0
    assert overdue(path, capsys, "2026-11-20")[0] == 2
    change = {"ours": [CellWrite("'Convos'!D1", [["Follow-up due"]])],
              "spanish": [CellWrite("'Convos'!D1", [["Fecha de seguimiento"]])],
              "twice": [CellWrite("'Convos'!Z1", [["F/U date"], ["old"]])],
              "unknown": [CellWrite("'Convos'!D1", [["When to call"]])]}[edit]
    sheets.batch_update([{"appendDimension": {"sheetId": 1, "dimension": "COLUMNS", "length": 10}}])
    sheets.write(change, "RAW")
    count, out = overdue(path, capsys, "2026-11-20")
    flagged = [n for n, f in flags(sheets, "Convos").items() if f.startswith("OVERDUE")]
    assert flagged == ["Ana Ruiz", "Bea Soto"], out                 # the flags stand, whatever happened
    if edit == "unknown":
        assert "Convos header: the column 'F/U date' (Follow-up due) is not found any more" in out, out
        assert "overdue flags kept as they were" in out and "written: 0 cell(s)" in out
        assert count is None and "open: unknown" in out              # as the digest says (a21e 4)
        return
    assert count == 2, out
    if edit == "twice":
        assert "Convos header: 'F/U date' is in columns D, Z; Turfbook reads D as Follow-up due" in out, out


def test_a_column_whose_dates_include_a_day_over_12_first_is_day_month_for_every_cell(team, capsys):
    """a21c 6 (b18_ddmm_column.py): "13/11/2026" and "25/11/2026" are in the column, so "05/12/2026" is
    5 December (not May 12) and "02/11/2026" 2 November; the report says which order and why. Overdue on
    2026-11-20 = Ana (13/11) and Dora (02/11), the hand count."""
    sheets, path = team({
        "Contactos": [["Nombre"], ["Ana"], ["Bea"], ["Carla"], ["Dora"]],
        "Conversaciones - Rosa": [["Fecha", "Nombre", "Fecha de seguimiento"],
                                  ["01/11/2026", "Ana", "13/11/2026"], ["03/11/2026", "Bea", "25/11/2026"],
                                  ["04/11/2026", "Carla", "05/12/2026"], ["01/11/2026", "Dora", "02/11/2026"]]},
        "RAW")
    assert main(["--config", path, "sheets", "adopt", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "C 'Fecha de seguimiento' → Follow-up due (known name, sure 100%); dates read day/month, like " \
           "every date column of this tab: 13/11/2026 is there" in out, out
    assert "A 'Fecha' → Date (known name, sure 100%); dates read day/month, like every date column of this " \
           "tab: 13/11/2026 is there" in out      # the tab's order (a21d 4), not the locale's
    assert main(["--config", path, "sheets", "adopt"]) == 0
    count, out = overdue(path, capsys, "2026-11-20")
    assert count == 2, out
    shown = flags(sheets, "Conversaciones - Rosa")
    assert shown["Ana"] == "OVERDUE 7d" and shown["Dora"] == "OVERDUE 18d" and shown["Carla"] == "", shown


def test_a_date_typed_with_no_year_is_a_problem_naming_the_cell_never_a_due_date_before_the_conversation(
        team, capsys):
    """a21c 7 (b12_yearless.py): "Jan 5" and "5 ene" typed on 1-2 December are not 5 January of this year
    (335 days overdue): each is a problem naming the sheet, row and value; "Nov 10" likewise. Overdue: none
    of them, no row flagged OVERDUE."""
    sheets, path = team({
        "Contacts": PEOPLE,
        "Convos": [["Date", "Name", "F/U date"], ["12/1/2026", "Ana Ruiz", "Jan 5"],
                   ["12/2/2026", "Bea Soto", "5 ene"], ["11/2/2026", "Carla Paz", "11/10/2026"]]}, "RAW")
    assert main(["--config", path, "sheets", "adopt"]) == 0
    out = capsys.readouterr().out
    assert "Convos row 2, F/U date: 'Jan 5' has no year: type the date with its year" in out, out
    assert "Convos row 3, F/U date: '5 ene' has no year" in out
    count, out = overdue(path, capsys, "2026-12-06")
    assert count == 1, out
    shown = flags(sheets, "Convos")
    assert shown["Carla Paz"] == "OVERDUE 26d" and not shown["Ana Ruiz"].startswith("OVERDUE"), shown


def test_yes_no_in_the_done_column_is_not_a_date_problem_and_problems_show_dates_not_serials(team, capsys):
    """a21c 12 (b15_done_yes_problems.py): "Sí", "✔", a ticked checkbox (TRUE) and "N" in the done column are
    read by cells.yes_no, listed nowhere as problems (adopt report, Problems tab, the row's Problems); the
    conversation dated in the future (2099, on any test date) is a problem showing the date (2099-12-24), not
    its serial; First seen is a date. Overdue: only Dan (N = not done)."""
    sheets, path = team({
        "Contacts": [["Name"], ["Ana Ruiz"], ["Bea Soto"], ["Carla Paz"], ["Dan Poe"]],
        "Convos": [["Date", "Name", "F/U date", "F/U done"], ["11/2/2026", "Ana Ruiz", "11/10/2026", "Sí"],
                   ["11/3/2026", "Bea Soto", "11/10/2026", "✔"], ["11/4/2026", "Carla Paz", "11/10/2026", True],
                   ["12/24/2099", "Dan Poe", "11/10/2026", "N"]]})
    assert main(["--config", path, "sheets", "adopt"]) == 0
    out = capsys.readouterr().out
    assert "is not a date" not in out, out
    assert main(["--config", path, "sheets", "check"]) == 0
    count, out = overdue(path, capsys, "2026-11-20")
    assert count == 1, out
    assert flags(sheets, "Convos")["Dan Poe"].startswith("OVERDUE")
    listed = sheets.read_tabs(["Problems"], render="FORMATTED_VALUE")["Problems"]
    text = " ".join(str(c) for r in listed for c in r)
    assert "is not a date" not in text and "Sí" not in text and "73043" not in text, listed
    future = [r for r in listed[1:] if "in the future" in str(r[4])]
    assert len(future) == 1 and "'2099-12-24' is in the future" in future[0][4], listed
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(future[0][6])), future[0]
