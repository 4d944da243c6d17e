"""Issue 21, outside attack a21g (the fix21r group), each on a small adopted workbook: the real CLI (adopt, check,
overdue) and the digest, against the emulator.

1. an organizer types day/month dates into a month-first (en_US) spreadsheet: Sheets keeps "13/11/2026" as text
   but stores "10/12/2026" as 12 October; in a sheet whose dates read day/month, such a serial (day <= 12) is a
   problem naming the cell, in the one date reading, so adopt, overdue and the digest agree (and the other way
   round: a month/day sheet in an es_ES spreadsheet);
2. a row used as a template (a row inserted ABOVE Ana's, her row pasted with its ID, a new person typed over
   it): Ana's row keeps her ID (its content is the ID's), the copy gets a new one and the problem names it;
3. a problem Status says why (a tie, no year); dates with "a. m." or "18:00 h" times read; kinds in the plural
   or with a qualifier ("visitas", "evento comunitario", "Reunión 1:1") read as the schema's."""

from __future__ import annotations

import datetime as dt

from tests.integration.test_adopt_fix21o import _book, _flags
from turfbook.jobs import digest
from turfbook.jobs.registry import _connect
from turfbook.workspace import connect
from turfbook.workspace.sheets import CellWrite

TODAY = "2026-12-06"


def test_a_date_sheets_stored_month_first_in_a_day_month_sheet_is_a_problem_everywhere(emulator, config,
                                                                                       tmp_path, capsys):
    h = ["Date", "Name", "F/U date", "Notes"]
    config, run = _book(config, tmp_path, {          # typed as in the Sheets UI (USER_ENTERED), en_US
        "Contacts": [["Name"], ["P0"], ["P1"], ["P2"]],
        "Convos": [h, ["13/11/2026", "P0", "10/12/2026", ""], ["14/11/2026", "P1", "20/12/2026", ""],
                   ["15/11/2026", "P2", "25/11/2026", ""]]}, locale="en_US", typed="USER_ENTERED")
    stored = connect(config).sheets().read_tabs(["Convos"], render="UNFORMATTED_VALUE")["Convos"]
    assert stored[1][2] == 46307 and stored[2][2] == "20/12/2026"      # Sheets made 10/12/2026 12 October
    assert run("sheets", "adopt") == 0
    report = capsys.readouterr().out
    assert "Convos row 2, F/U date: '2026-10-12' was stored by Sheets as 12 Oct 2026" in report, report
    assert "this sheet's dates read day/month: type it as '10/12/2026" in report
    assert run("run", "overdue", "--today", TODAY) == 0
    flags = _flags(config, "Convos")
    assert flags == {"P0": "problem: follow-up due was stored by Sheets as 12 Oct 2026 but this sheet's dates "
                           "read day/month", "P1": "", "P2": "OVERDUE 11d"}, flags
    assert digest.prepare(_connect(config), today=dt.date(2026, 12, 6)).digest.follow_ups.overdue.now == 1
    # the advice works: typed with an apostrophe, Sheets keeps it as typed and it reads 10 December
    connect(config).sheets().write([CellWrite("'Convos'!C2", [["'10/12/2026"]])], input_option="USER_ENTERED")
    assert run("run", "overdue", "--today", TODAY) == 0
    assert _flags(config, "Convos") == {"P0": "", "P1": "", "P2": "OVERDUE 11d"}


def test_a_month_day_sheet_in_a_day_first_spreadsheet_the_other_way_round(emulator, config, tmp_path, capsys):
    config, run = _book(config, tmp_path, {
        "Contactos": [["Nombre"], ["Ana"], ["Bea"]],
        "Conversaciones": [["Fecha", "Nombre", "Fecha de seguimiento"], ["11/13/2026", "Ana", "12/10/2026"],
                           ["11/14/2026", "Bea", "11/25/2026"]]}, locale="es_ES", typed="USER_ENTERED")
    assert run("sheets", "adopt", "--language", "es") == 0
    assert "Sheets la guardó como 12 oct 2026" in capsys.readouterr().out   # meant 10 December (its Spanish half)
    assert run("run", "overdue", "--today", TODAY) == 0
    assert _flags(config, "Conversaciones") == {
        "Ana": "problem: follow-up due was stored by Sheets as 12 Oct 2026 but this sheet's dates read month/day",
        "Bea": "OVERDUE 11d"}


def test_a_row_pasted_above_with_its_id_leaves_the_id_with_the_original(emulator, config, tmp_path, capsys):
    h = ["Date", "Name", "F/U date", "Notes"]
    config, run = _book(config, tmp_path, {
        "Contacts": [["Name"], ["Ana Ruiz"], ["Bo Li"], ["Yul Kim"]],          # Zed is not there: a problem
        "Convos": [h, ["2026-11-27", "Ana Ruiz", "2026-12-03", "first talk"],
                   ["2026-11-28", "Bo Li", "2026-12-11", ""]]})
    assert run("sheets", "adopt") == 0
    assert run("run", "overdue", "--today", TODAY) == 0
    sheets = connect(config).sheets()
    header = sheets.read_tabs(["Convos"])["Convos"][0]
    at, flagged = chr(65 + header.index("ID")), header.index("Flagged at")
    before = sheets.read_tabs(["Convos"], render="FORMATTED_VALUE")["Convos"][1]
    # a row inserted above Ana's, her row pasted (ID included), a new person typed over it
    sheets.batch_update([{"insertDimension": {"range": {"sheetId": 1, "dimension": "ROWS", "startIndex": 1,
                                                        "endIndex": 2}}}])
    sheets.write([CellWrite("'Convos'!A2", [["2026-12-05", "Zed Moss", "2026-12-20", "from template"]]),
                  CellWrite(f"'Convos'!{at}2", [["C-000001"]])], input_option="USER_ENTERED")
    # ... and the same below Bo's, with a job's read between the paste and the check
    sheets.write([CellWrite("'Convos'!A5", [["2026-12-05", "Yul Kim", "", ""]]),
                  CellWrite(f"'Convos'!{at}5", [["C-000002"]])], input_option="RAW")
    assert run("run", "overdue", "--today", TODAY) == 0
    capsys.readouterr()
    assert run("sheets", "check") == 0
    out = capsys.readouterr().out
    assert "'Convos' row 2: ID C-000001 is copied from row 3; this copy now has its own ID, C-000003" in out, out
    assert "'Convos' row 5: ID C-000002 is copied from row 4; this copy now has its own ID, C-000004" in out, out
    assert run("run", "overdue", "--today", TODAY) == 0
    rows = sheets.read_tabs(["Convos"], render="FORMATTED_VALUE")["Convos"]
    ids = {r[1]: r[header.index("ID")] for r in rows[1:]}
    assert ids == {"Zed Moss": "C-000003", "Ana Ruiz": "C-000001", "Bo Li": "C-000002", "Yul Kim": "C-000004"}
    ana = next(r for r in rows if r[1] == "Ana Ruiz")
    assert ana[flagged] == before[flagged] and ana[header.index("Status")] == "OVERDUE 3d"
    problems = next(i for i, name in enumerate(header) if "roblem" in name)
    zed = next(r for r in rows if r[1] == "Zed Moss")
    assert "Zed" not in str((ana + [""] * (problems + 1))[problems])      # Zed's problems are his row's
    assert "'Zed Moss' is not in" in zed[problems] and "copied from row 3" in zed[problems]


def test_a_problem_status_says_why_times_and_kinds_as_people_type_them(emulator, config, tmp_path, capsys):
    h = ["Fecha", "Nombre", "Tipo", "Fecha de seguimiento"]
    config, run = _book(config, tmp_path, {
        "Contactos": [["Nombre"], ["Ana"], ["Bea"], ["Cy"], ["Di"], ["Eva"]],
        "Conversaciones": [h, ["13/11/2026", "Ana", "visitas", "10/12/2026 10:00 a. m."],
                           ["13/11/2026", "Bea", "evento comunitario", "01/12/2026 18:00 h"],
                           ["13/11/2026", "Cy", "Reunión 1:1", "3/12"],
                           ["13/11/2026", "Di", "llamadas telefónicas", "2026-11-30"],
                           ["13/11/2026", "Eva", "paseo", ""]]}, locale="es_ES")
    assert run("sheets", "adopt", "--language", "es") == 0
    report = capsys.readouterr().out
    assert "'paseo' no es uno de" in report and "'visitas' no es uno de" not in report, report  # in Spanish: a21p 11
    assert "no es uno de" not in report.replace("'paseo' no es uno de", ""), report
    assert run("run", "overdue", "--today", TODAY) == 0
    assert _flags(config, "Conversaciones") == {"Ana": "", "Bea": "OVERDUE 5d",
                                                "Cy": "problem: follow-up due has no year", "Di": "OVERDUE 6d",
                                                "Eva": ""}
    snapshot = digest.prepare(_connect(config), today=dt.date(2026, 12, 6)).book.snapshot
    assert [r.values["kind"] for r in snapshot.tabs["Conversations"].rows][:4] == [
        "house visit", "event", "one-on-one", "phone bank"]


def test_a_tie_says_so_in_the_status(emulator, config, tmp_path):
    config, run = _book(config, tmp_path, {
        "Contacts": [["Name"], ["Ana"], ["Bea"], ["Cy"]],
        "Convos": [["Date", "Name", "F/U date"], ["13/11/2026", "Ana", "12/10/2026"],
                   ["14/11/2026", "Bea", "11/30/2026"], ["11/15/2026", "Cy", "12/01/2026"]]}, locale="en_US")
    assert run("sheets", "adopt") == 0
    assert run("run", "overdue", "--today", TODAY) == 0
    tie = "problem: follow-up due could be day/month or month/day"
    assert _flags(config, "Convos") == {"Ana": tie, "Bea": "OVERDUE 6d", "Cy": tie}
