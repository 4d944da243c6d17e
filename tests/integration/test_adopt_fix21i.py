"""Issue 21, the third outside attack (a21d), which tab a sheet is: each finding turned into a test. A small
workbook adopted through the CLI against the emulator, then the jobs run on it; every count is a hand count.

2 a sheet adopted before and renamed by staff like another tab ("Convos" -> "Contacts 2") stays the tab
Turfbook's own header formulas on it name · 3 a title naming a tab only among other words loses to a header that
clearly says another tab · 1 a team tab titled "Turfbook problems" is never Turfbook's: it takes a free title."""

from __future__ import annotations

import pytest

from tests.integration import test_adopt_attacks as attacks
from tests.integration import test_adopt_tabs as tabs
from turfbook.cli import main

book, tabs_book = attacks.book, tabs.book
PEOPLE = [["Name", "Phone"], ["Ana Ruiz", "1"], ["Bea Soto", "2"], ["Carla Paz", "3"]]
CONVOS = [["Date", "Name", "F/U date", "Notes"], ["11/2/2026", "Ana Ruiz", "11/10/2026", "a"],
          ["11/3/2026", "Bea Soto", "11/12/2026", "b"], ["11/4/2026", "Carla Paz", "12/12/2026", "c"]]


def test_an_adopted_conversations_sheet_renamed_like_people_stays_conversations_on_re_adopt(book, capsys):
    """c1b_renamed_to_other_tab.py: adopted "Convos" renamed "Contacts 2"; re-adopt made it People (a second
    ID column, P- IDs on conversations) and overdue exited 1 "no Conversations tab". Hand count: 2 overdue."""
    sheets, path = book({"Contacts": PEOPLE, "Convos": CONVOS}, "USER_ENTERED")
    assert main(["--config", path, "sheets", "adopt"]) == 0
    assert main(["--config", path, "run", "overdue", "--today", "2026-11-15"]) == 0
    sheets.batch_update([{"updateSheetProperties": {"properties": {"sheetId": 1, "title": "Contacts 2"},
                                                    "fields": "title"}}])
    before = sheets.read_tabs(["Contacts 2"])["Contacts 2"]
    capsys.readouterr()
    assert main(["--config", path, "sheets", "adopt"]) == 0
    out = capsys.readouterr().out
    assert "'Contacts 2' → Conversations" in out
    assert "NEW IDs" not in out
    after = sheets.read_tabs(["Contacts 2"])["Contacts 2"]
    assert after == before                           # nothing added, no P- IDs on conversations
    assert main(["--config", path, "run", "overdue", "--today", "2026-11-20"]) == 0
    rows = sheets.read_tabs(["Contacts 2"])["Contacts 2"]
    status = rows[0].index("Status")
    overdue = [r[1] for r in rows[1:] if str((r + [""] * status)[status]).startswith("OVERDUE")]
    assert overdue == ["Ana Ruiz", "Bea Soto"]


def test_a_title_naming_people_among_other_words_loses_to_a_header_that_clearly_says_conversations(book, capsys):
    """c8_contact_log_title.py: "Registro de contactos" with Date, Name, Organizer, F/U date was adopted as
    People ("its name among other words, sure 60%") and overdue exited 1. Hand count: 2 overdue."""
    log = [["Date", "Name", "Organizer", "F/U date", "Notes"], ["11/2/2026", "Ana Ruiz", "Rosa", "11/10/2026", "a"],
           ["11/3/2026", "Bea Soto", "Rosa", "11/12/2026", "b"], ["11/4/2026", "Carla Paz", "Luis", "12/12/2026", "c"]]
    sheets, path = book({"Roster": PEOPLE, "Registro de contactos": log}, "USER_ENTERED")
    assert main(["--config", path, "sheets", "adopt"]) == 0
    out = capsys.readouterr().out
    assert "'Registro de contactos' → Conversations (recognised by its columns" in out
    assert main(["--config", path, "run", "overdue", "--today", "2026-11-20"]) == 0
    assert "overdue 2," in capsys.readouterr().out
    header = sheets.read_tabs(["Registro de contactos"])["Registro de contactos"][0]
    assert "Last contact" not in header and "Flagged at" in header


@pytest.mark.parametrize("theirs", [
    [["Problem", "Who", "Since"], ["Sync is slow", "Ana", "11/1/2026"]],
    [["Job", "Tab", "Row ID", "Column", "Problem", "Kind", "First seen"],          # copied from another workbook
     ["schema", "Other book", "X-1", "", "our old workbook's list, keep", "note", "2026-10-01"]]],
    ids=["plain", "lookalike"])
def test_a_teams_own_turfbook_problems_tab_is_never_written_turfbook_creates_a_free_title(tabs_book, capsys, theirs):
    """c4_turfbook_problems_exists.py: beside their "Problems", a tab of theirs titled "Turfbook problems". The
    report called Turfbook's hidden '_Turfbook Problems' "yours" and `sheets check` exited 1; the look-alike
    was written by Turfbook, its stored title "Turfbook problems 2" never created (check, overdue exit 1)."""
    wall = [["Our own chart", "✔"], ["Little Stars", "=COUNTA(B1:B1)"]]
    sheets, path = tabs_book({"Contacts": tabs.CONTACTS, "Convos": tabs.CONVOS, "Problems": tabs.THEIR_PROBLEMS,
                              "Turfbook problems": theirs, "Turfbook wall chart": wall})
    mine = ["Problems", "Turfbook problems", "Turfbook wall chart"]
    before = tabs.formulas(sheets, mine)
    assert main(["--config", path, "sheets", "adopt"]) == 0
    out = capsys.readouterr().out
    assert "_Turfbook" not in "".join(line for line in out.splitlines() if "is yours" in line)
    assert "'Turfbook problems' is yours" in out
    assert "Turfbook keeps its own 'Problems' tab in 'Turfbook problems 2'" in out
    assert "Turfbook problems 2" in sheets.tab_titles()
    today = tabs.TODAY
    for args in (["sheets", "check"], ["run", "overdue", "--today", today], ["run", "chart", "--today", today],
                 ["run", "digest", "--today", today, "--to", "d@example.org"]):
        assert main(["--config", path, *args]) == 0, args
    assert tabs.formulas(sheets, mine) == before
    titles = sorted(sheets.tab_titles())
    assert main(["--config", path, "sheets", "adopt"]) == 0              # a second adopt: same titles
    assert "nothing: everything was already there" in capsys.readouterr().out
    assert sorted(sheets.tab_titles()) == titles
