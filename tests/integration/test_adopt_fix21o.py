"""Issue 21, outside attack a21e (findings 1-4 of the fix21o group), each on a small adopted workbook: the real
CLI (adopt, overdue), the field page's HTTP endpoints and the field job, the digest, against the emulator.

1. day/month weighs the evidence: one typo "13/11/2026" among month/day dates is a problem, not a flip of
   every date; a tab per organizer whose sheets disagree (Rosa 13/11, Luis 11/13) reads each sheet as typed;
2. a date with a time ("5/11/2026 10:00") in a Spanish sheet reads as that date, the same for overdue and digest;
3. Spanish conversation kinds (visita, llamada, uno a uno…) read as the schema's vocabulary;
4. a field entry of an organizer with no sheet of her own is held with a problem naming the tab to add, never
   put on another organizer's sheet; once that tab is adopted it lands there."""

from __future__ import annotations

import datetime as dt
import json

import yaml

from tests.support.field_workbook import DIRECTORY_ENV, path
from tests.support.team_book import new_team_book
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

TODAY = "2026-11-20"
JSON = {"Accept": "application/json", "Accept-Language": "en", "Content-Type": "application/json"}


def _book(config, tmp_path, data: dict[str, list[list]], locale: str | None = None, typed: str = "RAW"):
    """A new spreadsheet with `data`'s tabs (the first renames sheet 0); (config, run(*args) -> exit code)."""
    sheet_id, sheets = new_team_book(config)
    titles = list(data)
    requests = [{"updateSheetProperties": {"properties": {"sheetId": 0, "title": titles[0]}, "fields": "title"}}]
    requests += [{"addSheet": {"properties": {"sheetId": i, "title": t}}} for i, t in enumerate(titles[1:], 1)]
    if locale:
        requests.append({"updateSpreadsheetProperties": {"properties": {"locale": locale}, "fields": "locale"}})
    sheets.batch_update(requests)
    sheets.write([CellWrite(f"'{t}'!A1", rows) for t, rows in data.items()], input_option=typed)
    config = config.model_copy(update={"google": config.google.model_copy(update={"spreadsheet_id": sheet_id})})
    config_path = tmp_path / "config.yaml"
    config_path.write_text(yaml.safe_dump(config.model_dump(mode="json", exclude={"source"})), encoding="utf-8")
    return config, lambda *args: main(["--config", str(config_path), *args])


def _flags(config, title: str) -> dict[str, str]:
    shown = connect(config).sheets().read_tabs([title], render="FORMATTED_VALUE")[title]
    status = shown[0].index("Status")
    return {r[1]: str((r + [""] * status)[status]) for r in shown[1:]}


def test_day_month_weighs_each_sheets_dates_and_names_the_few_typed_the_other_way(emulator, config, tmp_path,
                                                                                   capsys):
    h = ["Date", "Name", "F/U date", "Notes"]
    config, run = _book(config, tmp_path, {
        "Contacts": [["Name"], ["Ana"], ["Bea"], ["Cy"], ["Di"], ["Eva"], ["Finn"]],
        # month/day, clearly (11/30, 11/25, 11/28), and ONE typo 13/11/2026: Cy's 12/01 is 1 December
        "Convos": [h, ["11/02/2026", "Ana", "11/30/2026", ""], ["11/03/2026", "Bea", "11/25/2026", ""],
                   ["11/04/2026", "Cy", "12/01/2026", ""], ["13/11/2026", "Di", "11/28/2026", "typo"]],
        # a tab per organizer whose sheets disagree: each read as its own dates say
        "Calls - Rosa": [h, ["13/11/2026", "Eva", "15/11/2026", ""], ["01/11/2026", "Bea", "05/12/2026", ""]],
        "Calls - Luis": [h, ["11/13/2026", "Finn", "11/15/2026", ""], ["11/01/2026", "Cy", "12/05/2026", ""]],
    })
    assert run("sheets", "adopt") == 0
    report = capsys.readouterr().out
    assert "Convos row 5, Date: '13/11/2026' reads day/month, but most dates of this sheet read month/day" in report
    assert "dates read month/day: most dates of this sheet that say which read month/day" in report
    assert "Problems to fix\n- none" not in report
    assert run("run", "overdue", "--today", TODAY) == 0
    assert "reads day/month" in capsys.readouterr().out
    # by hand: nothing on Convos is overdue (due Nov 25 - Dec 1); Rosa's 15/11 and Luis's 11/15 are 5 days
    assert _flags(config, "Convos") == {"Ana": "", "Bea": "", "Cy": "", "Di": ""}
    assert _flags(config, "Calls - Rosa") == {"Eva": "OVERDUE 5d", "Bea": ""}
    assert _flags(config, "Calls - Luis") == {"Finn": "OVERDUE 5d", "Cy": ""}
    assert digest.prepare(_connect(config), today=dt.date(2026, 11, 20)).digest.follow_ups.overdue.now == 2


def test_a_date_with_a_time_reads_as_that_date_in_the_sheets_order_everywhere(emulator, config, tmp_path, capsys):
    config, run = _book(config, tmp_path, {
        "Contactos": [["Nombre"], ["Ana"], ["Bea"]],
        "Conversaciones": [["Fecha", "Nombre", "Fecha de seguimiento"], ["2026-11-01", "Ana", "5/11/2026 10:00"],
                           ["2026-11-01", "Bea", "9/12/2026 18:30"]],
    }, locale="es_ES")
    assert run("sheets", "adopt", "--language", "es") == 0
    assert run("run", "overdue", "--today", TODAY) == 0
    out = capsys.readouterr().out
    assert "is not a date" not in out and "no es una fecha" not in out, out
    status = {k: v for k, v in _flags(config, "Conversaciones").items()}
    assert status == {"Ana": "OVERDUE 15d", "Bea": ""}                      # 5 November, 9 December
    assert digest.prepare(_connect(config), today=dt.date(2026, 11, 20)).digest.follow_ups.overdue.now == 1


def test_spanish_conversation_kinds_read_as_the_schemas_words(emulator, config, tmp_path, capsys):
    kinds = ["visita", "llamada", "Uno a uno", "visita a casa", "tocar puertas", "banco telefónico",
             "reunión individual", "paseo"]
    config, run = _book(config, tmp_path, {
        "Contactos": [["Nombre"], ["Ana"]],
        "Conversaciones": [["Fecha", "Nombre", "Tipo"]] + [["2026-11-01", "Ana", k] for k in kinds],
    }, locale="es_ES")
    assert run("sheets", "adopt", "--language", "es") == 0
    report = capsys.readouterr().out
    flagged = [k for k in kinds if f"'{k}' no es uno de" in report]          # the Spanish report (a21p 11)
    assert flagged == ["paseo"], report                     # only a word that names no kind is a problem
    snapshot = digest.prepare(_connect(config), today=dt.date(2026, 11, 20)).book.snapshot
    assert [r.values["kind"] for r in snapshot.tabs["Conversations"].rows] == [
        "house visit", "phone bank", "one-on-one", "house visit", "canvass/door knock", "phone bank",
        "one-on-one", None]


def test_a_field_entry_of_an_organizer_with_no_sheet_is_held_until_her_sheet_is_adopted(emulator, config,
                                                                                        tmp_path, capsys):
    today = Clock.for_config(config).today()
    d = lambda n: (today + dt.timedelta(days=n)).strftime("%m/%d/%Y")   # noqa: E731
    h, p = ["Date", "Name", "F/U date", "Notes"], ["Name", "Phone"]
    staff = [["Name", "Email", "Language"], ["Rosa Díaz", "r@example.org", "es"], ["Mia Chen", "m@example.org", "en"]]
    config, run = _book(config, tmp_path, {
        "Staff": staff, "Contacts - Rosa": [p, ["Ana Núñez", "860-555-0101"]],
        "Convos - Rosa": [h, [d(-5), "Ana Núñez", d(-2), ""]]}, typed="USER_ENTERED")
    assert run("sheets", "adopt") == 0
    shown = connect(config).sheets().read_tabs(["Staff"], render="FORMATTED_VALUE")["Staff"]
    mia = Organizer(id=next(r[shown[0].index("ID")] for r in shown[1:] if r[0] == "Mia Chen"), name="Mia Chen",
                    language="en")
    app = create_app(config, directory=WorkbookDirectory(config), environ=DIRECTORY_ENV)
    app.testing = True
    entry = {"key": "k-fix21o-0001", "new_person": {"name": "Zoe Ortiz", "phone": "860-555-0199"},
             "kind": "one-on-one", "date": (today - dt.timedelta(days=2)).isoformat(),
             "follow_up": (today - dt.timedelta(days=1)).isoformat(), "notes": "nueva"}
    answer = app.test_client().post(f"{path(mia)}/entries", data=json.dumps({"entries": [entry]}), headers=JSON)
    assert answer.status_code == 200, answer.get_json()
    before = connect(config).sheets().read_tabs(["Contacts - Rosa", "Convos - Rosa"])

    held = field_job.run(_connect(config))
    assert held.counts["landed"] == 0 and held.counts["waiting"] == 1
    assert "add a tab 'Contacts - Mia'" in held.summary and any(p.kind == "held_entry" for p in held.problems)
    assert connect(config).sheets().read_tabs(["Contacts - Rosa", "Convos - Rosa"]) == before   # not Rosa's
    capsys.readouterr()
    assert run("run", "overdue", "--today", today.isoformat()) == 0
    assert "Mia Chen: 1 field entry is held" in capsys.readouterr().out        # said to the director

    connect(config).sheets().batch_update([{"addSheet": {"properties": {"sheetId": 7, "title": "Contacts - Mia"}}},
                                           {"addSheet": {"properties": {"sheetId": 8, "title": "Convos - Mia"}}}])
    connect(config).sheets().write([CellWrite("'Contacts - Mia'!A1", [p]), CellWrite("'Convos - Mia'!A1", [h])],
                                   input_option="RAW")
    assert run("sheets", "adopt") == 0
    landed = field_job.run(_connect(config))
    assert landed.ok and landed.counts["landed"] == 1, landed.summary
    mine = connect(config).sheets().read_tabs(["Contacts - Mia", "Convos - Mia"], render="FORMATTED_VALUE")
    assert [r[0] for r in mine["Contacts - Mia"][1:]] == ["Zoe Ortiz"]
    assert [r[1] for r in mine["Convos - Mia"][1:]] == ["Zoe Ortiz"]
    assert run("run", "overdue", "--today", today.isoformat()) == 0
    follow_ups = digest.prepare(_connect(config), today=today).digest.follow_ups
    assert {line.organizer: line.count.now for line in follow_ups.by_organizer} == {"Rosa Díaz": 1, "Mia Chen": 1}
