"""Issues 20 + 21: field logging end to end on an ADOPTED workbook. The messy team workbook
(tests/support/messy_workbook.py: a contacts tab per organizer, one under a merged title with its header on
row 3, Spanish headers, staff's own columns) plus the team's own "ID" and "Status" in Convos and their
Organizers list, adopted by `sheets adopt`; organizers log conversations through the field page's HTTP
endpoints (as tests/integration/test_field.py does); the field job lands them on the right sheets under the
team's headers, with IDs; no staff cell changes; a re-run appends nothing; overdue and the digest count them.

Dates are relative to the app's today (the field page refuses future dates); the messy rows' open follow-ups
are counted by hand below (due before today, grace 0, not closed by a later conversation)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml

from tests.support import messy_workbook as mw
from tests.support.field_workbook import DIRECTORY_ENV, path
from turfbook.app import create_app
from turfbook.cli import main
from turfbook.clock import Clock
from turfbook.jobs import digest
from turfbook.jobs import field_log as field_job
from turfbook.jobs.registry import _connect
from turfbook.links import Organizer
from turfbook.web.directory import WorkbookDirectory
from turfbook.workspace import connect
from turfbook.workspace.sheets import CellWrite

JSON = {"Accept": "application/json", "Accept-Language": "en"}
ROSA = Organizer(id="O-0001", name="Rosa", language="es")
LUIS = Organizer(id="O-0002", name="Luis", language="en")
HEADER_ROW = {"Contacts - Rosa": 3, "Contacts - Luis": 1, "Convos": 2, "Budget": 1, "Organizers": 1}
TEAM_SHEETS = list(HEADER_ROW)
# the messy Convos rows' follow-ups still open unless a later conversation closes them: person -> due
OPEN = {"Bea Soto": dt.date(2026, 11, 12), "Carla Méndez": dt.date(2026, 11, 25),
        "Eva Long": dt.date(2026, 11, 18), "Gus Hale": dt.date(2026, 11, 20)}
ORGANIZER = {"Bea Soto": "Rosa", "Carla Méndez": "Rosa", "Eva Long": "Luis", "Gus Hale": "Luis"}


@pytest.fixture
def adopted(config, tmp_path, capsys):
    workspace = connect(config)
    sheet_id = mw.build(workspace)
    sheets = workspace.sheets(sheet_id)
    sheets.batch_update([{"addSheet": {"properties": {"sheetId": 9, "title": "Organizers"}}}])
    sheets.write([   # the team's own columns beside Convos' (header on row 2), and their organizer list
        CellWrite("'Convos'!J2", [["ID", "Status"]] + [[101 + i, "closed" if i % 3 else "open"]
                                                       for i in range(len(mw.CONVOS))]),
        CellWrite("'Organizers'!A1", [["ID", "Name", "Email", "Language"], ["O-0001", "Rosa", "rosa@example.org", "es"],
                                      ["O-0002", "Luis", "luis@example.org", "en"]]),
    ], input_option="USER_ENTERED")
    data = config.model_dump(mode="json", exclude={"source"})
    data["google"]["spreadsheet_id"] = sheet_id
    config_path = tmp_path / "config.yaml"
    config_path.write_text(yaml.safe_dump(data), encoding="utf-8")
    config = config.model_copy(update={"google": config.google.model_copy(update={"spreadsheet_id": sheet_id})})
    assert main(["--config", str(config_path), "sheets", "adopt"]) == 0
    out = capsys.readouterr().out
    assert "'ID': kept as your own column" in out and "'Status': kept as your own column" in out, out
    return config, str(config_path)


def team_cells(config) -> dict[str, list[list]]:
    sheets = connect(config).sheets()
    return sheets.read_tabs(TEAM_SHEETS, render="FORMULA")


def staff_part(cells: dict[str, list[list]]) -> dict[str, list[list]]:
    """Every cell but those under Turfbook's service columns (an array formula in the header cell: in the
    FORMULA render the cells it fills show its values, as Google's do)."""
    out = {}
    for title, rows in cells.items():
        header = rows[HEADER_ROW[title] - 1]
        ours = {c for c, text in enumerate(header) if str(text).startswith("=")}
        out[title] = [[v for c, v in enumerate(r) if c not in ours] for r in rows]
    return out


def post(client, organizer, *entries):
    return client.post(f"{path(organizer)}/entries", data=json.dumps({"entries": list(entries)}),
                       headers={**JSON, "Content-Type": "application/json"})


def test_field_entries_land_on_the_adopted_sheets_under_the_teams_headers_and_are_counted(
        emulator, adopted, capsys):
    config, config_path = adopted
    app = create_app(config, directory=WorkbookDirectory(config), environ=DIRECTORY_ENV)
    app.testing = True
    client = app.test_client()
    today = Clock.for_config(config).today()
    day = lambda n: (today + dt.timedelta(days=n)).isoformat()   # noqa: E731

    rosa = client.get(f"{path(ROSA)}/directory.json", headers=JSON).get_json()
    people = {p["name"]: p["id"] for p in rosa["people"]}
    assert set(people) == {r[0] for r in mw.ROSA}                 # Rosa's turf: her own contacts tab
    luis = {p["name"]: p["id"] for p in client.get(f"{path(LUIS)}/directory.json", headers=JSON).get_json()["people"]}
    assert set(luis) == {r[0] for r in mw.LUIS}

    before = team_cells(config)
    entries = [
        (ROSA, {"key": "k-adopt-bea-01", "person": people["Bea Soto"], "kind": "house visit", "date": day(0),
                "notes": "habló de la guardería"}),                       # closes Bea's open follow-up
        (ROSA, {"key": "k-adopt-new-01", "new_person": {"name": "Iris Vega", "phone": "860-555-0109"},
                "kind": "one-on-one", "date": day(-2), "follow_up": day(-1), "assessment": 2,
                "notes": "=HYPERLINK(\"x\")"}),                           # a new person; overdue 1d
        (LUIS, {"key": "k-adopt-finn-1", "person": luis["Finn Cole"], "kind": "one-on-one", "date": day(-1),
                "follow_up": day(0)}),                                    # due today
    ]
    for organizer, entry in entries:
        answer = post(client, organizer, entry)
        assert answer.status_code == 200 and answer.get_json()["results"][0]["status"] == "received", \
            answer.get_json()

    emulator.reset_stats()
    result = field_job.run(_connect(config))
    assert result.ok and result.counts["landed"] == 3 and result.counts["new_people"] == 1, result.summary
    after = team_cells(config)

    for title in TEAM_SHEETS:                      # no staff cell changed; new rows only below theirs
        old, new = before[title], after[title]
        for r, cells in enumerate(old):
            assert (new[r] + [""] * len(cells))[:len(cells)] == cells, (title, r + 1)
            assert all(c in ("", None) for c in new[r][len(cells):]), (title, r + 1)
    for title in ("Contacts - Luis", "Budget", "Organizers"):
        assert len(after[title]) == len(before[title]), title

    header = after["Contacts - Rosa"][2]                                  # Rosa's tab, header on row 3
    [iris] = after["Contacts - Rosa"][len(before["Contacts - Rosa"]):]
    iris = dict(zip(header, iris + [""] * len(header), strict=False))
    assert iris["Name"] == "Iris Vega" and iris["Teléfono"] == "860-555-0109" and iris["Rating (1-5)"] == 2
    assert str(iris["ID"]).startswith("P-") and iris["ID"] not in people.values()   # Turfbook's ID (they had none)
    assert iris["Favorite snack"] == "" and iris["Notas"] == ""           # their own columns: nothing written

    convos = after["Convos"]
    header = convos[1]
    added = [dict(zip(header, r + [""] * len(header), strict=False)) for r in convos[len(before["Convos"]):]]
    assert [a["Organizador"] for a in added] == ["Rosa", "Rosa", "Luis"]
    assert [a["Name"] for a in added] == ["Bea Soto", "Iris Vega", "Finn Cole"]   # as the team writes them
    assert [a["Tipo"] for a in added] == ["house visit", "one-on-one", "one-on-one"]
    assert added[1]["Notas"] == '=HYPERLINK("x")'                        # RAW: text, never a formula
    assert all(str(a["Turfbook ID"]).startswith("C-") for a in added)
    assert len({a["Turfbook ID"] for a in added}) == 3
    assert all(a["ID"] == "" and a["Status"] == "" for a in added)       # the team's own ID and Status: theirs

    for organizer, entry in entries:                                      # sent again: already, nothing appended
        assert post(client, organizer, entry).get_json()["results"][0]["status"] == "already"
    emulator.reset_stats()
    again = field_job.run(_connect(config))
    assert again.counts["landed"] == 0 and emulator.stats()["writes"] == 0, again.summary
    assert team_cells(config) == after

    assert main(["--config", config_path, "run", "overdue", "--today", today.isoformat()]) == 0
    capsys.readouterr()
    assert staff_part(team_cells(config)) == staff_part(after)            # overdue writes only Turfbook's tabs
    shown = connect(config).sheets().read_tabs(["Convos"], render="FORMATTED_VALUE")["Convos"]
    status = shown[1].index("Turfbook status")
    flags = {(r[1], r[0]): str(r[status]) for r in shown[2:]
             if len(r) > status and str(r[status]).startswith("OVERDUE")}
    new_rows = shown[len(before["Convos"]):]
    assert [(r[0], r[4]) for r in new_rows] == [(day(0), ""), (day(-2), day(-1)), (day(-1), day(0))]   # as dates
    statuses = [str((r + [""] * status)[status]) for r in shown[len(before["Convos"]):]]
    assert statuses == ["", "OVERDUE 1d", "due today"], statuses           # Bea's visit, Iris, Finn
    bea = next(r + [""] * status for r in shown[2:] if r[1] == "Bea Soto")
    assert bea[status] == "done"                                          # closed by Rosa's visit today
    # by hand: the messy rows' open follow-ups due before today (Bea's closed today by Rosa's visit), and Iris
    expected = {n for n, due in OPEN.items() if due < today and n != "Bea Soto"}
    assert {who for who, _ in flags} == expected | {"Iris Vega"}, flags
    follow_ups = digest.prepare(_connect(config), today=today).digest.follow_ups
    assert follow_ups.overdue.now == len(expected) + 1
    by_hand: dict[str, int] = {"Rosa": 1}
    for name in expected:
        by_hand[ORGANIZER[name]] = by_hand.get(ORGANIZER[name], 0) + 1
    assert {line.organizer: line.count.now for line in follow_ups.by_organizer} == by_hand

    emulator.reset_stats()                                                # adopting again: nothing to do
    assert main(["--config", config_path, "sheets", "adopt"]) == 0
    assert emulator.stats()["writes"] == 0
