"""Issue 21, outside tester's findings 6 and c9 on an ADOPTED workbook, through the emulator.

Finding 6: the team writes organizer cells as first names ("Ana", "ána", "Ben") while their Staff tab lists
"Ana Rivera" and "Ben Cole". The read of their sheets finds each organizer by the one rule tab titles use
(adopt_translate.organizer_named), so the field page, overdue, the digest and the schema check all see "Ana
Rivera"; a first name two organizers share ("Luis") or a name not on Staff ("Zoe") is a problem naming the
cell, and no staff cell is ever rewritten.

Finding c9: a row copied with its Turfbook ID gets a new ID; the problem names the copy (its new ID, its
sheet row), not the original row that keeps the ID."""

from __future__ import annotations

import datetime as dt

import yaml

from tests.support.field_workbook import DIRECTORY_ENV, path
from tests.support.team_book import new_team_book
from turfbook.app import create_app
from turfbook.cli import main
from turfbook.clock import Clock
from turfbook.jobs import digest
from turfbook.jobs import overdue as overdue_job
from turfbook.jobs.registry import _connect
from turfbook.links import Organizer
from turfbook.schema.job import run_schema_job
from turfbook.schema.loader import load_schema
from turfbook.web.directory import WorkbookDirectory
from turfbook.workspace import connect
from turfbook.workspace.sheets import CellWrite

JSON = {"Accept": "application/json", "Accept-Language": "en"}
STAFF = [["Name", "Email", "Language"], ["Ana Rivera", "ana@example.org", "en"], ["Ben Cole", "ben@example.org", "es"],
         ["Luis Ortiz", "luis.o@example.org", "en"], ["Luis Mena", "luis.m@example.org", "es"]]
# person -> the organizer cell as the team typed it (Contacts and Convos alike)
TYPED = {"Maria Lopez": "Ana", "Dana Smith": "ána", "Eli Park": "Ben", "Fay Moss": "Luis", "Gil Ray": "Zoe",
         "Hal Diaz": "Ben Cole"}


def _adopt(config, tmp_path, today):
    sheet_id, sheets = new_team_book(config, tabs=("Staff", "Contacts", "Convos"))
    d = lambda n: (today + dt.timedelta(days=n)).strftime("%m/%d/%Y")   # noqa: E731
    sheets.write([
        CellWrite("'Staff'!A1", STAFF),
        CellWrite("'Contacts'!A1", [["Team contacts"], [], ["Name", "Phone", "Organizer"]]   # a title, header on 3
                  + [[name, f"860-555-01{i:02d}", who] for i, (name, who) in enumerate(TYPED.items())]),
        CellWrite("'Convos'!A1", [["Date", "Name", "Organizer", "F/U date", "Notes"]]
                  + [[d(-9), name, who, d(-2), "talked"] for name, who in TYPED.items()]),
    ], input_option="USER_ENTERED")
    config = config.model_copy(update={"google": config.google.model_copy(update={"spreadsheet_id": sheet_id})})
    config_path = tmp_path / "config.yaml"
    config_path.write_text(yaml.safe_dump(config.model_dump(mode="json", exclude={"source"})), encoding="utf-8")
    assert main(["--config", str(config_path), "sheets", "adopt"]) == 0
    return config, str(config_path)


def _team(config) -> dict[str, list[list]]:
    return connect(config).sheets().read_tabs(["Staff", "Contacts", "Convos"], render="FORMULA")


def test_organizer_cells_written_as_first_names_are_read_as_the_staff_name(emulator, config, tmp_path, capsys):
    today = Clock.for_config(config).today()
    config, config_path = _adopt(config, tmp_path, today)
    team = _team(config)
    assert [r[2] for r in team["Contacts"][3:]] == list(TYPED.values())           # as typed, before and after

    # the field page: Ana's own page lists her people ("Ana", "ána"), no one else's
    staff = connect(config).sheets().read_tabs(["Staff"])["Staff"]
    ana_id = next(r[staff[0].index("ID")] for r in staff[1:] if r[0] == "Ana Rivera")
    ana = Organizer(id=ana_id, name="Ana Rivera", language="en")
    app = create_app(config, directory=WorkbookDirectory(config), environ=DIRECTORY_ENV)
    app.testing = True
    listed = app.test_client().get(f"{path(ana)}/directory.json", headers=JSON).get_json()
    assert sorted(p["name"] for p in listed["people"]) == ["Dana Smith", "Maria Lopez"], listed

    # overdue: grouped by the organizer's Staff name; "Luis" (two of them) and "Zoe" (not on Staff) by none
    result = overdue_job.run(_connect(config), today=today)
    assert result.counts["overdue"] == 6, result.summary
    assert result.counts["overdue_by_organizer"] == {"Ana Rivera": 2, "Ben Cole": 2, "(no organizer)": 2}, \
        result.summary

    # the digest: the same grouping, from the same read
    follow_ups = digest.prepare(_connect(config), today=today).digest.follow_ups
    by = {line.organizer: line.count.now for line in follow_ups.by_organizer}
    assert by.get("Ana Rivera") == 2 and by.get("Ben Cole") == 2, by
    assert "Ana" not in by and "Ben" not in by, by

    # the schema check: a problem naming each cell it could not resolve, in English and Spanish
    checked = run_schema_job(_connect(config).sheets(), load_schema(), now=dt.datetime.combine(today, dt.time(9)))
    about = [p for p in checked.problems if p.column == "Organizer"]
    said = sorted(p.message for p in about)
    assert len(about) == 4, said                                   # Fay's and Gil's cells, on both sheets
    assert all("Ana" not in m and "Ben" not in m for m in said), said
    luis = [m for m in said if "'Luis'" in m]
    assert len(luis) == 2 and all("Luis Ortiz" in m and "Luis Mena" in m for m in luis), said
    zoe = [m for m in said if "'Zoe'" in m]
    assert len(zoe) == 2 and all("Staff" in m or "Organizers" in m for m in zoe), said
    assert any("'Contacts' row 8" in m and "'Contacts' fila 8" in m for m in zoe), said   # the sheet's own row
    problems_tab = connect(config).sheets().read_tabs(["Problems"])["Problems"]
    spanish = [r for r in problems_tab[1:] if "Luis" in " ".join(map(str, r))]
    assert spanish and all(any("organizador" in str(c).lower() or "nombre no encontrado" in str(c).lower()
                               for c in r) for r in spanish), spanish

    # nothing of theirs rewritten by any of it
    after = _team(config)
    for title in ("Staff", "Contacts", "Convos"):
        header = after[title][2 if title == "Contacts" else 0]
        ours = {c for c, text in enumerate(header) if str(text).startswith("=") or text == "ID"}
        assert [[v for c, v in enumerate(r) if c not in ours] for r in after[title]] == \
            [[v for c, v in enumerate(r) if c not in ours] for r in team[title]], title


def test_a_row_copied_with_its_id_is_the_one_the_problem_names(emulator, config, tmp_path, capsys):
    """Staff copy Maria's Contacts row (ID included) to the bottom: while identical it waits (a21j: content cannot
    tell the record from the copy); once typed over, the copy gets a new ID, and the problem
    names the copy, by its new ID and its row on their sheet, in its own Problems cell; the original keeps
    its ID and shows no problem."""
    today = Clock.for_config(config).today()
    config, config_path = _adopt(config, tmp_path, today)
    sheets = connect(config).sheets()
    contacts = sheets.read_tabs(["Contacts"])["Contacts"]
    header = contacts[2]
    at_id = header.index("ID")
    original = contacts[3]
    assert original[0] == "Maria Lopez" and str(original[at_id]).startswith("P-")
    copy_row = len(contacts) + 1                                      # the first empty row below theirs
    sheets.write([CellWrite(f"'Contacts'!A{copy_row}", [original[:3]]),
                  CellWrite(f"'Contacts'!{chr(ord('A') + at_id)}{copy_row}", [[original[at_id]]])],
                 input_option="RAW")
    capsys.readouterr()

    assert main(["--config", config_path, "sheets", "check"]) == 0
    out = capsys.readouterr().out                 # a21j: while the copy is identical, neither gets a new ID
    assert f"'Contacts' rows 4 and {copy_row} both hold {original[at_id]} with the same content" in out, out
    waited = sheets.read_tabs(["Contacts"], render="FORMATTED_VALUE")["Contacts"]
    assert waited[copy_row - 1][at_id] == waited[3][at_id] == original[at_id]
    sheets.write([CellWrite(f"'Contacts'!A{copy_row}", [["Maria Lopes"]])], input_option="RAW")   # typed over

    assert main(["--config", config_path, "sheets", "check"]) == 0
    out = capsys.readouterr().out
    contacts = sheets.read_tabs(["Contacts"], render="FORMATTED_VALUE")["Contacts"]
    new_id = contacts[copy_row - 1][at_id]
    assert contacts[3][at_id] == original[at_id]                     # the original keeps its ID
    assert new_id.startswith("P-") and new_id != original[at_id], contacts[copy_row - 1]

    problems = sheets.read_tabs(["Problems"])["Problems"]
    head = problems[0]
    copied = [dict(zip(head, r, strict=False)) for r in problems[1:] if "copied" in " ".join(map(str, r))]
    assert len(copied) == 1, problems
    [entry] = copied
    row_id = next(v for k, v in entry.items() if "row" in str(k).lower() and "id" in str(k).lower())
    assert row_id == new_id, entry                                   # the copy, not the original
    text = next(v for k, v in entry.items() if str(k).lower() == "problem")
    assert f"row {copy_row}" in text and "Contacts" in text and new_id in text, text
    assert f"row {copy_row}" in out or new_id in out, out

    at_problems = header.index("Problems")
    cells = {r[at_id]: (r + [""] * (at_problems + 1))[at_problems] for r in contacts[3:]}
    assert cells[new_id].startswith(f"ID {original[at_id]} is copied from row 4; this copy now has its own ID, "
                                    f"{new_id}"), cells
    # the copy is also a possible duplicate of Maria: named by both rows' IDs as they are now
    assert f"People rows {original[at_id]} and {new_id}: same phone" in cells[new_id], cells
    assert cells[original[at_id]] == "", cells                          # nothing of the copy on the original

    assert main(["--config", config_path, "sheets", "check"]) == 0   # fixed: the problem is gone, nothing moves
    again = sheets.read_tabs(["Contacts"], render="FORMATTED_VALUE")["Contacts"]
    assert [r[at_id] for r in again[3:]] == [r[at_id] for r in contacts[3:]]
    assert not any("copied" in " ".join(map(str, r)) for r in sheets.read_tabs(["Problems"])["Problems"])
