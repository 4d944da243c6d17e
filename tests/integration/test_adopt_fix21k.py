"""Issue 21, third outside attack (a21d finding 5): a conversation logged on the field page of an ADOPTED
workbook lands in the team's conversations sheet as they would type it. Their "Name" column holds the
person's name (as the team's own rows do); Turfbook's person ID goes only in Turfbook's ID columns. The
field page's real HTTP endpoints, the field job, overdue and the digest, as tests/integration/test_adopt_field.py."""

from __future__ import annotations

import datetime as dt
import json

import yaml

from tests.support.field_workbook import DIRECTORY_ENV, path
from tests.support.team_book import new_team_book
from turfbook.app import create_app
from turfbook.cli import main
from turfbook.clock import Clock
from turfbook.digest.render import render_director
from turfbook.jobs import digest
from turfbook.jobs import field_log as field_job
from turfbook.jobs.registry import _connect
from turfbook.links import Organizer
from turfbook.web.directory import WorkbookDirectory
from turfbook.workspace import connect
from turfbook.workspace.sheets import CellWrite

JSON = {"Accept": "application/json", "Accept-Language": "en", "Content-Type": "application/json"}


_new_book = new_team_book


def _adopt(config, tmp_path, today):
    sheet_id, sheets = new_team_book(config, tabs=("Staff", "Contacts", "Convos"))
    d = lambda n: (today + dt.timedelta(days=n)).strftime("%m/%d/%Y")   # noqa: E731
    sheets.write([
        CellWrite("'Staff'!A1", [["Name", "Email", "Language"], ["Ana Rivera", "ana@example.org", "en"],
                                 ["Ben Cole", "ben@example.org", "es"]]),
        CellWrite("'Contacts'!A1", [["Name", "Phone", "Organizer"], ["Maria Lopez", "860-555-0101", "Ana Rivera"],
                                    ["Dana Smith", "860-555-0102", "Ben Cole"]]),
        CellWrite("'Convos'!A1", [["Date", "Name", "Organizer", "F/U date", "Notes"],
                                  [d(-9), "Maria Lopez", "Ana Rivera", d(-2), "first"],
                                  [d(-8), "Dana Smith", "Ben Cole", d(-1), "hola"]]),
    ], input_option="USER_ENTERED")
    config = config.model_copy(update={"google": config.google.model_copy(update={"spreadsheet_id": sheet_id})})
    data = config.model_dump(mode="json", exclude={"source"})
    config_path = tmp_path / "config.yaml"
    config_path.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert main(["--config", str(config_path), "sheets", "adopt"]) == 0
    return config, str(config_path)


def test_a_field_conversation_names_the_person_as_the_team_writes_it(emulator, config, tmp_path, capsys):
    today = Clock.for_config(config).today()
    config, config_path = _adopt(config, tmp_path, today)
    capsys.readouterr()
    staff = connect(config).sheets().read_tabs(["Staff"])["Staff"]
    ana_id = next(r[staff[0].index("ID")] for r in staff[1:] if r[0] == "Ana Rivera")
    ana = Organizer(id=ana_id, name="Ana Rivera", language="en")
    app = create_app(config, directory=WorkbookDirectory(config), environ=DIRECTORY_ENV)
    app.testing = True
    client = app.test_client()
    people = {p["name"]: p["id"] for p in client.get(f"{path(ana)}/directory.json", headers=JSON).get_json()["people"]}
    assert "Maria Lopez" in people
    entries = [{"key": "k-fix21k-00001", "person": people["Maria Lopez"], "kind": "house visit",
                "date": today.isoformat(), "notes": "second"},
               {"key": "k-fix21k-00002", "new_person": {"name": "Iris Vega", "phone": "860-555-0109"},
                "kind": "one-on-one", "date": (today - dt.timedelta(days=2)).isoformat(),
                "follow_up": (today - dt.timedelta(days=1)).isoformat(), "notes": "new"}]
    answer = client.post(f"{path(ana)}/entries", data=json.dumps({"entries": entries}), headers=JSON)
    assert answer.status_code == 200, answer.get_json()
    assert [r["status"] for r in answer.get_json()["results"]] == ["received", "received"]

    before = connect(config).sheets().read_tabs(["Convos"], render="FORMATTED_VALUE")["Convos"]
    result = field_job.run(_connect(config))
    assert result.ok and result.counts["landed"] == 2, result.summary
    shown = connect(config).sheets().read_tabs(["Convos", "Contacts"], render="FORMATTED_VALUE")
    convos, header = shown["Convos"], shown["Convos"][0]
    added = [dict(zip(header, r + [""] * len(header), strict=False)) for r in convos[len(before):]]
    # what Ana would type on their sheet: the person's name under Name, her own name under Organizer
    assert [(a["Date"], a["Name"], a["Organizer"], a["Notes"]) for a in added] == [
        (today.isoformat(), "Maria Lopez", "Ana Rivera", "second"),
        ((today - dt.timedelta(days=2)).isoformat(), "Iris Vega", "Ana Rivera", "new")]
    assert all(str(a["ID"]).startswith("C-") for a in added)          # the ID: only in Turfbook's column
    assert not any(str(v).startswith("P-") for a in added for v in a.values())
    contacts = shown["Contacts"]
    assert any(r[0] == "Iris Vega" for r in contacts[1:])                       # the new person, on Contacts

    again = field_job.run(_connect(config))                                       # nothing appended twice
    assert again.counts["landed"] == 0
    assert len(connect(config).sheets().read_tabs(["Convos"])["Convos"]) == len(convos)

    assert main(["--config", config_path, "run", "overdue", "--today", today.isoformat()]) == 0
    shown = connect(config).sheets().read_tabs(["Convos"], render="FORMATTED_VALUE")["Convos"]
    [status] = [c for c, text in enumerate(shown[0]) if "status" in str(text).lower()]
    flags = {r[1]: str((r + [""] * status)[status]) for r in shown[1:]}
    # by hand: Maria's old follow-up is answered by today's visit (found by her name); Dana's and Iris's
    # (new) are overdue 1 day
    assert [str((r + [""] * status)[status]) for r in shown[1:] if r[1] == "Maria Lopez"] == ["done", ""]
    assert flags["Dana Smith"] == "OVERDUE 1d" and flags["Iris Vega"] == "OVERDUE 1d", flags
    follow_ups = digest.prepare(_connect(config), today=today).digest.follow_ups
    assert follow_ups.overdue.now == 2
    assert {line.organizer: line.count.now for line in follow_ups.by_organizer} == {"Ana Rivera": 1, "Ben Cole": 1}


def test_a_lost_follow_up_column_makes_the_digest_say_overdue_is_unknown_and_which_column_holds_dates(
        emulator, config, tmp_path, capsys):
    """a21d finding 8: "Fecha de seguimiento" renamed "Próximo paso" beside their "Seguimiento" notes after
    the adoption. The overdue job keeps the sheet's OVERDUE flags (it cannot read the due dates); the digest
    must not say "Overdue now: 0 … No follow-ups are overdue": it says the count is unknown and why, and the
    problem names the one candidate column holding dates (D), not "C, D could each be it"."""
    sheet_id, sheets = _new_book(config, "Libro")
    sheets.batch_update([{"updateSheetProperties": {"properties": {"sheetId": 0, "title": "Contactos"},
                                                    "fields": "title"}},
                         {"addSheet": {"properties": {"sheetId": 5, "title": "Conversaciones"}}}])
    sheets.write([
        CellWrite("'Contactos'!A1", [["Nombre", "Teléfono"], ["Ana Ruiz", "1"], ["Bea Soto", "2"], ["Carla Paz", "3"]]),
        CellWrite("'Conversaciones'!A1", [["Fecha", "Nombre", "Seguimiento", "Fecha de seguimiento"],
                                          ["11/2/2026", "Ana Ruiz", "llamar el lunes", "11/9/2026"],
                                          ["11/3/2026", "Bea Soto", "invitar a la junta", "11/12/2026"],
                                          ["11/4/2026", "Carla Paz", "nada", "12/12/2026"]]),
    ], input_option="USER_ENTERED")
    config = config.model_copy(update={"google": config.google.model_copy(update={"spreadsheet_id": sheet_id})})
    config_path = tmp_path / "config.yaml"
    config_path.write_text(yaml.safe_dump(config.model_dump(mode="json", exclude={"source"})), encoding="utf-8")
    run = lambda *args: main(["--config", str(config_path), *args])   # noqa: E731
    assert run("sheets", "adopt", "--language", "es") == 0
    assert run("run", "overdue", "--today", "2026-11-15") == 0
    shown = lambda: connect(config).sheets().read_tabs(["Conversaciones"])["Conversaciones"]   # noqa: E731
    flagged = [r[1] for r in shown()[1:] if any(str(v).startswith("OVERDUE") for v in r)]
    assert flagged == ["Ana Ruiz", "Bea Soto"]                                   # hand count: 2
    sheets.write([CellWrite("'Conversaciones'!D1", [["Próximo paso"]])], input_option="RAW")
    capsys.readouterr()

    assert run("run", "overdue", "--today", "2026-11-20") in (0, 1)
    assert [r[1] for r in shown()[1:] if any(str(v).startswith("OVERDUE") for v in r)] == flagged   # kept
    prepared = digest.prepare(_connect(config), today=dt.date(2026, 11, 20))
    follow_ups = prepared.digest.follow_ups
    assert follow_ups.unknown == ["Follow-up due"], follow_ups.unknown
    problems = [p.message for p in prepared.book.snapshot.read_problems if p.kind == "missing_column"]
    assert any("only D holds dates" in m for m in problems), problems
    assert not any("could each be it" in m for m in problems), problems

    for language, says in (("es", ("Vencidos ahora: desconocido", "no se encuentra", "No hay seguimientos vencidos",
                                    "Vencidos ahora: 0")),
                           ("en", ("Overdue now: unknown", "is not found", "No follow-ups are overdue",
                                   "Overdue now: 0"))):
        rendered = render_director(prepared.digest, language)
        for text in (rendered.text, rendered.html):
            assert says[1] in text and "Follow-up due" in text, text
            assert says[2] not in text and says[3] not in text, text
        assert says[0] in rendered.text, rendered.text
        section = rendered.text[rendered.text.index(says[0]):].split("==")[0]
        assert len(section.strip().splitlines()) == 2, section   # no Done / completion rate read without it
