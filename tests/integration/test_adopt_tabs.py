"""Issue 21, outside attack a21c on `sheets adopt`, tabs and organizers (findings 1, 2, 8, 9, 10, 11, 14): each
attack script (attack-a21c/attacks/bN_*.py) as a test, a team's workbook adopted through the CLI against the
emulator, then the jobs run on it."""

from __future__ import annotations

import pytest
import yaml

from tests.integration.test_adopt_attacks import new_book
from turfbook.cli import main
from turfbook.workspace import connect
from turfbook.workspace.sheets import CellWrite

TODAY = "2026-11-20"


@pytest.fixture
def book(config, tmp_path):
    def make(tabs: dict[str, list[list]]):
        sheet_id = new_book(connect(config), tabs, "USER_ENTERED")
        data = config.model_dump(mode="json", exclude={"source"})
        data["google"]["spreadsheet_id"] = sheet_id
        path = tmp_path / "config.yaml"
        path.write_text(yaml.safe_dump(data), encoding="utf-8")
        make.data_dir = config.data_dir
        make.config = config.model_copy(update={"google": config.google.model_copy(
            update={"spreadsheet_id": sheet_id})})
        return connect(config).sheets(sheet_id), str(path)
    return make


def formulas(sheets, titles) -> dict[str, list[list]]:
    return sheets.read_tabs(list(titles), render="FORMULA")


def run(path: str, *args: str) -> int:
    return main(["--config", path, *args])


WALL = [["Worksite", "Ana", "Bea", "Carla"], ["Little Stars", "✔", "✔", ""], ["Sunshine", "", "x", "✔"],
        ["Total", "=COUNTA(B2:B3)", "=COUNTA(C2:C3)", "=COUNTA(D2:D3)"]]
THEIR_PROBLEMS = [["Problem", "Worksite", "Since", "Who raised it"], ["No heat in room 3", "Little Stars", "10/1/2026",
                                                                      "Ana"],
                  ["Late pay", "Sunshine", "9/15/2026", "Bea"]]
CONTACTS = [["Name", "Phone", "Site"], ["Ana Ruiz", "860-555-0101", "Little Stars"],
            ["Bea Soto", "860-555-0102", "Sunshine"]]
CONVOS = [["Date", "Name", "Organizer", "F/U date", "Notes"], ["11/2/2026", "Ana Ruiz", "Rosa", "11/10/2026", "x"],
          ["11/3/2026", "Bea Soto", "Luis", "11/30/2026", "y"]]


def test_the_teams_own_wall_chart_and_problems_tabs_are_never_written_turfbook_uses_its_own(book, capsys):
    """Finding 1 (b1_service_named_tabs.py): their hand-made 'Wall chart' (✔ marks, =COUNTA totals) and their
    own 'Problems' list were overwritten by chart/digest and blanked by `sheets check`. Now: left alone, said in
    the report; Turfbook's own go to 'Turfbook problems' / 'Turfbook wall chart', and every job uses those."""
    sheets, path = book({"Contacts": CONTACTS, "Convos": CONVOS, "Wall chart": WALL, "Problems": THEIR_PROBLEMS})
    before = formulas(sheets, ["Wall chart", "Problems"])
    assert run(path, "sheets", "adopt", "--dry-run") == 0
    dry = capsys.readouterr().out
    assert "'Problems' is yours: Turfbook never writes it" in dry
    assert "Turfbook keeps its own 'Problems' tab in 'Turfbook problems'" in dry
    assert "Turfbook keeps its own 'Wall chart' tab in 'Turfbook wall chart'" in dry
    assert run(path, "sheets", "adopt") == 0
    out = capsys.readouterr().out
    assert "tab Turfbook problems added" in out and "'Wall chart' is yours" in out
    stored = yaml.safe_load((book.data_dir / "adoption.yaml").read_text(encoding="utf-8"))
    assert stored["own_tabs"] == {"Problems": "Turfbook problems", "Wall chart": "Turfbook wall chart"}
    for args in (["sheets", "check"], ["run", "overdue", "--today", TODAY], ["run", "chart", "--today", TODAY],
                 ["run", "digest", "--today", TODAY, "--to", "d@example.org"]):
        assert run(path, *args) == 0, args
    out = capsys.readouterr().out
    after = formulas(sheets, ["Wall chart", "Problems", "Turfbook wall chart", "Turfbook problems"])
    assert after["Wall chart"] == before["Wall chart"]
    assert after["Problems"] == before["Problems"]
    assert after["Turfbook wall chart"][0][0] == "Wall chart"           # Turfbook's chart, in its own tab
    assert after["Turfbook problems"][0][:2] == ["Job", "Tab"]
    titles = sheets.tab_titles()
    assert titles.count("Problems") == 1 and titles.count("Wall chart") == 1
    assert run(path, "sheets", "adopt") == 0                          # a second adopt: same titles, nothing added
    again = capsys.readouterr().out
    assert "nothing: everything was already there" in again
    assert sorted(sheets.tab_titles()) == sorted(titles)


def test_unrelated_tabs_with_a_few_shared_words_are_left_alone_and_shown(book, capsys):
    """Finding 2 (b11_other_tabs.py): 'Tasks' became Conversations (43%), 'Budget' and 'Problemas' People; IDs
    and service columns added to them, 'Print flyers' flagged OVERDUE. Now: a tab recognised only by its header
    needs the columns that tab needs (Conversations: a date and the person; People: a name) and enough of its
    headers matched; otherwise it is listed "left alone (looks like X, N%)", in --dry-run too, and not written."""
    tasks = [["Task", "Owner", "Due", "Status", "Notes"], ["Print flyers", "Rosa", "11/5/2026", "open", ""],
             ["Book hall", "Luis", "11/8/2026", "open", "deposit"]]
    budget = [["Item", "Cost", "Notes", "Status"], ["Pizza", "40", "meeting", "paid"]]
    problemas = [["Problem", "Worksite", "Since", "Who raised it"], ["No heat", "Little Stars", "10/1/2026", "Ana"]]
    sheets, path = book({"Contacts": [["Name", "Phone"], ["Ana Ruiz", "860-555-0101"]],
                         "Convos": [["Date", "Name", "F/U date"], ["11/2/2026", "Ana Ruiz", "11/10/2026"]],
                         "Tasks": tasks, "Budget": budget, "Problemas": problemas})
    theirs = ["Tasks", "Budget", "Problemas"]
    before = formulas(sheets, theirs)
    assert run(path, "sheets", "adopt", "--dry-run") == 0
    dry = capsys.readouterr().out
    assert "'Tasks': left alone (looks like " in dry
    assert "→" not in "".join(line for line in dry.splitlines() if any(f"'{t}'" in line for t in theirs))
    assert run(path, "sheets", "adopt", "--language", "es") == 0
    assert "'Tasks': no se toca (se parece a " in capsys.readouterr().out
    assert run(path, "run", "overdue", "--today", TODAY) == 0
    assert "overdue 1" in capsys.readouterr().out                     # the hand count: Ana's follow-up only
    assert formulas(sheets, theirs) == before


@pytest.mark.parametrize("title", ["Old contacts", "Convos (archive)", "Calls to make", "Lista de espera"])
def test_ordinary_words_in_a_tab_title_are_not_an_organizer(book, capsys, title):
    """Finding 8 (b13_title_words.py): 'Old contacts' -> organizer "Old", 'Convos (archive)' -> "archive" (shown
    "sure 95%", and "archive 1" in overdue by organizer). Now an organizer comes from a title only as
    "<tab> - <name>", "<tab>: <name>", "<name>'s <tab>", "<tab> de <Name>", "<tab> (<Name>)", the name written as a
    name; parentheses are shown as unsure."""
    rows = {"Old contacts": [["Name", "Phone"], ["Old Person", "9"]],
            "Convos (archive)": [["Date", "Name", "F/U date"], ["1/2/2025", "Ana Ruiz", "1/10/2025"]],
            "Calls to make": [["Name", "Phone", "Date", "Notes"], ["Bea Soto", "2", "11/25/2026", "call"]],
            "Lista de espera": [["Nombre", "Teléfono", "Edad del niño"], ["Niña Uno", "7", "3"]]}
    sheets, path = book({"Contacts": [["Name", "Phone"], ["Ana Ruiz", "1"], ["Bea Soto", "2"]], title: rows[title]})
    assert run(path, "sheets", "adopt") == 0
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.startswith(f"- '{title}'"))
    assert "organizer" not in line
    stored = yaml.safe_load((book.data_dir / "adoption.yaml").read_text(encoding="utf-8"))
    assert all(not s["organizer"] for s in stored["sheets"])


def test_an_organizer_in_parentheses_is_shown_as_unsure(book, capsys):
    sheets, path = book({"Contacts": [["Name"], ["Ana Ruiz"]],
                         "Convos (Luis)": [["Date", "Name", "F/U date"], ["11/2/2026", "Ana Ruiz", "11/10/2026"]]})
    assert run(path, "sheets", "adopt", "--dry-run") == 0
    assert "organizer: Luis (from the title, unsure 70%)" in capsys.readouterr().out


STAFF = [["Name", "Email"], ["Ana Rivera", "ana@example.org"], ["Ben Cole", "ben@example.org"]]
PEOPLE = [["Name", "Phone"], ["Maria Lopez", "860-555-0101"], ["Dana Smith", "860-555-0102"],
          ["Luis Ortiz", "860-555-0103"]]


def test_a_first_name_in_a_tab_title_is_the_organizer_of_that_first_name_in_their_staff_tab(book, capsys):
    """Finding 9 (b10_tab_organizer.py): 'Convos - Ana' was not matched to "Ana Rivera" in their Staff tab
    (adopted as Organizers): overdue "(no organizer) 3", and `sheets check` filed "Organizer 'Ana' is not in
    Organizers", which no cell edit can fix. Hand count on 2026-11-20: Ana 2, Ben 1."""
    sheets, path = book({"Staff": STAFF, "Contacts": PEOPLE,
                         "Convos - Ana": [["Date", "Name", "F/U date"], ["11/2/2026", "Maria Lopez", "11/10/2026"],
                                          ["11/3/2026", "Luis Ortiz", "11/11/2026"]],
                         "Convos - Ben": [["Date", "Name", "F/U date"], ["11/2/2026", "Dana Smith", "11/12/2026"]]})
    assert run(path, "sheets", "adopt") == 0
    out = capsys.readouterr().out
    assert ("organizer: Ana Rivera (title says 'Ana': the only organizer with that first name in your Organizers "
            "tab)") in out
    assert run(path, "run", "overdue", "--today", TODAY) == 0
    assert "overdue by organizer: Ana Rivera 2, Ben Cole 1" in capsys.readouterr().out
    assert run(path, "sheets", "check") == 0
    assert "is not in Organizers" not in capsys.readouterr().out


def test_a_title_organizer_not_in_their_staff_tab_is_a_report_line_not_a_problem(book, capsys):
    staff = STAFF + [["Ana Lopez", "al@example.org"]]
    sheets, path = book({"Staff": staff, "Contacts": PEOPLE,
                         "Convos - Ana": [["Date", "Name", "F/U date"], ["11/2/2026", "Maria Lopez", "11/10/2026"]],
                         "Convos - Mia": [["Date", "Name", "F/U date"], ["11/2/2026", "Dana Smith", "11/12/2026"]]})
    assert run(path, "sheets", "adopt") == 0
    out = capsys.readouterr().out
    assert ("'Convos - Ana': the organizer its title names, 'Ana', could be Ana Lopez or Ana Rivera: not filled in; "
            "name the tab with the organizer's full name") in out
    assert "'Convos - Mia': the organizer its title names, 'Mia', is not in your Organizers tab" in out
    assert run(path, "sheets", "check") == 0
    assert "is not in Organizers" not in capsys.readouterr().out


def test_adopting_another_spreadsheet_than_the_configured_one_says_which_key_to_set(config, book, capsys):
    """Finding 14 (b14_other_spreadsheet.py): `sheets adopt --spreadsheet B` while google.spreadsheet_id is A said
    nothing; the jobs then read A ignoring the mapping and advised `turfbook sheets init` (of the wrong workbook).
    Now adopt says to set google.spreadsheet_id, and the jobs stop (exit 2) naming the key, writing nothing."""
    sheets_a, path = book({"Contacts": [["Name", "Phone"], ["Ana A", "1"]],
                           "Convos": [["Date", "Name", "F/U date"], ["11/2/2026", "Ana A", "11/10/2026"]]})
    b_id = new_book(connect(config), {"Roster": [["Nombre", "Teléfono"], ["Bea B", "2"]],
                                      "Llamadas": [["Fecha", "Nombre", "Fecha de seguimiento"],
                                                   ["11/3/2026", "Bea B", "11/11/2026"]]}, "USER_ENTERED")
    a_before = formulas(sheets_a, sheets_a.tab_titles())
    assert run(path, "sheets", "adopt", "--spreadsheet", b_id) == 0
    said = capsys.readouterr().err
    assert f"Set google.spreadsheet_id: {b_id} in the config" in said and "Ponga google.spreadsheet_id" in said
    for args in (["run", "overdue", "--today", TODAY], ["sheets", "check"], ["run", "digest", "--today", TODAY,
                                                                               "--dry-run"]):
        assert run(path, *args) == 2, args
        err = capsys.readouterr().err
        assert f"set google.spreadsheet_id to {b_id}" in err and "sheets init" not in err
    assert formulas(sheets_a, sheets_a.tab_titles()) == a_before


def test_the_field_page_and_links_read_organizers_through_the_adoption_mapping(book, capsys, monkeypatch):
    """Finding 11 (b8_field_adopted.py): their "Staff" tab adopted as Organizers (IDs O-0001/2), yet `turfbook
    links --field` said "no organizers found in the Organizers tab" (exit 2) and /c/<link>/directory.json answered
    403: the upload/field directory read a tab titled "Organizers", not the adopted one."""
    from tests.support.web import SECRETS
    from turfbook.app import create_app
    from turfbook.web.directory import WorkbookDirectory

    sheets, path = book({"Staff": [["Name", "Email", "Language"], ["Ana Rivera", "ana@example.org", "en"],
                                   ["Ben Cole", "ben@example.org", "es"]],
                         "Contactos - Ana": [["Nombre", "Teléfono"], ["Maria Lopez", "860-555-0101"]],
                         "Convos - Ana": [["Fecha", "Nombre", "Fecha de seguimiento"],
                                          ["11/2/2026", "Maria Lopez", "11/10/2026"]]})
    assert run(path, "sheets", "adopt") == 0
    capsys.readouterr()
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    assert run(path, "links", "--field") == 0
    out = capsys.readouterr().out
    assert "Ana Rivera\tana@example.org\ten\t" in out and "Ben Cole" in out
    link = next(line for line in out.splitlines() if line.startswith("Ana Rivera")).split("\t")[-1]
    app = create_app(book.config, directory=WorkbookDirectory(book.config), environ=SECRETS)
    app.testing = True
    answer = app.test_client().get(link[link.index("/c/"):] + "/directory.json", headers={"Accept": "application/json"})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert "Maria Lopez" in [p["name"] for p in answer.get_json()["people"]]


def test_a_tab_added_after_adoption_is_named_by_every_job_not_silently_skipped(book, capsys):
    """Finding 10 (b17_new_tab_later.py): "Convos - Mia" duplicated from Rosa's after the adoption was skipped by
    overdue, check and digest with no word (1 overdue vs hand 2). Now each says "tab 'Convos - Mia' is not
    adopted: run `turfbook sheets adopt`"; a re-adopt picks it up and the count matches the hand count."""
    convos = [["Date", "Name", "F/U date"], ["11/2/2026", "Ana Ruiz", "11/10/2026"]]
    sheets, path = book({"Contacts": [["Name"], ["Ana Ruiz"], ["Bea Soto"]], "Convos - Rosa": convos})
    assert run(path, "sheets", "adopt") == 0
    sheets.batch_update([{"addSheet": {"properties": {"sheetId": 77, "title": "Convos - Mia"}}}])
    sheets.write([CellWrite("'Convos - Mia'!A1", [["Date", "Name", "F/U date"], ["11/3/2026", "Bea Soto",
                                                                                  "11/12/2026"]])], "USER_ENTERED")
    capsys.readouterr()
    said = "tab 'Convos - Mia' is not adopted: run `turfbook sheets adopt`"
    for args in (["run", "overdue", "--today", TODAY], ["sheets", "check"],
                 ["run", "digest", "--today", TODAY, "--dry-run"]):
        assert run(path, *args) == 0, args
        assert said in capsys.readouterr().out, args
    listed = sheets.read_tabs(["Problems"])["Problems"]
    assert any(said in " ".join(map(str, r)) for r in listed)
    assert run(path, "sheets", "adopt") == 0
    assert "'Convos - Mia' → Conversations" in capsys.readouterr().out
    assert run(path, "run", "overdue", "--today", TODAY) == 0
    out = capsys.readouterr().out
    assert "overdue 2" in out and said not in out
